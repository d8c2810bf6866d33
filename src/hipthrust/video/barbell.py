"""Finding the barbell's plate in a frame: the hip's stand-in and a ruler for velocity.

On a barbell hip thrust or glute bridge filmed from the side, the front plate hides the hip and
most of the thigh (motion.md, "The plate hides the hip"). The plate itself is easy to see: it is
round, large, and its rim is a strong edge. So:

1. circles come from a Hough transform on the blurred grey frame, with radii bounded by the
   person's size (a 45 cm plate is about a quarter of an adult's height);
2. each circle is checked against the picture: its centre is refitted to the edge pixels near
   it, and it is kept only when edges crossing the rim radially cover most of the rim that lies
   inside the frame (clothes folds and background clutter make arcs, not rims);
3. the plate's outer edge is the outermost such rim around that centre (bumper plates show an
   inner ring too; the 45 cm is the outer diameter);
4. the plate that sits where the bar would be is chosen: its disk holds one of the pose's hip
   guesses (the bar lies across the hip crease), preferring the best-supported rim (the front
   plate is whole; the far plate is partly hidden by the body);
5. over a clip, one plate is followed from frame to frame (``track_plate``): the choice that
   moves and changes size least wins, so a background plate seen in a few frames is not taken.

The plate's diameter (``PlateRules.diameter_m``) turns pixels into metres (``plate_scale``),
with its uncertainty.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.report import Scale

__all__ = [
    "DEFAULT_PLATE_RULES",
    "Plate",
    "PlateRules",
    "body_length_px",
    "choose_plate",
    "detect_plates",
    "detect_small_plates",
    "find_plate",
    "plate_scale",
    "radial_edges",
    "refine_plate",
    "rim_support",
    "track_plate",
]

FloatArray = NDArray[np.float64]
Point = tuple[float, float]

# MediaPipe indices of the joints used to size the search and guess the hip.
_SHOULDERS = (11, 12)
_HIPS = (23, 24)
_ANKLES = (27, 28)
# A rim's edge runs along the circle: the step across it is within 25 degrees of the radius.
_RADIAL_COS = math.cos(math.radians(25))


@dataclass(frozen=True)
class PlateRules:
    """How a plate is found and what it measures; every number can be overridden."""

    # A 20 kg / 45 lb bumper plate and most iron plates are 45 cm across (IWF: 450 mm +-1 mm;
    # iron plates vary by about a centimetre) [plate standard].
    diameter_m: float = 0.45
    diameter_error_m: float = 0.01
    # Plate radius as a share of the shoulder-to-ankle distance. That distance is 0.35-0.6 of
    # standing height over a bridge (Winter's proportions: trunk 0.288 H, thigh 0.245 H, shank
    # 0.246 H); a 45 cm plate is 0.11-0.15 H in radius for 1.5-2.0 m adults, and the front plate
    # is up to a quarter nearer the camera than the body [design].
    min_radius: float = 0.15
    max_radius: float = 0.6
    blur_sigma_px: float = 2.0
    canny_high: float = 100.0  # Hough's edge threshold (OpenCV param1)
    votes: float = 40.0  # Hough accumulator threshold (OpenCV param2) at dp 1.5
    max_circles: int = 8  # per channel searched
    # A rim pixel: a radial intensity step of at least this much (Sobel 3x3 on 0-255 values,
    # strongest colour channel) within rim_band radii of the circle [design].
    min_edge: float = 20.0
    rim_band: float = 0.03
    # Share of the rim inside the frame that must show such steps: the front plates of the
    # development photos show 0.97-1.0, circles that Hough finds in clothes and clutter at most
    # 0.7, a gym ball 0.8 (round, but nowhere near the hips) [measured]. 0.75 lets a hand or a
    # foot hide a quarter of the rim.
    min_rim_support: float = 0.75
    # The plate that carries the bar covers the hip: its centre lies within this many radii of
    # a hip guess (the pose model's hips are misplaced on the plate, rarely far off it).
    near_hip: float = 1.0
    # Frames with a longer side are shrunk to this for the search (Hough's time grows with the
    # pixel count; a 45 cm plate stays well over 50 px across) [design].
    work_side_px: int = 960
    # Relative uncertainty of the radius read off the picture (rim thickness, a plate seen a
    # little obliquely is an ellipse) [design].
    radius_error: float = 0.04
    # A plate seen obliquely (the camera up to about 55 degrees off the side) is an ellipse
    # whose minor axis is cos(angle) of its major axis; its major axis is still the plate's
    # diameter. Circles found where no circle's rim shows are refitted as ellipses down to
    # this axis ratio [design; the real portrait barbell clip of issue 14 was filmed 30-40
    # degrees off the side: 0.77-0.87].
    min_axis_ratio: float = 0.55
    # Small plates (20-30 cm across: 2.5-15 kg iron plates, printed plates) lie under the
    # radius range above. They are searched for as a second look, only when no plate of that
    # range lies over the hips, in a window around the hips, with radii as a share of the
    # lower leg's length (knee to ankle) learned from the clip's landmarks (a small plate hides
    # the hip, not the knee or the shin). The shank is 0.246 H (Winter), 0.37-0.49 m for
    # 1.5-2.0 m adults; a 20-30 cm plate is 0.10-0.15 m in radius, 0.20-0.41 shanks, and the
    # near plate is up to a tenth nearer the camera than the shin [anthropometry, design].
    # Below 0.2 shanks lie dumbbell heads (13-17 cm across for 10-20 kg) and the drawn or real
    # round ends of limbs.
    small_min_radius_per_shank: float = 0.2
    small_max_radius_per_shank: float = 0.45
    # A small circle's rim has few pixels, and round shapes near the hips (the trunk's end over
    # the buttock) reach 0.76-0.77 in rendered footage: a small plate must show more of its rim
    # than a large one [design; rendered iron plates of 20-30 cm show 0.85-0.97].
    small_min_rim_support: float = 0.85
    # A plate under this many shanks in radius is not a 45 cm plate, whichever search found it:
    # 0.225 m over shanks of 0.37-0.49 m is 0.46-0.61, less a tenth for a lifter nearer the
    # camera than the plate [anthropometry, design]. Its diameter is then unknown.
    large_min_radius_per_shank: float = 0.41
    # True when the user gave the plate's diameter (``--plate-diameter``): only then does a
    # small plate give a scale (small plates' diameters vary from 20 to 30 cm; a 45 cm plate's
    # within a centimetre).
    diameter_given: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.diameter_m) and 0.1 <= self.diameter_m <= 1.0):
            raise InputError(f"a plate diameter of {self.diameter_m} m is not plausible")
        if not 0 < self.min_radius < self.max_radius:
            raise InputError("the plate radius range must be increasing and positive")
        if not 0 < self.small_min_radius_per_shank < self.small_max_radius_per_shank:
            raise InputError("the small plate radius range must be increasing and positive")


DEFAULT_PLATE_RULES = PlateRules()


@dataclass(frozen=True)
class Plate:
    """A plate seen in a frame: centre and outer radius in pixels, and how well its rim shows."""

    centre: Point
    radius_px: float
    rim_support: float
    diameter_m: float = DEFAULT_PLATE_RULES.diameter_m
    diameter_error_m: float = DEFAULT_PLATE_RULES.diameter_error_m
    radius_error: float = DEFAULT_PLATE_RULES.radius_error
    # Seen obliquely: minor over major axis (1: face-on, a circle; ``radius_px`` is then the
    # semi-major axis, the plate's true radius) and the major axis's direction in degrees.
    axis_ratio: float = 1.0
    axis_deg: float = 0.0
    # Found by the small-plate search (``detect_small_plates``): its diameter is not known.
    small: bool = False

    @property
    def off_axis_deg(self) -> float:
        """How far the camera looks from the plate's axis (the bar): acos of the axis ratio."""
        return math.degrees(math.acos(min(1.0, max(0.0, self.axis_ratio))))

    @property
    def m_per_px(self) -> float:
        return self.diameter_m / (2.0 * self.radius_px)

    @property
    def relative_error(self) -> float:
        """One standard error of ``m_per_px`` as a share of it (diameter and radius errors)."""
        return math.hypot(self.diameter_error_m / self.diameter_m, self.radius_error)

    def contains(self, point: Sequence[float] | FloatArray, margin: float = 1.0) -> bool:
        """Whether ``point`` lies within ``margin`` radii of the centre."""
        x, y = float(point[0]), float(point[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            return False
        return math.hypot(x - self.centre[0], y - self.centre[1]) <= margin * self.radius_px

    def to_json(self) -> dict[str, Any]:
        return {
            "detected": True,
            "centre": [round(self.centre[0], 1), round(self.centre[1], 1)],
            "radius_px": round(self.radius_px, 1),
            "rim_support": round(self.rim_support, 2),
            "axis_ratio": round(self.axis_ratio, 2),
            "diameter_m": self.diameter_m,
            "m_per_px": round(self.m_per_px, 6),
            "m_per_px_relative_error": round(self.relative_error, 3),
        }


def _as_rgb(frame_rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    if frame_rgb.ndim != 3 or frame_rgb.shape[2] != 3 or frame_rgb.dtype != np.uint8:
        raise ValueError(f"expected an RGB uint8 frame (h, w, 3), not {frame_rgb.shape}")
    return frame_rgb


@dataclass(frozen=True, eq=False)
class _Gradients:
    gx: NDArray[np.float32]  # (h, w, 3)
    gy: NDArray[np.float32]
    edges_xy: FloatArray  # (n, 2) Canny edge pixels
    edges_g: FloatArray  # (n, 2) grey gradient at them

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.gx.shape[0]), int(self.gx.shape[1])


def _gradients(frame_rgb: NDArray[np.uint8], rules: PlateRules) -> tuple[_Gradients, Any]:
    colour = cv2.GaussianBlur(frame_rgb.astype(np.float32), (0, 0), rules.blur_sigma_px)
    gx = cv2.Sobel(colour, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(colour, cv2.CV_32F, 0, 1, ksize=3)
    grey = cv2.GaussianBlur(
        cv2.cvtColor(frame_rgb, cv2.COLOR_RGB2GRAY), (0, 0), rules.blur_sigma_px
    )
    edges = cv2.Canny(grey, rules.canny_high * 0.4, rules.canny_high)
    ys, xs = np.nonzero(edges)
    grey_f = grey.astype(np.float32)
    ggx = cv2.Sobel(grey_f, cv2.CV_32F, 1, 0, ksize=3)[ys, xs]
    ggy = cv2.Sobel(grey_f, cv2.CV_32F, 0, 1, ksize=3)[ys, xs]
    grads = _Gradients(
        np.asarray(gx, dtype=np.float32),
        np.asarray(gy, dtype=np.float32),
        np.stack((xs, ys), axis=1).astype(np.float64),
        np.stack((ggx, ggy), axis=1).astype(np.float64),
    )
    return grads, grey


def radial_edges(
    grads: _Gradients, centre: Point, radii: FloatArray, rules: PlateRules, n_angles: int = 180
) -> tuple[NDArray[np.bool_], NDArray[np.bool_], FloatArray]:
    """Rim pixels on circles of ``radii`` around ``centre`` at ``n_angles`` points each:
    ``(len(radii), n_angles)`` where the strongest colour channel steps by at least
    ``min_edge`` across the circle and along its radius (within 25 degrees); where the point
    lies inside the frame; and the size of the radial step there."""
    h, w = grads.shape
    angles = np.linspace(0.0, 2 * np.pi, n_angles, endpoint=False)
    cos, sin = np.cos(angles)[None, :], np.sin(angles)[None, :]
    r = np.asarray(radii, dtype=np.float64)[:, None]
    x = centre[0] + r * cos
    y = centre[1] + r * sin
    inside = (x >= 0) & (y >= 0) & (x <= w - 1) & (y <= h - 1)
    xi = np.clip(np.round(x).astype(int), 0, w - 1)
    yi = np.clip(np.round(y).astype(int), 0, h - 1)
    gx, gy = grads.gx[yi, xi], grads.gy[yi, xi]  # (n_r, n_angles, 3)
    magnitude = np.hypot(gx, gy)
    channel = np.argmax(magnitude, axis=2)[..., None]
    gx = np.take_along_axis(gx, channel, axis=2)[..., 0]
    gy = np.take_along_axis(gy, channel, axis=2)[..., 0]
    strength = np.take_along_axis(magnitude, channel, axis=2)[..., 0]
    radial = np.abs(gx * cos + gy * sin)
    rim = (radial >= rules.min_edge) & (radial >= _RADIAL_COS * strength) & inside
    return rim, inside, np.where(inside, radial, np.nan)


def _support_profile(
    grads: _Gradients, centre: Point, radii: FloatArray, rules: PlateRules
) -> tuple[FloatArray, FloatArray]:
    """At each of ``radii`` (1 px apart): the rim support (share of in-frame angles with a rim
    pixel within a pixel of it) and the median radial step (where an edge peaks)."""
    rim, inside, radial = radial_edges(grads, centre, radii, rules)
    support = np.zeros(len(radii))
    step = np.zeros(len(radii))
    for k in range(len(radii)):
        band = np.abs(radii - radii[k]) <= 1.0
        seen = inside[k]
        if int(seen.sum()) < 0.25 * seen.size:
            continue  # most of the circle is outside the frame: nothing to judge it by
        support[k] = float(np.mean(rim[band].any(axis=0)[seen]))
        step[k] = float(np.median(radial[k][seen]))
    return support, step


def rim_support(grads: _Gradients, centre: Point, radius: float, rules: PlateRules) -> float:
    """Share of the in-frame rim showing a radial step within ``rim_band`` radii of it."""
    band = max(1.0, rules.rim_band * radius)
    radii = np.arange(radius - band, radius + band + 0.5, 1.0)
    rim, inside, _ = radial_edges(grads, centre, radii, rules)
    seen = inside.any(axis=0)
    if int(seen.sum()) < 0.25 * seen.size:
        return 0.0
    return float(np.mean(rim.any(axis=0)[seen]))


def _fit_circle(points: FloatArray) -> tuple[Point, float] | None:
    """Least-squares circle through ``points`` (algebraic fit)."""
    if points.shape[0] < 10:
        return None
    a = np.column_stack((points, np.ones(points.shape[0])))
    b = np.sum(points**2, axis=1)
    solution, *_ = np.linalg.lstsq(a, b, rcond=None)
    cx, cy = solution[0] / 2, solution[1] / 2
    r2 = solution[2] + cx**2 + cy**2
    if not r2 > 0:
        return None
    return (float(cx), float(cy)), float(math.sqrt(r2))


def _refine(
    grads: _Gradients, centre: Point, radius: float, rules: PlateRules
) -> tuple[Point, float, float]:
    """The circle refitted to edge pixels near it whose gradient points along the radius,
    kept only while the fit improves the rim support; with that support."""
    best = (centre, radius, rim_support(grads, centre, radius, rules))
    cx, cy, r = centre[0], centre[1], radius
    for band in (0.08, 0.04, 0.02):
        d = grads.edges_xy - (cx, cy)
        dist = np.hypot(d[:, 0], d[:, 1])
        g = np.hypot(grads.edges_g[:, 0], grads.edges_g[:, 1])
        cos = np.sum(d * grads.edges_g, axis=1) / np.maximum(dist * g, 1e-9)
        near = (np.abs(dist - r) < band * r) & (np.abs(cos) > _RADIAL_COS)
        fit = _fit_circle(grads.edges_xy[near])
        if fit is None or not (0.85 * radius < fit[1] < 1.15 * radius):
            break
        (cx, cy), r = fit
        support = rim_support(grads, (cx, cy), r, rules)
        if support >= best[2]:
            best = ((cx, cy), r, support)
    return best


def _outer_radius(grads: _Gradients, centre: Point, radius: float, rules: PlateRules) -> float:
    """The outermost rim around ``centre`` out to 1.35 radii: the outermost peak of the radial
    step whose rim is well supported, or ``radius`` when there is none beyond it."""
    radii = np.arange(radius - 2.0, 1.35 * radius, 1.0)
    support, step = _support_profile(grads, centre, radii, rules)
    best = radius
    for k in range(1, len(radii) - 1):
        window = step[max(0, k - 2) : k + 3]
        if step[k] >= window.max() and support[k] >= rules.min_rim_support:
            best = float(radii[k])
    return best


def _ellipse_points(
    centre: Point, axes: tuple[float, float], axis_deg: float, n_angles: int = 180
) -> tuple[FloatArray, FloatArray]:
    """Points on an ellipse (semi-axes ``axes``, the first along ``axis_deg``) and the unit
    normals there, ``(n, 2)`` each."""
    theta = np.linspace(0.0, 2 * np.pi, n_angles, endpoint=False)
    a, b = axes
    phi = math.radians(axis_deg)
    c, s = math.cos(phi), math.sin(phi)
    local = np.stack((a * np.cos(theta), b * np.sin(theta)), axis=1)
    normal = np.stack((np.cos(theta) / a, np.sin(theta) / b), axis=1)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    turn = np.array([[c, -s], [s, c]])
    return np.asarray(centre) + local @ turn.T, normal @ turn.T


def ellipse_support(
    grads: _Gradients,
    centre: Point,
    axes: tuple[float, float],
    axis_deg: float,
    rules: PlateRules,
) -> float:
    """As ``rim_support``, for an ellipse: the share of its in-frame rim with a step across
    it (along its normal) within ``rim_band`` of the major axis."""
    h, w = grads.shape
    points, normals = _ellipse_points(centre, axes, axis_deg)
    band = max(1.0, rules.rim_band * max(axes))
    hits = np.zeros(points.shape[0], bool)
    inside = (
        (points[:, 0] >= 0)
        & (points[:, 1] >= 0)
        & (points[:, 0] <= w - 1)
        & (points[:, 1] <= h - 1)
    )
    if int(inside.sum()) < 0.25 * inside.size:
        return 0.0
    for offset in np.arange(-band, band + 0.5, 1.0):
        at = points + offset * normals
        xi = np.clip(np.round(at[:, 0]).astype(int), 0, w - 1)
        yi = np.clip(np.round(at[:, 1]).astype(int), 0, h - 1)
        gx, gy = grads.gx[yi, xi], grads.gy[yi, xi]  # (n, 3)
        magnitude = np.hypot(gx, gy)
        channel = np.argmax(magnitude, axis=1)[:, None]
        gx = np.take_along_axis(gx, channel, axis=1)[:, 0]
        gy = np.take_along_axis(gy, channel, axis=1)[:, 0]
        strength = np.take_along_axis(magnitude, channel, axis=1)[:, 0]
        across = np.abs(gx * normals[:, 0] + gy * normals[:, 1])
        hits |= (across >= rules.min_edge) & (across >= _RADIAL_COS * strength)
    return float(np.mean(hits[inside]))


def _refine_ellipse(
    grads: _Gradients, centre: Point, radius: float, rules: PlateRules
) -> tuple[Point, float, float, float, float] | None:
    """A plate seen obliquely: an ellipse fitted to the edge pixels around a circle candidate
    (0.5-1.4 radii out, the gradient pointing away from the centre), then refitted three
    times to the pixels near the last ellipse whose gradient lies along its normal (so a leg's
    edge running into the rim drops out). ``(centre, semi-major axis, support, axis ratio,
    axis direction)``, the best-supported fit, or None."""
    xy, g = grads.edges_xy, grads.edges_g
    g_norm = np.maximum(np.hypot(g[:, 0], g[:, 1]), 1e-9)
    d = xy - centre
    dist = np.hypot(d[:, 0], d[:, 1])
    cos = np.sum(d * g, axis=1) / np.maximum(dist * g_norm, 1e-9)
    chosen = (dist > 0.5 * radius) & (dist < 1.4 * radius) & (np.abs(cos) > 0.9)
    best: tuple[Point, float, float, float, float] | None = None
    for band in (0.15, 0.08, 0.04, None):
        points = xy[chosen].astype(np.float32)
        if points.shape[0] < 20:
            break
        (cx, cy), (d1, d2), angle = cv2.fitEllipse(points)
        major, minor = max(d1, d2) / 2, min(d1, d2) / 2
        if not (major > 0 and minor / major >= rules.min_axis_ratio):
            break
        if not (0.6 * radius <= major <= 1.6 * radius):
            break
        axis_deg = float(angle) + (90.0 if d2 > d1 else 0.0)
        support = ellipse_support(grads, (float(cx), float(cy)), (major, minor), axis_deg, rules)
        if best is None or support > best[2]:
            best = ((float(cx), float(cy)), float(major), support, float(minor / major), axis_deg)
        if band is None:
            break
        phi = math.radians(axis_deg)
        c, s = math.cos(phi), math.sin(phi)
        rel = xy - (cx, cy)
        u = rel[:, 0] * c + rel[:, 1] * s
        v = -rel[:, 0] * s + rel[:, 1] * c
        level = np.hypot(u / major, v / minor)  # 1 on the ellipse
        nu, nv = u / major**2, v / minor**2  # the normal, in the ellipse's axes
        nx, ny = nu * c - nv * s, nu * s + nv * c
        along = np.abs(nx * g[:, 0] + ny * g[:, 1]) / np.maximum(np.hypot(nx, ny) * g_norm, 1e-9)
        chosen = (np.abs(level - 1.0) < band) & (along > 0.9)
    return best


def body_length_px(xy: FloatArray) -> float | None:
    """Mean shoulder-to-ankle distance over the two sides of a (33, 2) pose, or None."""
    lengths = [
        float(np.hypot(*(xy[s] - xy[a])))
        for s, a in zip(_SHOULDERS, _ANKLES, strict=True)
        if np.isfinite(xy[s]).all() and np.isfinite(xy[a]).all()
    ]
    lengths = [v for v in lengths if v > 0]
    return float(np.mean(lengths)) if lengths else None


def detect_plates(
    frame_rgb: NDArray[np.uint8],
    body_px: float | None = None,
    rules: PlateRules = DEFAULT_PLATE_RULES,
    radius_range_px: tuple[float, float] | None = None,
    outer_rim: bool = True,
) -> list[Plate]:
    """Every plate-like circle in the frame with a well-supported rim, best first.

    ``body_px`` (the shoulder-to-ankle distance) bounds the radius; without it the radius may
    be 5-45% of the frame's shorter side. ``radius_range_px`` bounds it instead, when given.
    ``outer_rim``: a circle grows to the outermost supported rim around it (a bumper plate's
    inner ring is not its edge); off, it keeps the rim it was found on.
    """
    frame = _as_rgb(frame_rgb)
    longest = max(frame.shape[:2])
    if longest > rules.work_side_px:
        shrink = rules.work_side_px / longest
        small = cv2.resize(frame, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        shrunk = detect_plates(
            np.asarray(small, dtype=np.uint8),
            None if body_px is None else body_px * shrink,
            rules,
            None
            if radius_range_px is None
            else (radius_range_px[0] * shrink, radius_range_px[1] * shrink),
            outer_rim,
        )
        return [
            replace(
                p,
                centre=(p.centre[0] / shrink, p.centre[1] / shrink),
                radius_px=p.radius_px / shrink,
            )
            for p in shrunk
        ]
    h, w = frame.shape[:2]
    if radius_range_px is not None:
        r_min, r_max = radius_range_px
    elif body_px is not None and body_px > 0:
        r_min, r_max = rules.min_radius * body_px, rules.max_radius * body_px
    else:
        r_min, r_max = 0.05 * min(h, w), 0.45 * min(h, w)
    r_min, r_max = max(4, int(r_min)), max(5, math.ceil(r_max))
    grads, grey = _gradients(frame, rules)
    # Coloured bumper plates can be as bright as the floor: search the colour saturation too.
    saturation = cv2.GaussianBlur(
        cv2.cvtColor(frame, cv2.COLOR_RGB2HSV)[:, :, 1], (0, 0), rules.blur_sigma_px
    )
    circles: list[FloatArray] = []
    for channel in (grey, saturation):
        found_here = cv2.HoughCircles(
            channel,
            cv2.HOUGH_GRADIENT,
            dp=1.5,
            minDist=r_min,
            param1=rules.canny_high,
            param2=rules.votes,
            minRadius=r_min,
            maxRadius=r_max,
        )
        if found_here is not None:
            circles.append(np.asarray(found_here, np.float64).reshape(-1, 3)[: rules.max_circles])
    if not circles:
        return []
    found: list[Plate] = []
    for x, y, r in np.concatenate(circles):
        centre, radius, support = _refine(grads, (float(x), float(y)), float(r), rules)
        if support < rules.min_rim_support:
            oblique = _refine_ellipse(grads, (float(x), float(y)), float(r), rules)
            if oblique is None or oblique[2] < rules.min_rim_support:
                continue
            centre, major, support, ratio, axis_deg = oblique
            if not any(
                math.hypot(centre[0] - p.centre[0], centre[1] - p.centre[1]) < 0.25 * p.radius_px
                for p in found
            ):
                found.append(_plate(centre, major, support, rules, ratio, axis_deg))
            continue
        outer = _outer_radius(grads, centre, radius, rules) if outer_rim else radius
        duplicate = any(
            math.hypot(centre[0] - p.centre[0], centre[1] - p.centre[1]) < 0.25 * p.radius_px
            for p in found
        )
        if duplicate:
            continue
        found.append(_plate(centre, outer, support, rules))
    found.sort(key=lambda p: (-p.rim_support, -p.radius_px))
    return found


def detect_small_plates(
    frame_rgb: NDArray[np.uint8],
    hips: Sequence[Sequence[float] | FloatArray],
    shank_px: float,
    rules: PlateRules = DEFAULT_PLATE_RULES,
) -> list[Plate]:
    """Small plates (``PlateRules.small_min_radius_per_shank`` to ``small_max_..``, in lower
    legs ``shank_px`` long) near the hips: searched in a window around the hip guesses wide
    enough for a plate whose disk holds one of them (its outer rim included), marked
    ``small``."""
    guesses = [np.asarray(h, dtype=np.float64) for h in hips]
    guesses = [g for g in guesses if np.isfinite(g).all()]
    if not guesses or not (math.isfinite(shank_px) and shank_px > 0):
        return []
    r_min = rules.small_min_radius_per_shank * shank_px
    r_max = rules.small_max_radius_per_shank * shank_px
    centre = np.mean(guesses, axis=0)
    spread = max(float(np.hypot(*(g - centre))) for g in guesses)
    window = _window(_as_rgb(frame_rgb), (float(centre[0]), float(centre[1])), spread + 2.6 * r_max)
    if window is None:
        return []
    crop, x0, y0 = window
    # The rim it was found on, not the outermost round edge around it: beside a small plate lie
    # the body's own round shapes (a buttock, the trunk's end) at 1.1-1.3 of its radius.
    found = detect_plates(crop, None, rules, (r_min, r_max), outer_rim=False)
    return [
        replace(p, centre=(p.centre[0] + x0, p.centre[1] + y0), small=True)
        for p in found
        if r_min <= p.radius_px <= 1.15 * r_max and p.rim_support >= rules.small_min_rim_support
    ]


def _plate(
    centre: Point,
    radius: float,
    support: float,
    rules: PlateRules,
    axis_ratio: float = 1.0,
    axis_deg: float = 0.0,
) -> Plate:
    return Plate(
        centre,
        radius,
        support,
        rules.diameter_m,
        rules.diameter_error_m,
        rules.radius_error,
        axis_ratio,
        axis_deg,
    )


def _window(
    frame: NDArray[np.uint8], centre: Point, half: float
) -> tuple[NDArray[np.uint8], int, int] | None:
    h, w = frame.shape[:2]
    x0, y0 = max(0, int(centre[0] - half)), max(0, int(centre[1] - half))
    x1, y1 = min(w, math.ceil(centre[0] + half)), min(h, math.ceil(centre[1] + half))
    if x1 - x0 < 16 or y1 - y0 < 16:
        return None
    return np.ascontiguousarray(frame[y0:y1, x0:x1]), x0, y0


def refine_plate(
    frame_rgb: NDArray[np.uint8],
    prior: Plate,
    rules: PlateRules = DEFAULT_PLATE_RULES,
    reach: float = 0.6,
) -> Plate | None:
    """The plate ``prior`` found again near where it was: a cheap search in a window around it.

    First the prior circle is refitted to the edges near it, looking only at its disk and the
    rim's margin (a few milliseconds: this is the common case, the plate followed from one
    observation to the next); the refit starts on the outer rim, so it stays there. When that
    shows no rim, Hough circles of 0.8-1.25 times the prior's radius within ``reach`` radii of
    its centre are tried in a wider window, and the outer rim looked for again. None when no
    circle there has a supported rim (the plate left, or is hidden).
    """
    frame = _as_rgb(frame_rgb)
    r0 = prior.radius_px
    near = _window(frame, prior.centre, 1.25 * r0 + 4)
    if near is not None:
        window, x0, y0 = near
        grads, _ = _gradients(window, rules)
        local = (prior.centre[0] - x0, prior.centre[1] - y0)
        if prior.axis_ratio < 1.0:  # seen obliquely: refitted as an ellipse
            oblique = _refine_ellipse(grads, local, r0, rules)
            if (
                oblique is not None
                and oblique[2] >= rules.min_rim_support
                and 0.85 * r0 <= oblique[1] <= 1.15 * r0
            ):
                (cx, cy), major, support, ratio, axis_deg = oblique
                return _plate((cx + x0, cy + y0), major, support, rules, ratio, axis_deg)
        centre, radius, support = _refine(grads, local, r0, rules)
        if support >= rules.min_rim_support and 0.85 * r0 <= radius <= 1.15 * r0:
            return _plate((centre[0] + x0, centre[1] + y0), radius, support, rules)
    wide = _window(frame, prior.centre, (1.0 + reach) * 1.4 * r0)
    if wide is None:
        return None
    window, x0, y0 = wide
    grads, grey = _gradients(window, rules)
    local = (prior.centre[0] - x0, prior.centre[1] - y0)
    found = cv2.HoughCircles(
        grey,
        cv2.HOUGH_GRADIENT,
        dp=1.5,
        minDist=0.5 * r0,
        param1=rules.canny_high,
        param2=rules.votes,
        minRadius=max(4, int(0.8 * r0)),
        maxRadius=max(5, math.ceil(1.25 * r0)),
    )
    best: tuple[Point, float, float] | None = None
    oblique_best: tuple[Point, float, float, float, float] | None = None
    for x, y, r in np.asarray(found if found is not None else [], np.float64).reshape(-1, 3):
        if math.hypot(x - local[0], y - local[1]) > reach * r0:
            continue
        fit = _refine(grads, (float(x), float(y)), float(r), rules)
        if best is None or fit[2] > best[2]:
            best = fit
        if fit[2] < rules.min_rim_support:
            oblique = _refine_ellipse(grads, (float(x), float(y)), float(r), rules)
            if oblique is not None and (oblique_best is None or oblique[2] > oblique_best[2]):
                oblique_best = oblique
    if (best is None or best[2] < rules.min_rim_support) and oblique_best is not None:
        (cx, cy), major, support, ratio, axis_deg = oblique_best
        if support >= rules.min_rim_support and 0.75 * r0 <= major <= 1.33 * r0:
            return _plate((cx + x0, cy + y0), major, support, rules, ratio, axis_deg)
    if best is None or best[2] < rules.min_rim_support:
        return None
    centre, radius, support = best
    outer = _outer_radius(grads, centre, radius, rules)
    if not 0.75 * r0 <= outer <= 1.33 * r0:
        return None
    return _plate((centre[0] + x0, centre[1] + y0), outer, support, rules)


def choose_plate(
    plates: Sequence[Plate],
    hip_guesses: Sequence[Sequence[float] | FloatArray],
    rules: PlateRules = DEFAULT_PLATE_RULES,
) -> Plate | None:
    """The plate on the bar: its disk holds a hip guess; the best-supported, then the largest."""
    on_bar = [p for p in plates if any(p.contains(h, rules.near_hip) for h in hip_guesses)]
    if not on_bar:
        return None
    return max(on_bar, key=lambda p: (round(p.rim_support, 2), p.radius_px))


def find_plate(
    frame_rgb: NDArray[np.uint8],
    pose_xy: FloatArray | None,
    rules: PlateRules = DEFAULT_PLATE_RULES,
) -> Plate | None:
    """The plate carrying the bar across the hips of the person whose (33, 2) landmarks are
    ``pose_xy``; None when there is none (or no pose to place it by)."""
    if pose_xy is None:
        return None
    xy = np.asarray(pose_xy, dtype=np.float64)
    hips = [xy[i] for i in _HIPS if np.isfinite(xy[i]).all()]
    if not hips:
        return None
    plates = detect_plates(frame_rgb, body_length_px(xy), rules)
    return choose_plate(plates, hips, rules)


def track_plate(
    candidates: Sequence[Sequence[Plate]],
    missing_cost: float = 1.0,
) -> list[Plate | None]:
    """One plate followed through a clip: per frame, one of that frame's candidates or None.

    A shortest path through the frames: each step costs the jump of the centre (in radii) plus
    the change of size (log ratio, times 4), a candidate costs its unsupported rim share, and a
    frame without a plate costs ``missing_cost``; so a steady plate wins over one that flickers.
    """
    n = len(candidates)
    if n == 0:
        return []
    # state k of frame i: candidates[i][k]; the last state is "no plate"
    costs: list[FloatArray] = []
    back: list[NDArray[np.int64]] = []
    first = [1.0 - p.rim_support for p in candidates[0]] + [missing_cost]
    costs.append(np.asarray(first, dtype=np.float64))
    for i in range(1, n):
        prev, here = candidates[i - 1], candidates[i]
        step = np.zeros((len(prev) + 1, len(here) + 1))
        for a, p in enumerate(prev):
            for b, q in enumerate(here):
                jump = math.hypot(p.centre[0] - q.centre[0], p.centre[1] - q.centre[1])
                step[a, b] = jump / p.radius_px + 4.0 * abs(math.log(q.radius_px / p.radius_px))
        emit = np.asarray([1.0 - q.rim_support for q in here] + [missing_cost])
        total = costs[-1][:, None] + step + emit[None, :]
        back.append(np.argmin(total, axis=0))
        costs.append(np.min(total, axis=0))
    state = int(np.argmin(costs[-1]))
    path = [state]
    for i in range(n - 1, 0, -1):
        state = int(back[i - 1][state])
        path.append(state)
    path.reverse()
    return [candidates[i][k] if k < len(candidates[i]) else None for i, k in enumerate(path)]


def plate_scale(plates: Sequence[Plate | None]) -> Scale | None:
    """Metres per pixel from the plate's median radius over the frames it was seen in.

    The relative error adds the plate's own (diameter and rim reading) to the spread of the
    radius over the frames (a plate turning away from the camera looks smaller).
    """
    seen = [p for p in plates if p is not None]
    if not seen:
        return None
    radii = np.asarray([p.radius_px for p in seen])
    median = float(np.median(radii))
    spread = float(np.median(np.abs(radii - median)) * 1.4826 / median) if radii.size > 2 else 0.0
    ref = seen[0]
    m_per_px = ref.diameter_m / (2.0 * median)
    return Scale(m_per_px, math.hypot(ref.relative_error, spread), "plate")
