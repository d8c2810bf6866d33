"""Finding a planted foot on the floor where something hides the shin.

When an obstacle (a rack's upright, a bench's leg, a plate standing on edge) hides the shin, the
pose model has nothing to put the ankle on and answers a guess, often on the knee
(``repair.shin_cost`` then rejects the chain and the photo reports ``shin_hidden``). The foot
itself usually still shows on the floor beside the obstacle. ``find_planted_foot`` looks for it
from what the model did see (the shoulder, the hip and the knee) and from the image, and says
"not found" unless every piece of evidence agrees:

1. **The floor.** In a floor bridge the shoulders and the feet rest on the same floor, and the
   shoulder joint and the ankle both sit a few centimetres above it, so the ankle is at about the
   shoulder's height in a side view. The ankle is searched in a band of rows around it.
2. **The reach of the shin.** The ankle is a shank's length from the knee (the shank is as long as
   the thigh, Winter), below it, the shin within ``max_shin_tilt_deg`` of vertical. Where the
   floor band is out of that reach (the shoulders up on a bench, level with the knee) there is
   nothing to find.
3. **The foot, not the floor.** Pixels of the band whose colour is far from the floor's (the
   median colour of the band within reach of the knee) are "something on the floor"; where the
   floor fills less than ``min_floor_share`` of the band (a patterned floor, reflections,
   clutter) a foot cannot be told from it and nothing is found. Tall things (the obstacle,
   furniture, the body) are told from a foot by their height: a foot is lower than
   ``tall_per_thigh`` thighs, so a vertical opening of that height keeps only the tall things.
4. **It is the foot of this shin.** A foot lies on the toe side of the knee (the toes point away
   from the hip), is at least ``min_foot_area`` and at most a foot long, and touches a tall thing
   at least as wide as a shin that covers the shin's path from the floor up toward the knee: the
   obstacle that hid the shin. A thing on the floor with no such obstacle beside it is not
   accepted, nor are several that would put the ankle in different places.
5. **The ankle on the foot.** The ankle sits over the rear quarter of the foot (the heel side),
   so it is placed ``ankle_from_toes`` foot lengths from the toes' tip toward the hip (the foot
   being ``foot_per_thigh`` thighs long, Winter), on the floor band's centre line, and kept within
   the obstacle's columns: the shin is hidden, so the ankle cannot stand out in the open. The
   knee angle this gives must be one a bridge can show (``knee_angle_range_deg``).

Every rule is a number in ``FootRules`` marked [design], [anthropometry] or [measured].
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.video.repair import DEFAULT_ANATOMY_RULES, AnatomyRules, LegChain, Repair

__all__ = [
    "DEFAULT_FOOT_RULES",
    "FootFinding",
    "FootRules",
    "dispute_ankle",
    "find_planted_foot",
    "place_foot",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FootRules:
    """What a planted foot beside a hidden shin looks like, in thigh lengths (the model's
    hip-knee distance) so that the rules do not depend on the photo's size."""

    # The ankle is this far from the knee: the shank is as long as the thigh (0.246 H against
    # 0.245 H, Winter) [anthropometry]; the model's thigh is often foreshortened by a camera
    # off square and its knee placed on the thigh's end, up to a third short [design].
    reach_per_thigh: tuple[float, float] = (0.75, 1.6)
    # Ankle and shoulder joint both sit 4-10 cm above the floor (ankle 0.039 H, Winter; half a
    # chest's depth lying down), the near and far sides differ by perspective: the ankle is
    # searched within this many thighs of the shoulder's height [design].
    floor_band_per_thigh: float = 0.25
    # A pixel differs from the floor when its colour is this far (RGB distance, 0-441) from the
    # floor's median colour [design: JPEG noise and shading stay within about 20].
    floor_contrast: float = 40.0
    # The floor (pixels within ``floor_contrast`` of the median) fills at least this share of
    # the band searched; less, and the floor is patterned or crowded, so a foot cannot be told
    # from it. Taken on the toe side of the knee only, where the foot lies (the hip side holds
    # the person's own trunk) [design; measured on the toe side: 0.45-0.63 beside the rack in
    # the Hip_Lift_with_Band photos, 0.02-0.10 on the wooden floor with reflections of
    # Butt_Lift_Bridge].
    min_floor_share: float = 0.4
    # Things taller than this (in thighs) standing on the floor are obstacles or furniture, not a
    # foot: a shoe seen from the side is about 0.15 H high at most, 0.6 thighs [anthropometry].
    tall_per_thigh: float = 0.8
    # The visible part of a foot covers at least this many square thighs (a foot is 0.62 by
    # about 0.25 thighs seen from the side; a third of it showing is enough) [design].
    min_foot_area: float = 0.05
    # The visible part of a foot is no longer than this many thighs: a foot is 0.62 thighs long
    # (Winter), and the model's thigh may be a third short (``reach_per_thigh``) [design].
    max_foot_per_thigh: float = 0.95
    # The foot touches the obstacle: at most this many thighs of floor between them [design].
    max_gap_per_thigh: float = 0.08
    # The obstacle is at least as wide as a shin seen from the side (the calf's depth, about
    # 0.06 H, a quarter of the thigh's length) less a little for a shin seen obliquely [design].
    min_obstacle_per_thigh: float = 0.2
    # The obstacle covers the shin: at least ``min_cover`` of the rows from the floor band up to
    # ``cover_from_knee`` of the way from the knee down to the floor (the model saw the knee, so
    # the very top of the shin may show), in the obstacle's columns next to the foot [design].
    min_cover: float = 0.8
    cover_from_knee: float = 0.25
    # Several things on the floor that pass as the foot must put the ankle within this many
    # thighs of each other (a shoe seen in two pieces); farther apart, the foot is unknown
    # [design].
    max_disagreement_per_thigh: float = 0.15
    # Foot length 0.152 H against a thigh of 0.245 H (Winter) [anthropometry].
    foot_per_thigh: float = 0.62
    # The ankle stands over the rear quarter of the foot: this share of its length from the
    # toes [anthropometry: the lateral malleolus lies about a quarter of the foot's length in
    # front of the heel].
    ankle_from_toes: float = 0.75
    # Cross-check of a planted-looking model ankle (``dispute_ankle``): a foot found this many
    # thighs or more from the model's ankle puts the ankle somewhere else [measured on the 24
    # real photos, as taken and mirrored: where both agree the found ankle lies 0.00-0.23 thighs
    # from the model's, where the model put the ankle on a dumbbell 0.53-0.66 thighs].
    min_dispute_per_thigh: float = 0.4
    # ... and the model's ankle stands at least this many thighs outside the columns of the
    # obstacle that hides the found foot's shin: an ankle in or next to those columns may be
    # the obstacle's own (the near shin hiding the far foot) [design].
    dispute_clearance_per_thigh: float = 0.1


