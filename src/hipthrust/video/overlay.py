"""Drawing the analysis onto frames: annotators with one method, chained.

Each annotator's style is set in ``__init__``; ``annotate(frame, state)`` draws onto the frame
(in place, for speed) and returns it, so annotators chain: ``for a in chain: frame =
a.annotate(frame, state)``. ``OverlayTimeline`` turns a ``SetReport`` and the pose sequence it
came from into one ``OverlayState`` per analysed frame: the landmarks, the live angles, the
phase, the reps done so far and the faults of the latest rep, shown as they happen (from the
rep's top until the next rep's top). ``OverlayTimeline.state_at(t)`` gives the state of any
source frame between two analysed ones: the landmarks interpolated linearly in time (a point
seen on one side only snaps at the midpoint; a point estimated on either side stays
estimated), the signals and phase of the nearer analysed frame, the reps and faults at ``t``.

Points the analysis estimated rather than saw (a hip placed from the barbell plate, a knee from
the leg's lengths) are drawn hollow with dashed bones, and ``EstimatedLegend`` says so.
Text never leaves the frame: the fault banner is wrapped to the frame's measured width (a
portrait phone frame is narrow), and a label too wide for the frame is drawn smaller.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.faults import FAULTS
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.motion.report import SetReport

__all__ = [
    "BONES",
    "AngleLabels",
    "Annotator",
    "EstimatedLegend",
    "FaultBanner",
    "I420Canvas",
    "OverlayState",
    "OverlayTimeline",
    "PhaseBadge",
    "RepCounter",
    "Skeleton",
    "annotate_all",
    "default_annotators",
    "fit_lines",
]

RGB = tuple[int, int, int]
RGBFrame = NDArray[np.uint8]


class I420Canvas:
    """An I420 buffer (``(height * 3 / 2, width)``: Y, then U and V at half size), drawn on in
    place with the same calls as an RGB frame: the annotated video is decoded into and encoded
    from this layout, so no frame goes to RGB and back (1 ms of a 720p frame's 5.7 [measured]).
    Lines and circles are drawn on Y at full size and on U and V at half size (OpenCV's
    fixed-point ``shift`` halves the coordinates); labels are rendered in RGB once, converted
    once, and their planes copied at even positions."""

    def __init__(self, buffer: NDArray[np.uint8]) -> None:
        height, width = buffer.shape[0] * 2 // 3, buffer.shape[1]
        if buffer.shape[0] != height * 3 // 2 or height % 2 or width % 2:
            raise ValueError(f"not an I420 buffer of even size: {buffer.shape}")
        luma, chroma = width * height, width * height // 4
        flat = buffer.reshape(-1)
        self.buffer: NDArray[np.uint8] | None = buffer
        self.y = flat[:luma].reshape(height, width)
        self.u = flat[luma : luma + chroma].reshape(height // 2, width // 2)
        self.v = flat[luma + chroma :].reshape(height // 2, width // 2)
        self.shape = (height, width, 3)

    @classmethod
    def of_frame(cls, frame: Any) -> I420Canvas:
        """A canvas on a writable PyAV ``yuv420p`` frame's own planes (drawn in place, rows
        as the decoder padded them)."""
        views = []
        for plane in frame.planes[:3]:
            rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
            views.append(rows[:, : plane.width])
        canvas = cls.__new__(cls)
        canvas.buffer = None
        canvas.y, canvas.u, canvas.v = views
        canvas.shape = (frame.height, frame.width, 3)
        return canvas

    def line(self, a: tuple[int, int], b: tuple[int, int], colour: RGB, width: int) -> None:
        y, u, v = _yuv(colour)
        cv2.line(self.y, a, b, y, width, cv2.LINE_AA)
        half = max(1, round(width / 2))
        cv2.line(self.u, a, b, u, half, cv2.LINE_AA, 1)
        cv2.line(self.v, a, b, v, half, cv2.LINE_AA, 1)

    def circle(self, centre: tuple[int, int], radius: int, colour: RGB, thickness: int) -> None:
        y, u, v = _yuv(colour)
        cv2.circle(self.y, centre, radius, y, thickness, cv2.LINE_AA)
        half = thickness if thickness < 0 else max(1, round(thickness / 2))
        cv2.circle(self.u, centre, radius, u, half, cv2.LINE_AA, 1)
        cv2.circle(self.v, centre, radius, v, half, cv2.LINE_AA, 1)

    def paste(self, planes: tuple[NDArray[np.uint8], ...], x: int, y: int) -> None:
        """Copy a label's ``(Y, U, V)`` with its top-left corner at ``(x, y)`` (made even),
        cut at the frame's edges."""
        x, y = max(0, x - x % 2), max(0, y - y % 2)
        height, width = self.shape[:2]
        h, w = min(planes[0].shape[0], height - y), min(planes[0].shape[1], width - x)
        if h <= 0 or w <= 0:
            return
        self.y[y : y + h, x : x + w] = planes[0][:h, :w]
        h2, w2, x2, y2 = h // 2, w // 2, x // 2, y // 2
        self.u[y2 : y2 + h2, x2 : x2 + w2] = planes[1][:h2, :w2]
        self.v[y2 : y2 + h2, x2 : x2 + w2] = planes[2][:h2, :w2]


