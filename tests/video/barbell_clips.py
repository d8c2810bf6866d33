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
from hipthrust_testkit.synth import CameraSpec, RepSpec, SyntheticSet, generate_set, plain_set
from hipthrust_testkit.synth.camera import fit_distance
from hipthrust_testkit.synth.generate import frames_world
from hipthrust_testkit.synth.noise import NoiseSpec
from video.clips import QUICK_REP, frames_of, rendered_set, write_clip

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


def draw_iron_plate(frame: NDArray[np.uint8], centre: NDArray[np.float64], radius: float) -> None:
    """A small grey iron plate: a raised outer lip, a recessed face with a printed ring, and
    the bar's sleeve through the hub."""
    c = (round(float(centre[0])), round(float(centre[1])))
    cv2.circle(frame, c, round(float(radius)), (70, 72, 78), -1, cv2.LINE_AA)
    cv2.circle(frame, c, round(float(0.82 * radius)), (48, 50, 55), -1, cv2.LINE_AA)
    cv2.circle(frame, c, round(float(0.55 * radius)), (150, 150, 150), 1, cv2.LINE_AA)
    cv2.circle(frame, c, max(2, round(float(0.2 * radius))), (185, 185, 190), -1, cv2.LINE_AA)


def small_plate_clip(
    reps: int = 3,
    width: int = 640,
    height: int = 360,
    plate_m: float = 0.25,
    seed: int = 1,
) -> BarbellClip:
    """A bench hip thrust with a small iron plate (``plate_m`` across) over the near hip. A
    small plate hides the hip only: the fooled landmarks put both hips on the plate half a
    radius below its hub (the development photos' fooled hips lay 0.1-0.6 radii from the
    centre), the knees, shins and feet where they are."""
    synthetic = rendered_set(reps, width, height, exercise="hip_thrust", seed=seed)
    clean = synthetic.clean
    near = synthetic.near_side
    radius = plate_m / 2 / synthetic.scale_m_per_px
    hub = clean.xy[:, _INDEX[f"{near}_hip"]].copy()
    scene = Scene(clean.width, clean.height)
    frames = []
    for i in range(clean.n_frames):
        frame = render_scene(scene, [Figure(clean.xy[i], near)])
        draw_iron_plate(frame, hub[i], radius)
        frames.append(frame)
    xy = clean.xy.copy()
    for side in ("left", "right"):
        xy[:, _INDEX[f"{side}_hip"]] = hub + np.asarray([0.0, 0.5 * radius])
    return BarbellClip(synthetic, hub, radius, frames, replace(clean, xy=xy))


def dumbbell_clip(reps: int = 2, width: int = 640, height: int = 360, seed: int = 1) -> BarbellClip:
    """A dumbbell hip thrust: a 12.5 kg round dumbbell (heads 15 cm across) held across the hips,
    its near head seen end-on over the near hip (a circle), and the landmarks as they are. No
    plate: nothing should be found."""
    synthetic = rendered_set(reps, width, height, exercise="hip_thrust", seed=seed)
    clean = synthetic.clean
    near = synthetic.near_side
    radius = 0.15 / 2 / synthetic.scale_m_per_px
    hub = clean.xy[:, _INDEX[f"{near}_hip"]].copy()
    scene = Scene(clean.width, clean.height)
    frames = []
    for i in range(clean.n_frames):
        frame = render_scene(scene, [Figure(clean.xy[i], near)])
        c = (round(float(hub[i, 0])), round(float(hub[i, 1])))
        cv2.circle(frame, c, round(float(radius)), (35, 35, 38), -1, cv2.LINE_AA)
        cv2.circle(frame, c, round(float(0.3 * radius)), (120, 120, 125), -1, cv2.LINE_AA)
        frames.append(frame)
    return BarbellClip(synthetic, hub, radius, frames, clean)


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


@dataclass(frozen=True, eq=False)
class UprightClip:
    synthetic: SyntheticSet
    frames: list[NDArray[np.uint8]]
    fooled: PoseSequence  # the ankles dragged onto the upright
    upright_x: tuple[int, int]

    def film(self, path: Path) -> Path:
        return write_clip(path, self.frames, list(self.synthetic.clean.t))