DEFAULT_FOOT_RULES = FootRules()


@dataclass(frozen=True)
class FootFinding:
    """The outcome of one search: the ankle (or None) and why."""

    ankle: tuple[float, float] | None
    reason: str
    toes: tuple[float, float] | None = None
    obstacle_px: tuple[int, int] | None = None  # the obstacle's columns next to the foot

    @property
    def found(self) -> bool:
        return self.ankle is not None


def _unknown(reason: str) -> FootFinding:
    return FootFinding(None, reason)


def find_planted_foot(
    image: NDArray[np.uint8],
    chain: LegChain,
    rules: FootRules = DEFAULT_FOOT_RULES,
    anatomy: AnatomyRules = DEFAULT_ANATOMY_RULES,
) -> FootFinding:
    """The planted foot of ``chain``'s leg beside an obstacle hiding its shin (module docstring),
    from the chain's shoulder, hip and knee and the RGB ``image``; ``ankle`` None when the
    evidence does not agree (the reason says which step failed)."""
    shoulder, hip, knee = chain["shoulder"], chain["hip"], chain["knee"]
    if not all(np.isfinite(p).all() for p in (shoulder, hip, knee)):
        return _unknown("no shoulder, hip or knee")
    thigh = float(np.hypot(*(hip - knee)))
    height, width = image.shape[:2]
    if not thigh > 4:
        return _unknown("no thigh")
    toe_dir = 1.0 if knee[0] >= hip[0] else -1.0  # the toes point away from the hip
    floor_y = float(shoulder[1])
    half = rules.floor_band_per_thigh * thigh
    top, bottom = max(0, math.floor(floor_y - half)), min(height, math.ceil(floor_y + half) + 1)
    near, far = (r * thigh for r in rules.reach_per_thigh)
    drop_max = far  # rows below the knee the ankle can be
    drop_min = near * math.cos(math.radians(anatomy.max_shin_tilt_deg))
    if bottom - top < 3 or floor_y - knee[1] < drop_min or floor_y - knee[1] > drop_max:
        return _unknown("the floor at the shoulders' height is out of the shin's reach")
    # The region searched: the band's rows, columns within reach of the knee.
    x0, x1 = max(0, math.floor(knee[0] - far)), min(width, math.ceil(knee[0] + far) + 1)
    y_up = max(0, math.floor(knee[1]))
    region = image[y_up:bottom, x0:x1].astype(np.float32)
    band = region[top - y_up :]
    floor = np.median(band.reshape(-1, 3), axis=0)
    other = np.linalg.norm(region - floor, axis=2) > rules.floor_contrast
    # The floor's share is taken on the toe side of the knee, where the foot lies: on the hip
    # side the band crosses the person's own hips and trunk lying on the floor.
    k = min(max(round(float(knee[0])) - x0, 1), other.shape[1] - 1)
    toe_side = other[top - y_up :, k:] if toe_dir > 0 else other[top - y_up :, :k]
    if 1.0 - float(toe_side.mean()) < rules.min_floor_share:
        return _unknown("the floor near the feet is not of one colour")
    tall_px = max(3, round(rules.tall_per_thigh * thigh))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, tall_px))
    tall = cv2.morphologyEx(other.astype(np.uint8), cv2.MORPH_OPEN, kernel).astype(bool)
    rows = slice(top - y_up, bottom - y_up)
    low = other[rows] & ~tall[rows]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(low.astype(np.uint8), connectivity=8)
    scene = _Scene(tall, y_up, top, x0, floor_y, toe_dir, thigh)
    found: list[tuple[int, FootFinding]] = []
    why = "nothing on the floor within the shin's reach"
    for k in range(1, count):
        area = int(stats[k, cv2.CC_STAT_AREA])
        if area < rules.min_foot_area * thigh * thigh:
            continue
        finding = _judge(scene, labels == k, chain, rules, anatomy)
        if finding.ankle is None:
            why = finding.reason
        else:
            found.append((area, finding))
    if not found:
        return _unknown(why)
    xs = [f.ankle[0] for _, f in found if f.ankle is not None]
    if max(xs) - min(xs) > rules.max_disagreement_per_thigh * thigh:
        return _unknown("several things on the floor could be the foot")
    return max(found, key=lambda af: af[0])[1]