Frame = RGBFrame | I420Canvas


@functools.lru_cache(maxsize=64)
def _yuv(colour: RGB) -> tuple[int, int, int]:
    """``colour`` in BT.601 video-range Y, U, V, as the encoder's conversion gives it."""
    i420 = cv2.cvtColor(np.full((2, 2, 3), colour, np.uint8), cv2.COLOR_RGB2YUV_I420)
    flat = np.asarray(i420).reshape(-1)
    return int(flat[0]), int(flat[4]), int(flat[5])


def _line(frame: Frame, a: tuple[int, int], b: tuple[int, int], colour: RGB, width: int) -> None:
    if isinstance(frame, I420Canvas):
        frame.line(a, b, colour, width)
    else:
        cv2.line(frame, a, b, colour, width, cv2.LINE_AA)


def _circle(
    frame: Frame, centre: tuple[int, int], radius: int, colour: RGB, thickness: int
) -> None:
    if isinstance(frame, I420Canvas):
        frame.circle(centre, radius, colour, thickness)
    else:
        cv2.circle(frame, centre, radius, colour, thickness, cv2.LINE_AA)


FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_SIDE_BONES = (
    ("shoulder", "elbow"),
    ("elbow", "wrist"),
    ("shoulder", "hip"),
    ("hip", "knee"),
    ("knee", "ankle"),
    ("ankle", "heel"),
    ("heel", "foot_index"),
    ("ankle", "foot_index"),
)
BONES: tuple[tuple[str, str], ...] = (
    *((f"{side}_{a}", f"{side}_{b}") for side in ("left", "right") for a, b in _SIDE_BONES),
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
    ("nose", "left_ear"),
)

_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}
_PHASE_COLOURS: dict[str, RGB] = {
    "concentric": (76, 175, 80),
    "top": (255, 193, 7),
    "eccentric": (33, 150, 243),
    "bottom": (158, 158, 158),
    "unknown": (97, 97, 97),
}


@dataclass(frozen=True)
class OverlayState:
    """What to draw on one frame (pixel coordinates are the frame's)."""

    t_s: float
    xy: FloatArray  # (33, 2), NaN where not seen
    visibility: FloatArray  # (33,)
    side: str
    hip_angle_deg: float | None
    knee_angle_deg: float | None
    phase: str
    reps_done: int
    rep_total: int
    fault_names: tuple[str, ...] = ()
    fault_cue: str | None = None
    fault_rep: int | None = None
    # (33,) True where the point was estimated, not seen (hidden by a plate); None: all seen.
    estimated: BoolArray | None = None

    def is_estimated(self, index: int) -> bool:
        return self.estimated is not None and bool(self.estimated[index])


class Annotator(Protocol):
    def annotate(self, frame: Frame, state: OverlayState) -> Frame: ...


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