def upright_clip(
    reps: int = 3,
    width: int = 640,
    height: int = 360,
    dragged: str = "tops",
    seed: int = 1,
    rep: RepSpec = QUICK_REP,
) -> UprightClip:
    """A bench hip thrust filmed through a rack: a dark upright 8 cm wide (a rack's upright is
    7.5-8 cm) standing in front of both shins, from the floor to just under the knees, and the
    landmarks a pose model gives when it cannot see the shins: both ankles pulled up the shin
    onto the upright's edge, halfway between knee and foot (issue 14: "the ankle drawn
    mid-shin"). ``dragged``: "tops" in the top frames only (the shin jumps with the feet
    unmoved), "always" in every frame. ``rep``: each rep's timing (a 0.6 s hold by default)."""
    synthetic = rendered_set(reps, width, height, exercise="hip_thrust", seed=seed, rep=rep)
    clean = synthetic.clean
    near = synthetic.near_side
    knee = clean.xy[:, _INDEX[f"{near}_knee"]]
    ankle = clean.xy[:, _INDEX[f"{near}_ankle"]]
    half = 0.04 / synthetic.scale_m_per_px
    mid = float(np.median(0.5 * (knee[:, 0] + ankle[:, 0])))
    x0, x1 = round(mid - half), round(mid + half)
    top_y = round(float(np.max(knee[:, 1])) + 0.15 * float(np.median(ankle[:, 1] - knee[:, 1])))
    scene = Scene(clean.width, clean.height)
    frames = []
    for i in range(clean.n_frames):
        frame = render_scene(scene, [Figure(clean.xy[i], near)])
        cv2.rectangle(frame, (x0, top_y), (x1, height - 1), (58, 60, 66), -1)
        frames.append(frame)
    hip_y = clean.xy[:, _INDEX[f"{near}_hip"], 1]
    low, high = float(np.min(hip_y)), float(np.max(hip_y))
    pulled = hip_y < low + 0.3 * (high - low) if dragged == "tops" else np.ones(hip_y.size, bool)
    xy = clean.xy.copy()
    for side in ("left", "right"):
        k, a = _INDEX[f"{side}_knee"], _INDEX[f"{side}_ankle"]
        mid_shin = 0.5 * (xy[:, k] + xy[:, a])
        mid_shin[:, 0] = x1  # on the upright's edge
        xy[pulled, a] = mid_shin[pulled]
        for foot in ("heel", "foot_index"):
            f = _INDEX[f"{side}_{foot}"]
            xy[pulled, f] = clean.xy[pulled, f]  # the shoes show beside the upright
    return UprightClip(synthetic, frames, replace(clean, xy=xy), (x0, x1))


def bodyweight_clip(
    reps: int = 2, width: int = 640, height: int = 360, seed: int = 1
) -> BarbellClip:
    """The same bench hip thrust with nothing over the hips, and the landmarks as they are."""
    synthetic = rendered_set(reps, width, height, exercise="hip_thrust", seed=seed)
    clean = synthetic.clean
    hub = clean.xy[:, _INDEX[f"{synthetic.near_side}_hip"]].copy()
    scene = Scene(clean.width, clean.height)
    frames = [
        render_scene(scene, [Figure(clean.xy[i], synthetic.near_side)])
        for i in range(clean.n_frames)
    ]
    return BarbellClip(synthetic, hub, 0.0, frames, clean)


@dataclass(frozen=True, eq=False)
class ObliqueClip:
    synthetic: SyntheticSet
    frames: list[NDArray[np.uint8]]
    fooled: PoseSequence  # the near foot drawn up the shin at the tops

    def film(self, path: Path) -> Path:
        return write_clip(path, self.frames, list(self.synthetic.clean.t))


def turned_set(exercise: str, yaw_deg: float, reps: int = 3, seed: int = 3) -> SyntheticSet:
    """A set filmed ``yaw_deg`` off the side (640x360, 30 fps, the camera at hip height), the
    camera backed off until the whole body is in frame."""
    camera = CameraSpec(width=640, height=360, fps=30.0, yaw_deg=yaw_deg, height_m=0.5)
    rep = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.0, pause_s=0.5)
    noise = NoiseSpec(jitter_px=0.6, far_side_offset_px=1.0)
    spec = plain_set(exercise, reps, (), rep=rep, camera=camera, noise=noise)
    distance = max(2.0, fit_distance(frames_world(spec), camera))
    spec = replace(spec, camera=replace(camera, distance_m=distance))
    return generate_set(spec, np.random.default_rng(seed))


def oblique_clip(yaw_deg: float = 35.0, reps: int = 3) -> ObliqueClip:
    """A bench hip thrust filmed ``yaw_deg`` off the side, and the landmarks BlazePose gives
    there 35-45 deg off (rendered footage): both ankles, heels and toes drawn up the shins
    to half its length at the tops (the hips in the top 30% of their travel), the feet unmoved;
    the far shoulder and hip drawn close to the near ones (BlazePose reads the turn from their
    separation as 2-6 deg); the rest as the noisy synthetic landmarks."""
    synthetic = turned_set("hip_thrust", yaw_deg, reps)
    near = synthetic.near_side
    pose = synthetic.pose
    hip_y = synthetic.clean.xy[:, _INDEX[f"{near}_hip"], 1]
    low, high = float(np.min(hip_y)), float(np.max(hip_y))
    top = hip_y < low + 0.3 * (high - low)
    xy = pose.xy.copy()
    for side in ("left", "right"):
        knee = xy[:, _INDEX[f"{side}_knee"]]
        for joint in ("ankle", "heel", "foot_index"):
            j = _INDEX[f"{side}_{joint}"]
            xy[top, j] = xy[top, j] + 0.5 * (knee[top] - xy[top, j])
    far = "left" if near == "right" else "right"
    for joint in ("shoulder", "hip"):
        n, f = _INDEX[f"{near}_{joint}"], _INDEX[f"{far}_{joint}"]
        xy[:, f] = xy[:, n] + 0.1 * (xy[:, f] - xy[:, n])
    frames = frames_of(synthetic.clean, near)
    return ObliqueClip(synthetic, frames, replace(pose, xy=xy))
