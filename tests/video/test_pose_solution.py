"""The pose solution imported alone: what the fork server preloads before any pose process."""

from __future__ import annotations

import os
import subprocess
import sys

_PROBE = """
import sys
import numpy as np
from hipthrust.video.pose_solution import load_pose_solution
from hipthrust.video.pose_model import BlazePose, silenced_stderr
with silenced_stderr():
    pose = load_pose_solution()
    with BlazePose() as model:
        found = model.estimate(np.zeros((360, 640, 3), np.uint8), 0.0)
print(pose.__name__, found is None, "matplotlib" in sys.modules, "mediapipe.tasks" in sys.modules)
"""


def test_the_pose_solution_loads_without_matplotlib_or_the_tasks_api() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    # The model runs (nobody in a black frame), and what the skipped package inits import
    # (the other solutions' pyplot, the Tasks API: 0.7 s of CPU in the fork server) is absent.
    assert done.stdout.split() == ["mediapipe.python.solutions.pose", "True", "False", "False"]