class OverlayTimeline:
    """One ``OverlayState`` per analysed frame of ``pose``, from its ``report``, and one for
    any time between (``state_at``). ``estimated``: ``(frames, 33)``, True where a point was
    estimated (the barbell repair), not seen."""

    def __init__(
        self, report: SetReport, pose: PoseSequence, estimated: BoolArray | None = None
    ) -> None:
        if report.signals.t_s.shape != pose.t.shape:
            raise ValueError("the report was not made from this pose sequence")
        if estimated is not None and estimated.shape != pose.confidence.shape:
            raise ValueError("the estimated points must have one row per frame of the pose")
        self.report = report
        self.pose = pose
        self.estimated = None if estimated is None or not estimated.any() else estimated
        reps = report.reps
        self._ends = np.array([r.end_s for r in reps], dtype=np.float64)
        self._peaks = np.array([r.peak_s for r in reps], dtype=np.float64)

    def __len__(self) -> int:
        return self.pose.n_frames

    def state(self, i: int, scale: tuple[float, float] = (1.0, 1.0)) -> OverlayState:
        """The state of frame ``i``; ``scale`` maps pose pixels to the drawn frame's pixels."""
        estimated = None if self.estimated is None else self.estimated[i]
        return self._state(float(self.pose.t[i]), i, self.pose.xy[i],
                           self.pose.confidence[i], estimated, scale)  # fmt: skip

    def state_at(self, t_s: float, scale: tuple[float, float] = (1.0, 1.0)) -> OverlayState:
        """The state at time ``t_s`` (the pose's clock): the landmarks interpolated linearly
        between the analysed frames around it (held before the first and after the last)."""
        t = self.pose.t
        after = int(np.searchsorted(t, t_s, side="right"))
        if after == 0 or after >= t.size:
            i = 0 if after == 0 else t.size - 1
            return replace(self.state(i, scale), t_s=t_s)
        before = after - 1
        w = (t_s - float(t[before])) / (float(t[after]) - float(t[before]))
        if w <= 1e-9:
            return replace(self.state(before, scale), t_s=t_s)
        nearer = before if w < 0.5 else after
        xy0, xy1 = self.pose.xy[before], self.pose.xy[after]
        xy = xy0 + w * (xy1 - xy0)
        lone = ~np.isfinite(xy[:, 0])  # seen on one side only: the nearer frame's
        if lone.any():
            xy[lone] = self.pose.xy[nearer][lone]
        c0, c1 = self.pose.confidence[before], self.pose.confidence[after]
        visibility = np.where(lone, self.pose.confidence[nearer], c0 + w * (c1 - c0))
        estimated = None
        if self.estimated is not None:
            estimated = self.estimated[before] | self.estimated[after]
        return self._state(t_s, nearer, xy, visibility, estimated, scale)

    def _state(
        self,
        t: float,
        i: int,
        xy: FloatArray,
        visibility: FloatArray,
        estimated: BoolArray | None,
        scale: tuple[float, float],
    ) -> OverlayState:
        signals = self.report.signals
        reps_done = int(np.searchsorted(self._ends, t, side="right"))
        names: tuple[str, ...] = ()
        cue = None
        shown = None
        latest = int(np.searchsorted(self._peaks, t, side="right")) - 1
        if latest >= 0:
            rep = self.report.reps[latest]
            if rep.faults and t <= rep.end_s + 4.0:
                names = tuple(FAULTS[f.id].name for f in rep.faults)
                cue = rep.faults[0].cue
                shown = rep.index
        return OverlayState(
            t_s=t,
            xy=xy * np.asarray(scale, dtype=np.float64),
            visibility=visibility,
            side=self.report.side,
            hip_angle_deg=_finite(float(signals.hip_angle_deg[i])),
            knee_angle_deg=_finite(float(signals.knee_angle_deg[i])),
            phase=signals.phase[i],
            reps_done=reps_done,
            rep_total=len(self.report.reps),
            fault_names=names,
            fault_cue=cue,
            fault_rep=shown,
            estimated=estimated,
        )


def _point(state: OverlayState, name: str, min_visibility: float) -> tuple[int, int] | None:
    j = _INDEX[name]
    x, y = state.xy[j]
    if not (math.isfinite(x) and math.isfinite(y)) or state.visibility[j] < min_visibility:
        return None
    return round(float(x)), round(float(y))


def _unit(frame: Frame) -> float:
    """A length that scales drawings with the frame: 1 at 720 pixels on the short side."""
    return min(frame.shape[0], frame.shape[1]) / 720.0


@functools.lru_cache(maxsize=64)
def _label_patch(text: str, scale: float, colour: RGB, background: RGB) -> NDArray[np.uint8]:
    """The label's box, text drawn on its background, rendered once: the same labels recur
    on most frames (the rep counter, the phase, a fault banner shown for seconds), and
    anti-aliased text costs far more than copying its pixels. 64 of them are kept: 90 % of
    the labels of a ten-minute set are found there, and its memory stays at 23 MB, where
    512 grew a drawing process by 220 MB [measured]."""
    font_scale, thickness, pad = _font(scale)
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, thickness)
    box_h, box_w = h + base + 2 * pad, w + 2 * pad
    patch = np.empty((box_h + box_h % 2, box_w + box_w % 2, 3), np.uint8)  # even: I420
    patch[:] = background
    cv2.putText(
        patch,
        text,
        (pad, pad + h),
        cv2.FONT_HERSHEY_SIMPLEX,
        font_scale,
        colour,
        thickness,
        cv2.LINE_AA,
    )
    patch.flags.writeable = False
    return patch


