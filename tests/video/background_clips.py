"""Rendered clips of issue 14's awkward subjects: the lifter in front of a white studio or a
cluttered gym (``hipthrust_testkit.backdrop``), or spanning only a small share of the frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hipthrust.motion.pose import PoseSequence
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import CameraSpec, RepSpec, SyntheticSet, generate_set, plain_set
from video.clips import shifted, write_clip

# Reps with a hold long enough to measure (the quick reps' 0.6 s holds read short through
# BlazePose's smoothing: docs/video.md).
HELD = RepSpec(concentric_s=0.7, hold_s=1.2, eccentric_s=0.9, pause_s=0.5)


@dataclass(frozen=True, eq=False)
class BackgroundClip:
    synthetic: SyntheticSet
    drawn: PoseSequence  # the landmarks as drawn (moved and scaled for a small subject)
    scene: Scene

    @property
    def span(self) -> float:
        """The lifter's share of the frame's width (the landmarks' extent over the clip)."""
        x = self.drawn.xy[:, :, 0]
        return float(np.nanmax(x) - np.nanmin(x)) / self.drawn.width

    def film(self, path: Path) -> Path:
        near = self.synthetic.near_side
        frames = [
            render_scene(self.scene, [Figure(self.drawn.xy[i], near)])
            for i in range(self.drawn.n_frames)
        ]
        return write_clip(path, frames, list(self.drawn.t))


def background_clip(
    background: str = "plain",
    seed: int = 1,
    share: float | None = None,
    reps: int = 3,
    width: int = 640,
    height: int = 360,
    exercise: str = "glute_bridge",
    rep: RepSpec = HELD,
    shin_tilt_deg: float | None = None,
) -> BackgroundClip:
    """A set of ``reps`` clean reps (no fault) drawn over ``background`` ("plain", "studio" or
    "gym", laid out from ``seed``); ``share``: the lifter scaled about its middle to span that
    share of the frame's width (None: as filmed, about 0.37). The floor is drawn under the
    lifter's feet. ``shin_tilt_deg`` None: a bridge's feet out so the knees bend about 76° at
    the top (the synthetic default, 59.5°, lies 4.5° from the 55° feet-too-close line, which
    BlazePose's reading of the drawn knee crosses: docs/video.md), a hip thrust's shins
    vertical."""
    camera = CameraSpec(width=width, height=height, fps=30.0)
    if shin_tilt_deg is None:
        shin_tilt_deg = 15.0 if exercise == "glute_bridge" else 0.0
    spec = plain_set(exercise, reps, rep=rep, camera=camera, shin_tilt_deg=shin_tilt_deg)
    synthetic = generate_set(spec, np.random.default_rng(seed))
    drawn = synthetic.clean
    if share is not None:
        x, y = drawn.xy[:, :, 0], drawn.xy[:, :, 1]
        scale = share * width / float(np.nanmax(x) - np.nanmin(x))
        middle = np.array([np.nanmax(x) + np.nanmin(x), np.nanmax(y) + np.nanmin(y)]) / 2
        dx, dy = np.array([width, height]) / 2 - scale * middle
        drawn = shifted(drawn, float(dx), float(dy), scale)
    feet = float(np.nanmax(drawn.xy[:, :, 1])) / height
    floor = min(0.95, feet + 0.01)
    scene = Scene(width, height, floor_from=floor, background=background, seed=seed)
    return BackgroundClip(synthetic, drawn, scene)