@dataclass(frozen=True)
class _Scene:
    tall: NDArray[np.bool_]  # tall things, over the region searched (rows from the knee down)
    y_up: int  # the region's first row and column in the image
    top: int  # the floor band's first row in the image
    x0: int
    floor_y: float
    toe_dir: float  # +1: the toes point to the right
    thigh: float


def _knee_angle(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> float:
    a, b = hip - knee, ankle - knee
    return math.degrees(abs(math.atan2(a[0] * b[1] - a[1] * b[0], float(np.dot(a, b)))))


def _judge(
    scene: _Scene,
    mask: NDArray[np.bool_],
    chain: LegChain,
    rules: FootRules,
    anatomy: AnatomyRules,
) -> FootFinding:
    """One low thing on the floor (``mask``, over the band's rows of the region) judged as the
    foot of ``chain`` (steps 4 and 5 of the module docstring)."""
    hip, knee, thigh = chain["hip"], chain["knee"], scene.thigh
    columns = np.flatnonzero(mask.any(axis=0))
    if columns.size > rules.max_foot_per_thigh * thigh:
        return _unknown("the thing on the floor is longer than a foot")
    toe_dir = scene.toe_dir
    tip = int(columns[0] if toe_dir < 0 else columns[-1])  # the toes' tip (region column)
    heel_end = int(columns[-1] if toe_dir < 0 else columns[0])  # the end toward the hip
    band_tall = scene.tall[scene.top - scene.y_up :]
    gap = max(1, round(rules.max_gap_per_thigh * thigh))
    obstacle = _obstacle(band_tall, mask, heel_end, -toe_dir, gap)
    if obstacle is None:
        return _unknown("no obstacle beside the thing on the floor")
    a, b = obstacle
    if b - a + 1 < rules.min_obstacle_per_thigh * thigh:
        return _unknown("the thing beside the foot is too narrow to hide a shin")
    mid_row = round(knee[1] + rules.cover_from_knee * (scene.floor_y - knee[1])) - scene.y_up
    cover = scene.tall[max(0, mid_row) : scene.top - scene.y_up, a : b + 1]
    if cover.size and float(cover.mean()) < rules.min_cover:
        return _unknown("the obstacle beside the thing on the floor does not cover the shin")
    toes_x = float(tip + scene.x0)
    ankle_x = toes_x - toe_dir * rules.ankle_from_toes * rules.foot_per_thigh * thigh
    lo, hi = float(a + scene.x0), float(b + scene.x0)
    ankle = np.array([min(max(ankle_x, lo), hi), scene.floor_y])
    d = ankle - knee
    reach = float(np.hypot(*d)) / thigh
    tilt = math.degrees(math.atan2(abs(float(d[0])), float(d[1])))
    near, far = rules.reach_per_thigh
    if not (near <= reach <= far and tilt <= anatomy.max_shin_tilt_deg):
        return _unknown("the thing on the floor is out of the shin's reach")
    low, high = anatomy.knee_angle_range_deg
    if not low <= _knee_angle(hip, knee, ankle) <= high:
        return _unknown("a foot there would bend the knee beyond what a bridge can")
    return FootFinding(
        (float(ankle[0]), float(ankle[1])),
        f"a foot on the floor at the shoulders' height touches an obstacle "
        f"(x {lo:.0f}-{hi:.0f} px) that covers the shin; the ankle is placed over its rear "
        f"quarter ({rules.ankle_from_toes:.0%} of a foot's length from the toes)",
        (toes_x, scene.floor_y),
        (round(lo), round(hi)),
    )


def _obstacle(
    tall: NDArray[np.bool_], mask: NDArray[np.bool_], end: int, direction: float, gap: int
) -> tuple[int, int] | None:
    """The columns of the tall thing that the component ``mask`` touches at its column ``end``
    (looking ``direction``, within ``gap`` columns), over the component's rows; None if none."""
    rows = np.flatnonzero(mask.any(axis=1))
    columns = tall[rows].mean(axis=0) >= 0.5
    step = 1 if direction > 0 else -1
    start = None
    for c in range(end, end + step * (gap + 1), step):
        if 0 <= c < columns.size and columns[c]:
            start = c
            break
    if start is None:
        return None
    c = start
    while 0 <= c + step < columns.size and columns[c + step]:
        c += step
    return (min(start, c), max(start, c))


def dispute_ankle(
    image: NDArray[np.uint8],
    chain: LegChain,
    rules: FootRules = DEFAULT_FOOT_RULES,
    anatomy: AnatomyRules = DEFAULT_ANATOMY_RULES,
) -> FootFinding | None:
    """The foot found on the floor when it contradicts ``chain``'s own ankle, else None.

    The pose model can put the ankle of a hidden shin on whatever stands below the knee (a
    dumbbell on the floor) and the chain then looks planted. The finder's evidence is positive
    (a foot on the floor, touching an obstacle that covers the shin's path up to the knee); it
    contradicts the model when

    - the ankle it gives lies ``min_dispute_per_thigh`` thighs or more from the model's: more
      than the two can differ when they mark the same ankle, and
    - the model's ankle stands ``dispute_clearance_per_thigh`` thighs or more outside the
      obstacle's columns: the obstacle is not the model's own shin (a near shin standing over
      the far foot), and a shin down to the model's ankle would stand in the open, beside the
      obstacle the foot's shin hides behind.
    """
    ankle = chain["ankle"]
    if not np.isfinite(ankle).all():
        return None
    finding = find_planted_foot(image, chain, rules, anatomy)
    if finding.ankle is None or finding.obstacle_px is None:
        return None
    thigh = chain.length("hip", "knee")
    off = float(np.hypot(*(np.asarray(finding.ankle) - ankle)))
    if off < rules.min_dispute_per_thigh * thigh:
        return None
    lo, hi = finding.obstacle_px
    outside = max(lo - float(ankle[0]), float(ankle[0]) - hi)
    if outside < rules.dispute_clearance_per_thigh * thigh:
        return None
    return replace(
        finding,
        reason=f"the model's ankle ({off / thigh:.2f} thighs away, in the open beside the "
        f"obstacle) is contradicted by the foot on the floor: {finding.reason}",
    )


def place_foot(
    image: NDArray[np.uint8],
    chain: LegChain,
    rules: FootRules = DEFAULT_FOOT_RULES,
    anatomy: AnatomyRules = DEFAULT_ANATOMY_RULES,
    finding: FootFinding | None = None,
) -> LegChain | None:
    """``chain`` with its ankle moved onto the planted foot found beside the obstacle (recorded
    as a ``Repair``, method ``floor_foot``; the model's heel and toes dropped), or None when no
    foot was found. ``finding``: a search already made (``dispute_ankle``)."""
    if finding is None:
        finding = find_planted_foot(image, chain, rules, anatomy)
    if finding.ankle is None:
        return None
    repair = Repair(chain.side, "ankle", "floor_foot", finding.reason)
    moved = chain.moved("ankle", np.asarray(finding.ankle, dtype=np.float64), repair)
    # The model's heel and toes were guesses on a foot it could not see: dropped.
    points = {j: p for j, p in moved.points.items() if j not in ("heel", "foot_index")}
    return replace(moved, points=points)
