"""A synthetic barbell set on film: a drawn lifter with a plate over the hips, and the landmarks
a pose model gives when the plate hides the hip (motion.md: the hip on the plate's hub, the knee
somewhere on the plate)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import SyntheticSet
from video.clips import rendered_set, write_clip

_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}
PLATE_M = 0.45


@dataclass(frozen=True, eq=False)
class BarbellClip:
    synthetic: SyntheticSet
    hub: NDArray[np.float64]  # (n, 2) the plate's centre per frame
    radius_px: float
    frames: list[NDArray[np.uint8]]
    fooled: PoseSequence  # what the pose model gives

    def film(self, path: Path) -> Path:
        return write_clip(path, self.frames, list(self.synthetic.clean.t))


def draw_plate(frame: NDArray[np.uint8], centre: NDArray[np.float64], radius: float) -> None:
    c = (round(float(centre[0])), round(float(centre[1])))
    cv2.circle(frame, c, round(float(radius)), (30, 50, 120), -1, cv2.LINE_AA)
    cv2.circle(frame, c, round(float(0.35 * radius)), (90, 110, 170), -1, cv2.LINE_AA)
    cv2.circle(frame, c, max(2, round(float(0.08 * radius))), (200, 200, 200), -1, cv2.LINE_AA)


def draw_bumper(
    frame: NDArray[np.uint8], centre: NDArray[np.float64], radius: float, off_side_deg: float
) -> None:
    """A black 45 cm bumper plate with a small steel hub, seen ``off_side_deg`` off the side
    (the camera turned about the vertical: an ellipse as tall as the plate, narrower)."""
    c = (round(float(centre[0])), round(float(centre[1])))
    squash = np.cos(np.radians(off_side_deg))
    axes = (round(float(radius * squash)), round(float(radius)))
    cv2.ellipse(frame, c, axes, 0, 0, 360, (22, 22, 24), -1, cv2.LINE_AA)
    hub = (max(2, round(float(0.18 * radius * squash))), max(2, round(float(0.18 * radius))))
    cv2.ellipse(frame, c, hub, 0, 0, 360, (160, 160, 165), -1, cv2.LINE_AA)


def bumper_clip(
    reps: int = 3, width: int = 360, height: int = 640, off_side_deg: float = 35.0, seed: int = 1
) -> BarbellClip:
    """A portrait phone clip of a bench hip thrust with a black 45 cm bumper plate hiding the
    whole hip and thigh, seen ``off_side_deg`` off the side, and the fooled landmarks (as
    ``barbell_clip``)."""
    return barbell_clip(reps, width, height, seed, off_side_deg)


def barbell_clip(
    reps: int = 3,
    width: int = 640,
    height: int = 360,
    seed: int = 1,
    bumper_off_side_deg: float | None = None,
) -> BarbellClip:
    """A bench hip thrust with a 45 cm plate centred on the near hip, and the fooled landmarks:
    both hips on the plate's hub, both knees on the plate 0.6 radii from it toward the ankle.
    ``bumper_off_side_deg``: a black bumper plate seen that far off the side instead."""
    synthetic = rendered_set(reps, width, height, exercise="hip_thrust", seed=seed)
    clean = synthetic.clean
    near = synthetic.near_side
    radius = PLATE_M / 2 / synthetic.scale_m_per_px
    hub = clean.xy[:, _INDEX[f"{near}_hip"]].copy()
    scene = Scene(clean.width, clean.height)
    frames = []
    for i in range(clean.n_frames):
        frame = render_scene(scene, [Figure(clean.xy[i], near)])
        if bumper_off_side_deg is None:
            draw_plate(frame, hub[i], radius)
        else:
            draw_bumper(frame, hub[i], radius, bumper_off_side_deg)
        frames.append(frame)
    xy = clean.xy.copy()
    for side in ("left", "right"):
        xy[:, _INDEX[f"{side}_hip"]] = hub
        toward = clean.xy[:, _INDEX[f"{side}_ankle"]] - hub
        toward /= np.linalg.norm(toward, axis=1, keepdims=True)
        xy[:, _INDEX[f"{side}_knee"]] = hub + 0.6 * radius * toward
    return BarbellClip(synthetic, hub, radius, frames, replace(clean, xy=xy))