@functools.lru_cache(maxsize=64)
def _label_planes(
    text: str, scale: float, colour: RGB, background: RGB
) -> tuple[NDArray[np.uint8], ...]:
    """The label's box as ``(Y, U, V)`` planes, converted once."""
    patch = _label_patch(text, scale, colour, background)
    h, w = patch.shape[:2]
    flat = np.asarray(cv2.cvtColor(patch, cv2.COLOR_RGB2YUV_I420)).reshape(-1)
    planes = (
        flat[: h * w].reshape(h, w),
        flat[h * w : h * w + h * w // 4].reshape(h // 2, w // 2),
        flat[h * w + h * w // 4 :].reshape(h // 2, w // 2),
    )
    for plane in planes:
        plane.flags.writeable = False
    return planes


def _font(scale: float) -> tuple[float, int, int]:
    """``(font scale, thickness, padding)`` of a label drawn at ``scale``."""
    return 0.8 * scale, max(1, round(float(2 * scale))), max(2, round(float(6 * scale)))


@functools.lru_cache(maxsize=1024)
def _box(text: str, scale: float) -> tuple[int, int]:
    """``(width, height)`` in pixels of ``text``'s label box (text and padding) at ``scale``."""
    font_scale, thickness, pad = _font(scale)
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, thickness)
    return int(w) + 2 * pad, int(h + base) + 2 * pad


def _text_width(text: str, scale: float) -> int:
    return _box(text, scale)[0]


def _label(
    frame: Frame,
    text: str,
    origin: tuple[int, int],
    scale: float,
    colour: RGB = (255, 255, 255),
    background: RGB = (0, 0, 0),
) -> tuple[int, int]:
    """Text on a filled box with its top-left corner at ``origin`` (moved inside the frame
    when it would stick out; drawn smaller when it is wider than the frame); returns the box
    size."""
    scale = round(scale, 4)
    width = _text_width(text, scale)
    if width > frame.shape[1] and width > 0:
        scale = round(scale * frame.shape[1] / width * 0.98, 4)
    patch = _label_patch(text, scale, colour, background)
    h, w = patch.shape[:2]
    x = int(np.clip(origin[0], 0, max(0, frame.shape[1] - w)))
    y = int(np.clip(origin[1], 0, max(0, frame.shape[0] - h)))
    if isinstance(frame, I420Canvas):
        frame.paste(_label_planes(text, scale, colour, background), x, y)
        return w, h
    visible = patch[: frame.shape[0] - y, : frame.shape[1] - x]
    frame[y : y + visible.shape[0], x : x + visible.shape[1]] = visible
    return w, h


def fit_lines(text: str, scale: float, max_width: int) -> list[str]:
    """``text`` cut into lines whose label boxes at ``scale`` are at most ``max_width``
    pixels wide, measured (not counted in characters), breaking between words; a word wider
    than the frame stays on its own line (``_label`` then draws it smaller)."""
    scale = round(scale, 4)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate, scale) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _dashed(frame: Frame, a: tuple[int, int], b: tuple[int, int], colour: RGB, width: int) -> None:
    """A dashed line from ``a`` to ``b``: dashes and gaps of about four line widths."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    dash = max(6.0, 4.0 * width)
    count = max(1, int(length / dash))
    for k in range(0, count, 2):
        f0, f1 = k / count, min(1.0, (k + 1) / count)
        p0 = (round(a[0] + (b[0] - a[0]) * f0), round(a[1] + (b[1] - a[1]) * f0))
        p1 = (round(a[0] + (b[0] - a[0]) * f1), round(a[1] + (b[1] - a[1]) * f1))
        _line(frame, p0, p1, colour, width)


class Skeleton:
    """Bones between landmarks; the analysed side bright, the far side dim. A point the
    analysis estimated (hidden: the barbell repair) is drawn hollow, its bones dashed."""

    def __init__(
        self,
        near: RGB = (0, 230, 255),
        far: RGB = (120, 120, 120),
        thickness: float = 4.0,
        min_visibility: float = 0.3,
    ) -> None:
        self.near, self.far = near, far
        self.thickness = thickness
        self.min_visibility = min_visibility

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        width = max(1, round(float(self.thickness * _unit(frame))))
        for a, b in BONES:
            pa = _point(state, a, self.min_visibility)
            pb = _point(state, b, self.min_visibility)
            if pa is None or pb is None:
                continue
            colour = (
                self.near if a.startswith(state.side) and b.startswith(state.side) else self.far
            )
            if state.is_estimated(_INDEX[a]) or state.is_estimated(_INDEX[b]):
                _dashed(frame, pa, pb, colour, width)
            else:
                _line(frame, pa, pb, colour, width)
        for joint in ("shoulder", "hip", "knee", "ankle"):
            name = f"{state.side}_{joint}"
            p = _point(state, name, self.min_visibility)
            if p is None:
                continue
            if state.is_estimated(_INDEX[name]):
                _circle(frame, p, width * 2 + 1, (255, 255, 255), max(2, width))
            else:
                _circle(frame, p, width * 2, (255, 255, 255), -1)
        return frame


class EstimatedLegend:
    """Under the rep counter, while an estimated point is drawn: what hollow and dashed mean."""

    text = "- - o  hidden, estimated"

    def __init__(self, colour: RGB = (0, 230, 255), background: RGB = (0, 0, 0)) -> None:
        self.colour, self.background = colour, background

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        if state.estimated is None or not state.estimated.any():
            return frame
        scale = _unit(frame)
        margin = round(float(12 * scale))
        below = _box("Reps 0/0", round(1.2 * scale, 4))[1]
        origin = (margin, 2 * margin + below)
        _label(frame, self.text, origin, 0.7 * scale, self.colour, self.background)
        return frame


class AngleLabels:
    """The live hip and knee angles beside their joints."""

    def __init__(self, colour: RGB = (255, 255, 255), background: RGB = (30, 30, 30)) -> None:
        self.colour, self.background = colour, background

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        scale = _unit(frame)
        for joint, value in (("hip", state.hip_angle_deg), ("knee", state.knee_angle_deg)):
            p = _point(state, f"{state.side}_{joint}", 0.0)
            if p is None or value is None:
                continue
            offset = round(float(16 * scale))
            _label(
                frame,
                f"{joint} {value:.0f} deg",
                (p[0] + offset, p[1] + offset),
                0.7 * scale,
                self.colour,
                self.background,
            )
        return frame


class RepCounter:
    """``Reps 3/8`` in the top-left corner."""

    def __init__(self, colour: RGB = (255, 255, 255), background: RGB = (0, 0, 0)) -> None:
        self.colour, self.background = colour, background

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        scale = _unit(frame)
        margin = round(float(12 * scale))
        text = f"Reps {state.reps_done}/{state.rep_total}"
        _label(frame, text, (margin, margin), 1.2 * scale, self.colour, self.background)
        return frame


class PhaseBadge:
    """The phase of the movement (concentric, top, eccentric, bottom) in the top-right corner."""

    def __init__(self, colours: dict[str, RGB] | None = None) -> None:
        self.colours = dict(_PHASE_COLOURS if colours is None else colours)

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        scale = _unit(frame)
        margin = round(float(12 * scale))
        text = state.phase.upper()
        colour = self.colours.get(state.phase, (97, 97, 97))
        _label(frame, text, (frame.shape[1], margin), 1.0 * scale, (0, 0, 0), colour)
        return frame


class FaultBanner:
    """The latest rep's faults and the first cue, across the bottom, while they apply; the
    lines are wrapped to the frame's width (a portrait frame gets more, shorter lines)."""

    def __init__(self, colour: RGB = (255, 255, 255), background: RGB = (198, 40, 40)) -> None:
        self.colour, self.background = colour, background

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        if not state.fault_names:
            return frame
        unit = _unit(frame)
        scale = round(0.75 * unit, 4)
        margin = round(float(12 * unit))
        room = max(1, frame.shape[1] - 2 * margin)
        lines = fit_lines(f"Rep {state.fault_rep}: {'; '.join(state.fault_names)}", scale, room)
        if state.fault_cue:
            lines += fit_lines(state.fault_cue, scale, room)
        gap = max(1, round(float(2 * unit)))
        y = frame.shape[0] - margin
        for line in reversed(lines):
            y -= _box(line, scale)[1] + gap
            _label(frame, line, (margin, y), scale, self.colour, self.background)
        return frame


def default_annotators() -> tuple[Annotator, ...]:
    """Skeleton, live angles, rep counter, the estimated points' legend, phase and faults,
    in drawing order."""
    return (Skeleton(), AngleLabels(), RepCounter(), EstimatedLegend(), PhaseBadge(), FaultBanner())


def annotate_all(frame: Frame, state: OverlayState, annotators: Sequence[Annotator]) -> Frame:
    for annotator in annotators:
        frame = annotator.annotate(frame, state)
    return frame
