"""Drawing the analysis onto frames: annotators with one method, chained.

Each annotator's style is set in ``__init__``; ``annotate(frame, state)`` draws onto the frame
(in place, for speed) and returns it, so annotators chain: ``for a in chain: frame =
a.annotate(frame, state)``. ``OverlayTimeline`` turns a ``SetReport`` and the pose sequence it
came from into one ``OverlayState`` per analysed frame: the landmarks, the live angles, the
phase, the reps done so far and the faults of the latest rep, shown as they happen (from the
rep's top until the next rep's top).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

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
    "FaultBanner",
    "OverlayState",
    "OverlayTimeline",
    "PhaseBadge",
    "RepCounter",
    "Skeleton",
    "annotate_all",
    "default_annotators",
]

RGB = tuple[int, int, int]
Frame = NDArray[np.uint8]
FloatArray = NDArray[np.float64]

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


class Annotator(Protocol):
    def annotate(self, frame: Frame, state: OverlayState) -> Frame: ...


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


class OverlayTimeline:
    """One ``OverlayState`` per analysed frame of ``pose``, from its ``report``."""

    def __init__(self, report: SetReport, pose: PoseSequence) -> None:
        if report.signals.t_s.shape != pose.t.shape:
            raise ValueError("the report was not made from this pose sequence")
        self.report = report
        self.pose = pose
        reps = report.reps
        self._ends = np.array([r.end_s for r in reps], dtype=np.float64)
        self._peaks = np.array([r.peak_s for r in reps], dtype=np.float64)

    def __len__(self) -> int:
        return self.pose.n_frames

    def state(self, i: int, scale: tuple[float, float] = (1.0, 1.0)) -> OverlayState:
        """The state of frame ``i``; ``scale`` maps pose pixels to the drawn frame's pixels."""
        t = float(self.pose.t[i])
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
            xy=self.pose.xy[i] * np.asarray(scale, dtype=np.float64),
            visibility=self.pose.confidence[i],
            side=self.report.side,
            hip_angle_deg=_finite(float(signals.hip_angle_deg[i])),
            knee_angle_deg=_finite(float(signals.knee_angle_deg[i])),
            phase=signals.phase[i],
            reps_done=reps_done,
            rep_total=len(self.report.reps),
            fault_names=names,
            fault_cue=cue,
            fault_rep=shown,
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
    thickness = max(1, round(float(2 * scale)))
    font_scale = 0.8 * scale
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, font_scale, thickness)
    pad = round(float(6 * scale))
    patch = np.empty((h + base + 2 * pad, w + 2 * pad, 3), np.uint8)
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


def _label(
    frame: Frame,
    text: str,
    origin: tuple[int, int],
    scale: float,
    colour: RGB = (255, 255, 255),
    background: RGB = (0, 0, 0),
) -> tuple[int, int]:
    """Text on a filled box with its top-left corner at ``origin`` (moved inside the frame
    when it would stick out); returns the box size."""
    patch = _label_patch(text, round(scale, 4), colour, background)
    h, w = patch.shape[:2]
    x = int(np.clip(origin[0], 0, max(0, frame.shape[1] - w)))
    y = int(np.clip(origin[1], 0, max(0, frame.shape[0] - h)))
    visible = patch[: frame.shape[0] - y, : frame.shape[1] - x]
    frame[y : y + visible.shape[0], x : x + visible.shape[1]] = visible
    return w, h


class Skeleton:
    """Bones between landmarks; the analysed side bright, the far side dim."""

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
            cv2.line(frame, pa, pb, colour, width, cv2.LINE_AA)
        for joint in ("shoulder", "hip", "knee", "ankle"):
            p = _point(state, f"{state.side}_{joint}", self.min_visibility)
            if p is not None:
                cv2.circle(frame, p, width * 2, (255, 255, 255), -1, cv2.LINE_AA)
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
    """The latest rep's faults and the first cue, across the bottom, while they apply."""

    def __init__(self, colour: RGB = (255, 255, 255), background: RGB = (198, 40, 40)) -> None:
        self.colour, self.background = colour, background

    def annotate(self, frame: Frame, state: OverlayState) -> Frame:
        if not state.fault_names:
            return frame
        scale = _unit(frame)
        margin = round(float(12 * scale))
        lines = [f"Rep {state.fault_rep}: {'; '.join(state.fault_names)}"]
        if state.fault_cue:
            lines += _wrap(state.fault_cue, max(20, int(frame.shape[1] / (17 * scale))))
        y = frame.shape[0]
        for line in reversed(lines):
            (_, h), base = cv2.getTextSize(
                line, cv2.FONT_HERSHEY_SIMPLEX, 0.8 * 0.75 * scale, max(1, round(1.5 * scale))
            )
            y -= h + base + round(float(12 * 0.75 * scale)) + 2
            _label(frame, line, (margin, y - margin), 0.75 * scale, self.colour, self.background)
        return frame


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def default_annotators() -> tuple[Annotator, ...]:
    """Skeleton, live angles, rep counter, phase and faults, in drawing order."""
    return (Skeleton(), AngleLabels(), RepCounter(), PhaseBadge(), FaultBanner())


def annotate_all(frame: Frame, state: OverlayState, annotators: Sequence[Annotator]) -> Frame:
    for annotator in annotators:
        frame = annotator.annotate(frame, state)
    return frame
