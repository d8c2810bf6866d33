"""A real ``hipthrust worker`` (settings from the environment, Huey's consumer, the sweep) whose
analyses misbehave, for the supervisor's tests: ``python -m jobs.misbehaving_worker MODE``.

- ``exit``: the pose estimator ends the process on the first frame, as running out of memory
  or a decoder crash would (``os._exit``: no clean-up, no result written);
- ``slow``: the pose estimator takes a second a frame and sees nobody.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time

from hipthrust.jobs.analysis import run_analysis
from hipthrust.jobs.supervisor import follow_supervisor
from hipthrust.jobs.worker import run_worker
from hipthrust.settings import load_settings
from hipthrust.video.pipeline import VideoSettings
from hipthrust.video.track import TrackSettings

ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1), barbell=None)
EXIT_STATUS = 70


class EndsTheProcess:
    def estimate(self, frame_rgb: object, t_s: float) -> None:
        os._exit(EXIT_STATUS)


class SeesNobodySlowly:
    def estimate(self, frame_rgb: object, t_s: float) -> None:
        time.sleep(1.0)


def main(mode: str) -> None:
    follow_supervisor()
    logging.basicConfig(level=logging.WARNING)
    estimator = {"exit": EndsTheProcess, "slow": SeesNobodySlowly}[mode]
    runner = functools.partial(
        run_analysis, make_estimator=estimator, make_second_look=None, settings=ONE_PROCESS
    )
    run_worker(load_settings(), runner=runner)


if __name__ == "__main__":
    main(sys.argv[1])
