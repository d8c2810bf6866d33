"""Drawing a flat, cartoon person from 33 landmarks: test footage with a known truth.

The synthetic motion generator (``hipthrust_testkit.synth``) gives landmarks whose true angles
are known; drawn as a person (limbs as thick strokes, a torso, a head with hair and an eye)
they become frames BlazePose detects and tracks, so the whole video pipeline can be tested end
to end without real footage. Used by the tests and by ``benchmarks/analyze_speed.py``.

Behind the figures, ``Scene.background`` draws a plain wall and floor, a white studio, or a
cluttered gym (``hipthrust_testkit.backdrop``: racks, benches, plates, a mirror, a textured floor
and a still bystander, laid out from ``Scene.seed``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33

__all__ = ["Figure", "Scene", "draw_figure", "render_scene"]

RGB = tuple[int, int, int]
_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}


@dataclass(frozen=True)
class Figure:
    """One person's landmarks ``(33, 2)`` in pixels, with the side facing the camera."""

    xy: NDArray[np.float64]
    near: str = "right"
    shirt: RGB = (40, 80, 160)
    trousers: RGB = (40, 40, 50)
    skin: RGB = (224, 172, 140)


@dataclass(frozen=True)
class Scene:
    width: int
    height: int
    wall: RGB = (200, 205, 210)
    floor: RGB = (120, 100, 90)
    floor_from: float = 0.8  # fraction of the height where the floor starts
    # "plain" (``wall`` and ``floor``), "studio" (white) or "gym" (cluttered, from ``seed``)
    background: str = "plain"
    seed: int = 0


def _shade(colour: RGB, k: float) -> RGB:
    return (int(colour[0] * k), int(colour[1] * k), int(colour[2] * k))


def draw_figure(frame: NDArray[np.uint8], figure: Figure) -> NDArray[np.uint8]:
    """Draw ``figure`` onto ``frame`` (in place); the far limbs darker, behind the body."""
    xy = figure.xy
    near = figure.near
    far = "left" if near == "right" else "right"

    def p(name: str) -> tuple[int, int]:
        x, y = xy[_INDEX[name]]
        return int(x), int(y)

    trunk = float(np.linalg.norm(xy[_INDEX[f"{near}_shoulder"]] - xy[_INDEX[f"{near}_hip"]]))
    width = max(3.0, 0.28 * trunk)

    def limb(a: str, b: str, colour: RGB, k: float) -> None:
        cv2.line(frame, p(a), p(b), colour, max(1, int(width * k)), cv2.LINE_AA)

    for side, shade in ((far, 0.75), (near, 1.0)):
        trousers, skin = _shade(figure.trousers, shade), _shade(figure.skin, shade)
        shoe = _shade((30, 30, 30), shade)
        limb(f"{side}_hip", f"{side}_knee", trousers, 1.1)
        limb(f"{side}_knee", f"{side}_ankle", trousers, 0.8)
        limb(f"{side}_ankle", f"{side}_foot_index", shoe, 0.5)
        limb(f"{side}_heel", f"{side}_foot_index", shoe, 0.5)
        if side == near:
            torso = np.array(
                [p(f"{near}_shoulder"), p(f"{far}_shoulder"), p(f"{far}_hip"), p(f"{near}_hip")],
                dtype=np.int32,
            )
            cv2.fillConvexPoly(frame, torso, figure.shirt, cv2.LINE_AA)
            limb(f"{near}_shoulder", f"{near}_hip", figure.shirt, 1.6)
        limb(f"{side}_shoulder", f"{side}_elbow", skin, 0.6)
        limb(f"{side}_elbow", f"{side}_wrist", skin, 0.5)
    ear, nose = xy[_INDEX[f"{near}_ear"]], xy[_INDEX["nose"]]
    centre = (ear + nose) / 2
    radius = int(max(float(np.linalg.norm(ear - nose)) * 0.9, width * 0.8))
    limb(f"{near}_shoulder", f"{near}_ear", figure.skin, 0.7)
    cv2.circle(frame, (int(centre[0]), int(centre[1])), radius, figure.skin, -1, cv2.LINE_AA)
    hair = centre + (ear - nose) / 3
    cv2.circle(frame, (int(hair[0]), int(hair[1])), int(radius * 0.9), (60, 40, 30), -1)
    cv2.circle(frame, p(f"{near}_eye"), max(2, radius // 8), (30, 30, 30), -1)
    return frame


@functools.lru_cache(maxsize=8)
def _backdrop(scene: Scene) -> NDArray[np.uint8]:
    """The still background of ``scene`` (drawn once per scene: the camera does not move)."""
    from hipthrust_testkit import backdrop

    if scene.background not in ("plain", "studio", "gym"):
        raise ValueError(f"background must be plain, studio or gym, not {scene.background!r}")
    frame = np.empty((scene.height, scene.width, 3), dtype=np.uint8)
    floor_y = int(scene.height * scene.floor_from)
    if scene.background == "studio":
        backdrop.draw_studio(frame, floor_y)
    elif scene.background == "gym":
        backdrop.draw_gym(frame, floor_y, np.random.default_rng(scene.seed))
    else:
        frame[:] = scene.wall
        frame[floor_y:] = scene.floor
    frame.setflags(write=False)
    return frame


def render_scene(scene: Scene, figures: Iterable[Figure]) -> NDArray[np.uint8]:
    """The background, then the figures, as an RGB frame ``(height, width, 3)``."""
    frame = _backdrop(scene).copy()
    for figure in figures:
        if np.isfinite(figure.xy).all():
            draw_figure(frame, figure)
    return frame
