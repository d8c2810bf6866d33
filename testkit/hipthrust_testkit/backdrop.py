"""Backgrounds behind the mannequin: a white studio and a cluttered gym (issue 14's "white or
cluttered backgrounds").

The gym is laid out from a seeded generator, so each seed is a different room and the same
seed the same room: a wall (a colour from a palette) with a mirror and posters, one or two
power racks (upright posts with their holes, a crossbar, a loaded bar on the hooks), a flat
bench, plates leaning on the wall, a dumbbell row, a rubber or wooden floor with tiles and
speckle, and a bystander standing still, far back and smaller than the lifter. Everything is
drawn behind the figures, so racks and benches cross behind the lifter's body. Sizes are
fractions of the frame's height (the frame keeps its look at any resolution).
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust_testkit.mannequin import Figure, draw_figure

__all__ = ["draw_gym", "draw_studio", "standing_person"]

RGB = tuple[int, int, int]
Frame = NDArray[np.uint8]
_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}

_WALLS: tuple[RGB, ...] = (
    (182, 182, 176),
    (150, 156, 162),
    (206, 196, 176),
    (92, 96, 102),
    (226, 226, 220),
    (120, 136, 120),
)
_FLOORS: tuple[RGB, ...] = ((46, 46, 48), (64, 62, 60), (150, 112, 76), (86, 90, 96))
_BUMPERS: tuple[RGB, ...] = (
    (24, 24, 26),
    (170, 36, 36),
    (36, 70, 160),
    (40, 130, 60),
    (210, 180, 40),
)
_STEEL: RGB = (150, 152, 158)


def draw_studio(frame: Frame, floor_y: int) -> Frame:
    """A white studio: a white wall curving into a barely greyer floor (a cyclorama)."""
    height = frame.shape[0]
    frame[:] = (250, 250, 250)
    rows = np.arange(height)
    shade = 250 - 12 * np.clip((rows - floor_y + 0.08 * height) / (0.16 * height), 0, 1)
    frame[:] = shade.astype(np.uint8)[:, None, None]
    return frame


def standing_person(
    feet_x: float, feet_y: float, height_px: float, facing: int = 1
) -> NDArray[np.float64]:
    """Landmarks ``(33, 2)`` of a person standing seen from the side, feet at (feet_x, feet_y),
    ``height_px`` tall, facing right (``facing`` 1) or left (-1); the right side nearer."""
    h = height_px
    xy = np.zeros((len(MEDIAPIPE_33), 2))

    def put(name: str, dx: float, up: float) -> None:
        xy[_INDEX[name]] = (feet_x + facing * dx * h, feet_y - up * h)

    for side, lean in (("right", 0.0), ("left", -0.015)):
        put(f"{side}_shoulder", lean, 0.82)
        put(f"{side}_elbow", lean - 0.01, 0.63)
        put(f"{side}_wrist", lean + 0.02, 0.48)
        for hand in ("pinky", "index", "thumb"):
            put(f"{side}_{hand}", lean + 0.025, 0.45)
        put(f"{side}_hip", lean, 0.53)
        put(f"{side}_knee", lean + 0.01, 0.285)
        put(f"{side}_ankle", lean, 0.04)
        put(f"{side}_heel", lean - 0.03, 0.01)
        put(f"{side}_foot_index", lean + 0.1, 0.0)
        put(f"{side}_ear", lean - 0.01, 0.92)
        put(f"{side}_eye", lean + 0.04, 0.935)
        put(f"{side}_eye_inner", lean + 0.045, 0.935)
        put(f"{side}_eye_outer", lean + 0.035, 0.935)
    put("nose", 0.06, 0.92)
    put("mouth_left", 0.045, 0.895)
    put("mouth_right", 0.045, 0.895)
    return xy


def _colour(rng: np.random.Generator, palette: tuple[RGB, ...]) -> RGB:
    return palette[int(rng.integers(len(palette)))]


def _jitter(colour: RGB, rng: np.random.Generator, spread: int = 18) -> RGB:
    c = np.clip(np.asarray(colour) + rng.integers(-spread, spread + 1, 3), 0, 255)
    return (int(c[0]), int(c[1]), int(c[2]))


def _floor(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    base = _jitter(_colour(rng, _FLOORS), rng, 10)
    frame[floor_y:] = base
    depth = height - floor_y
    # tiles: rows closer together toward the wall, seams converging on a far vanishing point
    y = float(floor_y)
    step = 0.06 * depth
    seam = tuple(max(0, c - 22) for c in base)
    while y < height:
        cv2.line(frame, (0, round(y)), (width, round(y)), seam, 1, cv2.LINE_AA)
        step *= 1.5
        y += step
    vanish = (width * rng.uniform(0.3, 0.7), floor_y - 2.0 * height)
    for x in np.arange(-width, 2 * width, 0.12 * width):
        # from the wall's foot toward the camera, on a line through the vanishing point
        dx = (x - vanish[0]) / (height - vanish[1])
        top = vanish[0] + dx * (floor_y - vanish[1])
        cv2.line(frame, (round(top), floor_y), (round(x), height), seam, 1, cv2.LINE_AA)
    speckle = rng.normal(0.0, 9.0, (depth, width, 1))
    frame[floor_y:] = np.clip(frame[floor_y:] + speckle, 0, 255).astype(np.uint8)
    frame[floor_y : floor_y + max(2, depth // 40)] = tuple(max(0, c - 35) for c in base)


def _mirror(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    x0 = round(rng.uniform(-0.2, 0.6) * width)
    x1 = x0 + round(rng.uniform(0.25, 0.6) * width)
    y0 = round(rng.uniform(0.06, 0.2) * height)
    y1 = floor_y - round(0.04 * height)
    x0c, x1c = max(0, x0), min(width, x1)
    if x1c <= x0c:
        return
    rows = np.linspace(0.0, 1.0, y1 - y0)[:, None, None]
    top, bottom = np.array([200, 212, 218]), np.array([150, 160, 168])
    frame[y0:y1, x0c:x1c] = (top * (1 - rows) + bottom * rows).astype(np.uint8)
    for k in range(3):  # light streaks across the glass
        xs = rng.uniform(x0c, x1c)
        cv2.line(
            frame,
            (round(xs), y0),
            (round(xs + 0.2 * (y1 - y0)), y1),
            (228, 234, 238),
            max(1, round(0.01 * height * (k + 1))),
            cv2.LINE_AA,
        )
    edge = max(2, round(0.008 * height))
    cv2.rectangle(frame, (x0, y0), (x1, y1), (60, 60, 64), edge)


def _posters(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    for _ in range(int(rng.integers(3, 7))):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = rng.uniform(0, width), rng.uniform(0.05 * height, floor_y - 0.2 * height)
        size = rng.uniform(0.05, 0.14) * height
        if rng.random() < 0.6:
            w = size * rng.uniform(0.6, 1.6)
            p0, p1 = (round(x), round(y)), (round(x + w), round(y + size))
            cv2.rectangle(frame, p0, p1, colour, -1)
            stripe = tuple(255 - c for c in colour)
            cv2.line(frame, p0, (p1[0], p0[1] + round(0.3 * size)), stripe, 2, cv2.LINE_AA)
        else:
            cv2.circle(frame, (round(x), round(y)), round(size / 2), colour, -1, cv2.LINE_AA)


def _plate(frame: Frame, centre: tuple[float, float], radius: float, colour: RGB) -> None:
    c, r = (round(centre[0]), round(centre[1])), max(2, round(radius))
    cv2.circle(frame, c, r, colour, -1, cv2.LINE_AA)
    cv2.circle(frame, c, max(1, round(0.75 * r)), tuple(min(255, v + 25) for v in colour), 1)
    cv2.circle(frame, c, max(1, round(0.18 * r)), _STEEL, -1, cv2.LINE_AA)


def _rack(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    """A power rack seen from the front-side: two front and two back uprights with holes, a
    crossbar, and a bar on the hooks with a plate at each end."""
    height, width = frame.shape[:2]
    post = max(3, round(rng.uniform(0.018, 0.03) * height))
    colour = _jitter(_colour(rng, ((28, 28, 30), (160, 30, 30), (50, 50, 56), (30, 40, 90))), rng)
    back = tuple(max(0, c - 12) for c in colour)
    left = rng.uniform(-0.05, 0.75) * width
    span = rng.uniform(0.18, 0.3) * width
    top = round(rng.uniform(0.02, 0.12) * height)
    bottom = floor_y + round(0.02 * height)
    for x, c, low in ((left + 0.12 * span, back, floor_y), (left + span * 1.1, back, floor_y)):
        cv2.rectangle(frame, (round(x), top), (round(x) + post, low), c, -1)
    for x in (left, left + span):
        cv2.rectangle(frame, (round(x), top), (round(x) + post, bottom), colour, -1)
        for y in range(top + 3 * post, bottom - post, 2 * post):
            hole = (round(x) + post // 2, y)
            cv2.circle(frame, hole, max(1, post // 5), (200, 200, 200), -1)
    right = round(left + span * 1.1) + post
    cv2.rectangle(frame, (round(left), top), (right, top + post), colour, -1)
    bar_y = round(rng.uniform(0.35, 0.55) * height)
    if bar_y < floor_y - 0.15 * height:
        x0, x1 = round(left - 0.15 * span), round(left + 1.25 * span)
        cv2.line(frame, (x0, bar_y), (x1, bar_y), _STEEL, max(2, post // 3), cv2.LINE_AA)
        radius = rng.uniform(0.06, 0.12) * height
        for x in (x0 + 0.05 * span, x1 - 0.05 * span):
            _plate(frame, (x, bar_y), radius, _colour(rng, _BUMPERS))


def _bench(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    length = rng.uniform(0.12, 0.22) * width
    x = rng.uniform(0.0, 1.0) * width - length / 2
    seat = floor_y - rng.uniform(0.08, 0.12) * height
    pad = max(3, round(0.03 * height))
    leg = max(2, round(0.012 * height))
    steel = (70, 72, 78)
    for lx in (x + 0.1 * length, x + 0.85 * length):
        cv2.rectangle(frame, (round(lx), round(seat)), (round(lx) + leg, floor_y + 1), steel, -1)
    cv2.rectangle(frame, (round(x), round(seat) - pad), (round(x + length), round(seat)), steel, -1)
    cushion = _colour(rng, ((20, 20, 22), (140, 26, 26), (30, 30, 80)))
    x0, x1 = round(x), round(x + length)
    cv2.rectangle(frame, (x0, round(seat) - 2 * pad), (x1, round(seat) - pad), cushion, -1)


def _leaning_plates(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    x = rng.uniform(0.0, 0.8) * width
    for _ in range(int(rng.integers(2, 6))):
        radius = rng.uniform(0.04, 0.12) * height
        _plate(frame, (x, floor_y - radius + 0.01 * height), radius, _colour(rng, _BUMPERS))
        x += rng.uniform(0.3, 0.8) * radius


def _dumbbells(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    y = floor_y - rng.uniform(0.1, 0.16) * height
    x = rng.uniform(0.0, 0.7) * width
    shelf = max(2, round(0.01 * height))
    n = int(rng.integers(4, 9))
    head = 0.025 * height
    cv2.rectangle(
        frame, (round(x), round(y + head)), (round(x + n * 2.6 * head), round(y + head) + shelf),
        (80, 80, 86), -1,
    )  # fmt: skip
    for k in range(n):
        size = head * (1 + 0.08 * k)
        c = (round(x + (k * 2.6 + 1.3) * head), round(y + head - size))
        cv2.circle(frame, c, max(1, round(size)), (34, 34, 36), -1, cv2.LINE_AA)


def _bystander(frame: Frame, floor_y: int, rng: np.random.Generator) -> None:
    """Someone standing still by the wall, far back: a quarter of the frame's height tall,
    in the left or right fifth of the frame (the lifter fills the middle)."""
    height, width = frame.shape[:2]
    tall = rng.uniform(0.22, 0.28) * height
    x = rng.uniform(0.04, 0.16) * width
    x = x if rng.random() < 0.5 else width - x
    xy = standing_person(x, floor_y + 0.02 * height, tall, 1 if x < width / 2 else -1)
    shirt = tuple(int(c) for c in rng.integers(20, 230, 3))
    draw_figure(frame, Figure(xy, "right", shirt=(shirt[0], shirt[1], shirt[2])))


def draw_gym(frame: Frame, floor_y: int, rng: np.random.Generator) -> Frame:
    """A cluttered gym laid out from ``rng``: wall, mirror, posters, racks, a bench, leaning
    plates, dumbbells, a textured floor and a bystander, back to front."""
    frame[:floor_y] = _jitter(_colour(rng, _WALLS), rng, 10)
    _floor(frame, floor_y, rng)
    _mirror(frame, floor_y, rng)
    _posters(frame, floor_y, rng)
    _dumbbells(frame, floor_y, rng)
    for _ in range(int(rng.integers(1, 3))):
        _rack(frame, floor_y, rng)
    _leaning_plates(frame, floor_y, rng)
    _bench(frame, floor_y, rng)
    _bystander(frame, floor_y, rng)
    return frame
