"""Short test videos made on the spot: synthetic lifters drawn as mannequins, encoded with PyAV.

``rendered_set`` gives a synthetic set (known reps) and ``write_clip`` films it: any frame
times (variable frame rates), rotation metadata (a portrait phone video stored sideways), a
second person, or nobody at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import PoseSequence
from hipthrust.video.pose_model import FakeEstimator, FramePose
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import CameraSpec, RepSpec, SyntheticSet, generate_set, plain_set

QUICK_REP = RepSpec(concentric_s=0.7, hold_s=0.6, eccentric_s=0.9, pause_s=0.4)


def rendered_set(
    reps: int = 3,
    width: int = 480,
    height: int = 270,
    fps: float = 30.0,
    exercise: str = "glute_bridge",
    seed: int = 1,
    rep: RepSpec = QUICK_REP,
) -> SyntheticSet:
    camera = CameraSpec(width=width, height=height, fps=fps)
    spec = plain_set(exercise, reps, rep=rep, camera=camera)
    return generate_set(spec, np.random.default_rng(seed))


def frames_of(
    pose: PoseSequence, near: str, others: Sequence[PoseSequence] = ()
) -> list[NDArray[np.uint8]]:
    scene = Scene(pose.width, pose.height)
    out = []
    for i in range(pose.n_frames):
        figures = [Figure(pose.xy[i], near)]
        figures += [Figure(o.xy[i], near, shirt=(160, 40, 40)) for o in others]
        out.append(render_scene(scene, figures))
    return out


def shifted(pose: PoseSequence, dx: float, dy: float, scale: float = 1.0) -> PoseSequence:
    """The same person scaled about the frame's top-left corner and moved by (dx, dy)."""
    xy = pose.xy * scale + np.array([dx, dy])
    return replace(pose, xy=xy)


def write_clip(
    path: Path,
    frames: Sequence[NDArray[np.uint8]],
    times: Sequence[float],
    rotation_deg: int = 0,
    codec: str = "libx264",
    faststart: bool = True,
) -> Path:
    """Encode upright RGB ``frames`` at ``times``; with ``rotation_deg`` (counter-clockwise,
    as in a display matrix) the frames are stored turned the other way, as a phone does."""
    k = (-rotation_deg // 90) % 4
    stored = [np.ascontiguousarray(np.rot90(f, k)) for f in frames]
    height, width = stored[0].shape[:2]
    options = {"movflags": "+faststart"} if faststart else {}
    container = av.open(str(path), "w", format="mp4", options=options)
    stream = container.add_stream(codec, rate=30)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.time_base = Fraction(1, 90000)
    stream.codec_context.time_base = Fraction(1, 90000)
    if rotation_deg:
        stream.set_display_rotation(rotation_deg)
    for frame, t in zip(stored, times, strict=True):
        video_frame = av.VideoFrame.from_ndarray(frame, format="rgb24")
        video_frame.pts = round(t * 90000)
        video_frame.time_base = Fraction(1, 90000)
        for packet in stream.encode(video_frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def film(
    path: Path,
    synthetic: SyntheticSet,
    rotation_deg: int = 0,
    others: Sequence[PoseSequence] = (),
) -> Path:
    pose = synthetic.clean
    return write_clip(
        path, frames_of(pose, synthetic.near_side, others), list(pose.t), rotation_deg
    )


class OrderedFake(FakeEstimator):
    """A fake estimator that fails if frames come out of time order (video mode needs it)."""

    def __init__(self, sequence: PoseSequence) -> None:
        super().__init__(sequence)
        self.last_t = -np.inf

    def estimate(self, frame_rgb: NDArray[np.uint8], t_s: float) -> FramePose | None:
        if t_s <= self.last_t:
            raise AssertionError(f"frame at {t_s} s after one at {self.last_t} s")
        self.last_t = t_s
        return super().estimate(frame_rgb, t_s)
