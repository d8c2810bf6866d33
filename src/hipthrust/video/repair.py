"""Putting back a hip and knee that a barbell plate hides, checked against anatomy.

With the plate in front of the hip the pose model still answers with high visibility but puts
the hip on the plate's hub and the knee on the plate (motion.md). What stays trustworthy: the
shoulder and the ankle are rarely hidden, the bar lies across the hip crease (so the plate's
centre is a stand-in for the hip), and the thigh and shank keep their lengths. The repair:

- hip := the plate's centre (or toward the model's own hip where that lies near the plate's
  rim or beyond: there the model saw it, ``model_hip_weight``);
- knee := where a circle of the thigh's length around the hip meets a circle of the shank's
  length around the ankle (two solutions: the knee is the one away from the floor, since with
  the feet planted the knee bends forward and up; a leg longer than the gap is straight);
- segment lengths come from where they were seen (other frames of the set, or other passes of
  the pose model over a photo) or, failing that, from body proportions (thigh = shank, Winter).

``anatomy_cost`` scores any leg chain (repaired or not) so that several candidates can be
ranked instead of trusting one pass of the model. Every repair is recorded as data
(``Repair``: which joint, how, and why).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.motion.side import Side
from hipthrust.video.barbell import Plate
from hipthrust.video.pose_model import FramePose

__all__ = [
    "CHAIN_JOINTS",
    "DEFAULT_ANATOMY_RULES",
    "AnatomyRules",
    "LegChain",
    "Repair",
    "SegmentLengths",
    "anatomy_cost",
    "chains_from_pose",
    "learn_segment_lengths",
    "model_hip_weight",
    "place_knee",
    "repair_chain",
    "repair_frame_pose",
    "shin_cost",
    "two_circle_points",
]

FloatArray = NDArray[np.float64]
CHAIN_JOINTS: tuple[str, ...] = ("ear", "shoulder", "hip", "knee", "ankle", "heel", "foot_index")
_UP = np.array([0.0, -1.0])  # image y grows downward


@dataclass(frozen=True)
class AnatomyRules:
    """What a plausible side view of a bridge or hip thrust looks like (costs are 0 inside the
    limits and grow with the square of the excess, one unit per ``*_scale``)."""

    # Thigh and shank are equally long: 0.245 H and 0.246 H (Winter, Biomechanics and Motor
    # Control of Human Movement, segment lengths) [anthropometry].
    thigh_per_shank: float = 1.0
    # Trunk (shoulder joint to hip joint) 0.288 H against a thigh of 0.245 H [anthropometry].
    trunk_per_thigh: float = 1.18
    # People differ by about 10% in these ratios and a camera a little off square shortens a
    # segment by another 10-15%: a ratio off by this factor costs one unit [design].
    length_ratio_scale: float = 1.3
    trunk_ratio_scale: float = 1.4
    # With the feet planted the ankle is below the knee: a shin leaning more than this from
    # vertical starts to cost, one unit per shin_tilt_scale more [design; bridges and thrusts
    # keep the shin within about 30 degrees of vertical].
    max_shin_tilt_deg: float = 50.0
    shin_tilt_scale_deg: float = 15.0
    # Knee angles a loaded bridge can show: heels under the glutes give about 40 degrees, feet
    # far out about 140 [design].
    knee_angle_range_deg: tuple[float, float] = (30.0, 160.0)
    knee_angle_scale_deg: float = 10.0
    # The model's own visibility below this means the joint was not seen [design].
    min_visibility: float = 0.5
    # A hip this many plate radii beyond the plate's rim does not sit under the bar: the bar
    # crosses the hip crease, but a camera off the bar's axis shows the near plate's centre up
    # to about a radius from the hip (the plate is half a metre nearer the camera) [measured
    # on the development photos].
    hip_from_plate_scale: float = 0.5
    # The pose model's hip within hub_radius plate radii of the centre was fooled by the plate
    # (it answers the hub); beyond edge_radius it saw the hip beside the plate [measured: the
    # model's hips lie 0.1-0.6 radii from the hub where the plate hides them (the tops and the
    # glute bridge's bottom) and 0.9-1.5 radii where the hips show above the plate (the bottom
    # of the bench hip thrust)].
    hub_radius: float = 0.6
    edge_radius: float = 1.0


DEFAULT_ANATOMY_RULES = AnatomyRules()


@dataclass(frozen=True)
class Repair:
    """One joint that was moved, how, and why (shown to the user as data)."""

    side: Side
    joint: str
    method: str  # "plate_centre", "two_circle", "straight_leg"
    reason: str

    def to_json(self) -> dict[str, str]:
        return {
            "side": self.side,
            "joint": self.joint,
            "method": self.method,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class SegmentLengths:
    """Thigh and shank in pixels, and where they came from ("seen" or "proportions")."""

    thigh_px: float
    shank_px: float
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "thigh_px": round(self.thigh_px, 1),
            "shank_px": round(self.shank_px, 1),
            "source": self.source,
        }


def _point(value: Sequence[float] | FloatArray) -> FloatArray:
    return np.asarray(value, dtype=np.float64).reshape(2)


@dataclass(frozen=True, eq=False)
class LegChain:
    """One side's joints (``CHAIN_JOINTS``) in image pixels, as one pass of the model saw them
    (``source``), with the repairs made to it."""

    side: Side
    points: dict[str, FloatArray]
    visibility: dict[str, float]
    source: str = "original"
    repairs: tuple[Repair, ...] = field(default=())

    def __getitem__(self, joint: str) -> FloatArray:
        return self.points.get(joint, np.full(2, np.nan))

    def seen(self, joint: str, rules: AnatomyRules = DEFAULT_ANATOMY_RULES) -> bool:
        repaired = any(r.joint == joint for r in self.repairs)
        visible = self.visibility.get(joint, 0.0) >= rules.min_visibility
        return bool(np.isfinite(self[joint]).all()) and (repaired or visible)

    def moved(self, joint: str, xy: FloatArray, repair: Repair) -> LegChain:
        points = dict(self.points)
        points[joint] = _point(xy)
        return replace(self, points=points, repairs=(*self.repairs, repair))

    def length(self, a: str, b: str) -> float:
        return float(np.hypot(*(self[a] - self[b])))


def chains_from_pose(pose: FramePose, source: str = "original") -> tuple[LegChain, LegChain]:
    """The left and right chains of a pose (in the pose's own pixels)."""
    out = []
    sides: tuple[Side, Side] = ("left", "right")
    for side in sides:
        points, visibility = {}, {}
        for joint in CHAIN_JOINTS:
            i = MEDIAPIPE_33.index(f"{side}_{joint}")
            points[joint] = np.asarray(pose.xy[i], dtype=np.float64)
            visibility[joint] = float(pose.visibility[i])
        out.append(LegChain(side, points, visibility, source))
    return out[0], out[1]


def two_circle_points(
    c1: FloatArray, r1: float, c2: FloatArray, r2: float
) -> tuple[FloatArray, ...]:
    """The points ``r1`` from ``c1`` and ``r2`` from ``c2``: none, one (touching) or two."""
    c1, c2 = _point(c1), _point(c2)
    d = c2 - c1
    dist = float(np.hypot(*d))
    if not (np.isfinite(dist) and dist > 0 and r1 > 0 and r2 > 0):
        return ()
    if dist > r1 + r2 or dist < abs(r1 - r2):
        return ()
    along = (r1**2 - r2**2 + dist**2) / (2 * dist)
    across = math.sqrt(max(r1**2 - along**2, 0.0))
    u = d / dist
    base = c1 + along * u
    if across == 0.0:
        return (base,)
    normal = np.array([-u[1], u[0]])
    return (base + across * normal, base - across * normal)


def place_knee(
    hip: FloatArray, ankle: FloatArray, lengths: SegmentLengths, up: FloatArray = _UP
) -> tuple[FloatArray, str] | None:
    """The knee ``thigh`` from the hip and ``shank`` from the ankle, on the ``up`` side of the
    hip-ankle line; on that line (a straight leg) when the gap is longer than the leg. Returns
    the knee and the method ("two_circle" or "straight_leg"), or None without a hip or ankle."""
    hip, ankle = _point(hip), _point(ankle)
    if not (np.isfinite(hip).all() and np.isfinite(ankle).all()):
        return None
    points = two_circle_points(hip, lengths.thigh_px, ankle, lengths.shank_px)
    if points:
        mid = (hip + ankle) / 2
        best = max(points, key=lambda p: float(np.dot(p - mid, up)))
        return best, "two_circle"
    gap = float(np.hypot(*(ankle - hip)))
    if gap <= 0:
        return None
    share = lengths.thigh_px / (lengths.thigh_px + lengths.shank_px)
    return hip + share * (ankle - hip), "straight_leg"


def _angle_deg(a: FloatArray, b: FloatArray, c: FloatArray) -> float:
    ba, bc = a - b, c - b
    cross = ba[0] * bc[1] - ba[1] * bc[0]
    return float(np.degrees(abs(math.atan2(cross, float(np.dot(ba, bc))))))


def anatomy_cost(
    chain: LegChain,
    rules: AnatomyRules = DEFAULT_ANATOMY_RULES,
    plate: Plate | None = None,
) -> dict[str, float]:
    """Named costs of a chain (0 = plausible); a term whose joints are missing costs 4.

    Geometry: ``lengths`` (thigh against shank), ``trunk`` (trunk against the leg segments),
    ``shin`` (the ankle below the knee), ``knee`` (the knee angle within its range). ``hidden``:
    one unit per shoulder, hip, knee or ankle the model did not see (visibility under
    ``min_visibility``, repaired joints excepted). With a plate: ``plate`` (the hip under the
    bar: anywhere on the plate's disk, costing beyond its rim) and ``covered`` (4 per shoulder
    or ankle inside the plate's disk, where the model can only guess).
    """
    missing = 4.0
    cost: dict[str, float] = {}
    have = {j: bool(np.isfinite(chain[j]).all()) for j in ("shoulder", "hip", "knee", "ankle")}
    thigh, shank = chain.length("hip", "knee"), chain.length("knee", "ankle")
    trunk = chain.length("shoulder", "hip")
    if have["hip"] and have["knee"] and have["ankle"] and thigh > 0 and shank > 0:
        off = math.log(thigh / (shank * rules.thigh_per_shank))
        cost["lengths"] = (off / math.log(rules.length_ratio_scale)) ** 2
        angle = _angle_deg(chain["hip"], chain["knee"], chain["ankle"])
        low, high = rules.knee_angle_range_deg
        cost["knee"] = (max(0.0, low - angle, angle - high) / rules.knee_angle_scale_deg) ** 2
    else:
        cost["lengths"] = cost["knee"] = missing
    if all(have.values()) and trunk > 0 and thigh + shank > 0:
        off = math.log(trunk / (rules.trunk_per_thigh * (thigh + shank) / 2))
        cost["trunk"] = (off / math.log(rules.trunk_ratio_scale)) ** 2
    else:
        cost["trunk"] = missing
    cost["shin"] = shin_cost(chain, rules)
    cost["hidden"] = float(sum(not chain.seen(j, rules) for j in have))
    if plate is not None:
        if have["hip"]:
            off = math.hypot(*(chain["hip"] - np.asarray(plate.centre))) / plate.radius_px
            cost["plate"] = (max(0.0, off - 1.0) / rules.hip_from_plate_scale) ** 2
        else:
            cost["plate"] = missing
        covered = [j for j in ("shoulder", "ankle") if plate.contains(chain[j], 0.95)]
        cost["covered"] = missing * len(covered)
    return cost


def shin_cost(chain: LegChain, rules: AnatomyRules = DEFAULT_ANATOMY_RULES) -> float:
    """How far the shin is from a planted one (the ankle below the knee, the shin within
    ``max_shin_tilt_deg`` of vertical): 0 when it is, 4 without a knee or ankle."""
    d = chain["ankle"] - chain["knee"]
    if not (np.isfinite(d).all() and float(np.hypot(*d)) > 0):
        return 4.0
    tilt = math.degrees(math.atan2(abs(float(d[0])), float(d[1])))  # 0: ankle right below
    return (max(0.0, tilt - rules.max_shin_tilt_deg) / rules.shin_tilt_scale_deg) ** 2


def learn_segment_lengths(
    chains: Iterable[LegChain],
    plate: Plate | None = None,
    rules: AnatomyRules = DEFAULT_ANATOMY_RULES,
) -> SegmentLengths | None:
    """Thigh and shank lengths from chains where they were seen (medians over chains with a
    seen knee and ankle and a planted, plausibly bent leg). With a plate over the hips the
    thigh is hidden and taken from the shank by the body's proportions. None when no shank
    was seen."""
    shanks, thighs = [], []
    for chain in chains:
        if not (chain.seen("knee", rules) and chain.seen("ankle", rules)):
            continue
        costs = anatomy_cost(chain, rules)
        if costs["shin"] > 0 or costs["knee"] > 0:
            continue
        shanks.append(chain.length("knee", "ankle"))
        if plate is None and chain.seen("hip", rules) and costs["lengths"] <= 1.0:
            thighs.append(chain.length("hip", "knee"))
    if not shanks:
        return None
    shank = float(np.median(shanks))
    if thighs:
        return SegmentLengths(float(np.median(thighs)), shank, "seen")
    return SegmentLengths(shank * rules.thigh_per_shank, shank, "proportions")


def model_hip_weight(
    chain: LegChain, plate: Plate, rules: AnatomyRules = DEFAULT_ANATOMY_RULES
) -> float:
    """How much the pose model's own hip is trusted over the plate's centre: 0 while the hip
    sits on the hub (fooled: it could not see the hip), 1 from the plate's rim outward (the
    hip shows beside the plate), linear between ``hub_radius`` and ``edge_radius`` (in plate
    radii) so that a hip moving across it over a clip does not jump."""
    hip = chain["hip"]
    if not (chain.seen("hip", rules) and np.isfinite(hip).all()):
        return 0.0
    off = math.hypot(*(hip - np.asarray(plate.centre))) / plate.radius_px
    span = rules.edge_radius - rules.hub_radius
    return float(min(1.0, max(0.0, (off - rules.hub_radius) / span)))


def repair_chain(
    chain: LegChain,
    plate: Plate,
    lengths: SegmentLengths | None,
    up: FloatArray = _UP,
    rules: AnatomyRules = DEFAULT_ANATOMY_RULES,
) -> LegChain:
    """The chain with its hip on the plate's centre and, given segment lengths and a seen
    ankle, its knee placed by the two-circle intersection.

    Where the model's hip lies toward the plate's rim or beyond (``model_hip_weight``), it saw
    the hip and is trusted in proportion: the hip and the knee are blended toward the model's
    (at the bottom of a bench hip thrust the plate rests low, and a camera off the bar's axis
    shows its centre well away from the hip, which shows above the rim).
    """
    w = model_hip_weight(chain, plate, rules)
    if w >= 1.0:
        return chain
    centre = np.asarray(plate.centre, dtype=np.float64)
    hip = (1 - w) * centre + w * chain["hip"]
    if w > 0:
        why = (
            f"a plate covers the hip; the model's hip lies {w:.0%} of the way from its hub to its "
            "rim, where it can be seen, so the hip is taken that far from the centre toward it"
        )
        method = "plate_and_model"
    else:
        why = "a plate hides the hip; the bar lies across the hip crease, so its centre stands in"
        method = "plate_centre"
    out = chain.moved("hip", hip, Repair(chain.side, "hip", method, why))
    if lengths is None or not chain.seen("ankle", rules):
        return out
    placed = place_knee(hip, chain["ankle"], lengths, up)
    if placed is None:
        return out
    knee, method = placed
    why = (
        f"the plate hides the thigh; knee placed {lengths.thigh_px:.0f} px from the hip and "
        f"{lengths.shank_px:.0f} px from the ankle (lengths: {lengths.source})"
    )
    if method == "straight_leg":
        why = "the plate hides the thigh; the gap from hip to ankle is longer than the leg, so "
        why += "the leg is taken as straight"
    if w > 0 and chain.seen("knee", rules):
        knee = (1 - w) * knee + w * chain["knee"]
        why += f"; blended {w:.0%} toward the model's knee"
    return out.moved("knee", knee, Repair(chain.side, "knee", method, why))


def repair_frame_pose(
    pose: FramePose,
    plate: Plate | None,
    lengths: dict[Side, SegmentLengths] | SegmentLengths | None = None,
    up: FloatArray = _UP,
) -> tuple[FramePose, tuple[Repair, ...]]:
    """One video frame's pose with the hips (and, given lengths, the knees) the plate hides put
    back; unchanged when there is no plate or no hip lies on it.

    ``lengths`` per side, or one pair for both (learned over the set with
    ``learn_segment_lengths``). The repaired joints keep the model's visibility.
    """
    if plate is None:
        return pose, ()
    xy = pose.xy.copy()
    repairs: list[Repair] = []
    for chain in chains_from_pose(pose):
        if not plate.contains(chain["hip"], 1.0):
            continue
        side_lengths = lengths.get(chain.side) if isinstance(lengths, dict) else lengths
        fixed = repair_chain(chain, plate, side_lengths, up)
        for repair in fixed.repairs:
            xy[MEDIAPIPE_33.index(f"{chain.side}_{repair.joint}")] = fixed[repair.joint]
        repairs.extend(fixed.repairs)
    if not repairs:
        return pose, ()
    return FramePose(xy, pose.visibility, pose.world), tuple(repairs)
