"""One still photo of a position: its angles, measured as a coach would measure a frame.

``analyze_image`` runs the pose estimator on the photo and on a mirrored copy (lying poses
come out differently each way), finds a barbell plate, and when the plate hides the hips
also runs it on copies with the plate painted out. Every pass gives two leg chains (left and
right); where the plate hides the hip each chain is repaired (``repair.repair_chain``). The
chains are ranked by anatomy (``repair.anatomy_cost``) instead of trusting one pass: those
within ``plausible_margin`` of the best vote, and the one closest to the others in hip and
knee angle is reported, with the spread of the voters as a measure of agreement. When no pass
shows a planted shin (something hides it), the ankle is looked for on the foot on the floor
(``feet.find_planted_foot``); found nowhere, the knee and shin angles are withheld.

Angles follow the motion core's conventions (``motion.signals``): hip angle shoulder-hip-knee
(180 on the shoulder-knee line, more when the hip rises past it), knee angle hip-knee-ankle,
shin angle against vertical, trunk angle against the floor.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.motion.report import SCHEMA_VERSION, ReportWarning
from hipthrust.motion.side import Side
from hipthrust.motion.signals import compute_kinematics
from hipthrust.video.barbell import DEFAULT_PLATE_RULES, Plate, PlateRules, find_plate
from hipthrust.video.feet import DEFAULT_FOOT_RULES, FootRules, dispute_ankle, place_foot
from hipthrust.video.pose_model import FramePose, PoseEstimator
from hipthrust.video.repair import (
    DEFAULT_ANATOMY_RULES,
    AnatomyRules,
    LegChain,
    Repair,
    anatomy_cost,
    chains_from_pose,
    learn_segment_lengths,
    repair_chain,
    shin_cost,
)

__all__ = [
    "IMAGE_SUFFIXES",
    "VIEWS",
    "Candidate",
    "PhotoOptions",
    "Position",
    "analyze_image",
    "analyze_photo",
    "load_image",
    "mask_plate",
    "mirror_pose",
]

FloatArray = NDArray[np.float64]
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
# The passes of the pose model: plain and mirrored always, the plate painted out when a plate
# hides the hips.
VIEWS: tuple[str, ...] = ("original", "mirrored", "plate_masked", "plate_masked_mirrored")
_MIRROR_INDEX = tuple(
    MEDIAPIPE_33.index(
        name.replace("left_", "right_")
        if name.startswith("left_")
        else name.replace("right_", "left_")
    )
    for name in MEDIAPIPE_33
)


@dataclass(frozen=True)
class PhotoOptions:
    """What the user knows about the photo and the rules to apply."""

    side: Side | None = None  # None: the side the anatomy ranks best
    views: tuple[str, ...] = VIEWS  # passes to run (plate passes only when a plate is found)
    repair: bool = True  # False: report the plain pose model (for comparison)
    plates: PlateRules = DEFAULT_PLATE_RULES
    anatomy: AnatomyRules = DEFAULT_ANATOMY_RULES
    # Where no pass shows a planted shin, the foot is looked for on the floor beside what hides
    # the shin (``feet.find_planted_foot``); None: the knee is then withheld.
    feet: FootRules | None = DEFAULT_FOOT_RULES
    # Chains whose anatomy cost is within this of the best one vote [design].
    plausible_margin: float = 1.0
    # Voters whose hip angles spread (interquartile range) wider than this earn a warning
    # [design].
    max_spread_deg: float = 15.0
    tilt_deg: float = 0.0  # camera roll; photos are taken level unless told otherwise

    def __post_init__(self) -> None:
        if self.side is not None and self.side not in ("left", "right"):
            raise InputError(f"side must be left or right, not {self.side!r}")
        unknown = [v for v in self.views if v not in VIEWS]
        if unknown or "original" not in self.views:
            raise InputError(f"views must include original and come from {', '.join(VIEWS)}")
        if not (math.isfinite(self.tilt_deg) and abs(self.tilt_deg) <= 45):
            raise InputError(f"the camera tilt must be within 45 degrees, not {self.tilt_deg}")


@dataclass(frozen=True, eq=False)
class Candidate:
    """One leg chain from one pass, with its anatomy costs."""

    chain: LegChain
    costs: dict[str, float]
    plate: Plate | None = None  # the plate the costs were taken against

    @property
    def total(self) -> float:
        return float(sum(self.costs.values()))


def _angles(chain: LegChain, size: tuple[int, int], tilt_deg: float) -> dict[str, float]:
    points = {j: chain[j][None, :] for j in ("shoulder", "hip", "knee", "ankle", "ear")}
    k = compute_kinematics(points, np.zeros(1), (size[0] / 2, size[1] / 2), tilt_deg)
    return {
        "hip": float(k.hip_angle[0]),
        "knee": float(k.knee_angle[0]),
        "shin": float(k.shin_angle[0]),
        "trunk": float(k.trunk_angle[0]),
    }


def _num(value: float | None, digits: int = 1) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


@dataclass(frozen=True)
class Position:
    """The measured position in one photo."""

    side: Side
    hip_angle_deg: float | None
    knee_angle_deg: float | None
    shin_angle_deg: float | None
    trunk_angle_deg: float | None
    points: dict[str, tuple[float, float]]
    barbell: Plate | None
    repairs: tuple[Repair, ...]
    warnings: tuple[ReportWarning, ...]
    source: str  # the pass the reported chain came from
    voters: int
    hip_spread_deg: float
    knee_spread_deg: float
    width: int
    height: int
    tilt_deg: float = 0.0
    candidates: tuple[Candidate, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        barbell: dict[str, Any] = (
            self.barbell.to_json() if self.barbell is not None else {"detected": False}
        )
        return {
            "side": self.side,
            "hip_angle_deg": _num(self.hip_angle_deg),
            "knee_angle_deg": _num(self.knee_angle_deg),
            "shin_angle_deg": _num(self.shin_angle_deg),
            "trunk_angle_deg": _num(self.trunk_angle_deg),
            "points": {
                j: [round(x, 1), round(y, 1)]
                for j, (x, y) in self.points.items()
                if math.isfinite(x) and math.isfinite(y)
            },
            "barbell": barbell,
            "repairs": [r.to_json() for r in self.repairs],
            "warnings": [w.to_json() for w in self.warnings],
            "source": self.source,
            "agreement": {
                "voters": self.voters,
                "hip_spread_deg": _num(self.hip_spread_deg),
                "knee_spread_deg": _num(self.knee_spread_deg),
            },
            "image": {"width": self.width, "height": self.height},
            "tilt_deg": _num(self.tilt_deg),
        }

    def report(self) -> dict[str, Any]:
        """The JSON document ``hipthrust analyze photo.jpg --json`` prints."""
        return {"schema_version": SCHEMA_VERSION, "kind": "photo", "position": self.to_json()}


def load_image(path: Path) -> NDArray[np.uint8]:
    """The photo at ``path`` as an RGB array; InputError when it is missing or not an image."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    data = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise InputError(f"{path.name}: not an image this program can read (use JPEG or PNG)")
    return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def mirror_pose(pose: FramePose, width: int) -> FramePose:
    """A pose found on a mirrored image, put back into the original image: x flipped and left
    and right swapped."""
    xy = pose.xy[list(_MIRROR_INDEX)].copy()
    xy[:, 0] = width - xy[:, 0]
    visibility = pose.visibility[list(_MIRROR_INDEX)]
    world = None
    if pose.world is not None:
        world = pose.world[list(_MIRROR_INDEX)].copy()
        world[:, 0] = -world[:, 0]
    return FramePose(xy, visibility, world)


def mask_plate(image: NDArray[np.uint8], plate: Plate) -> NDArray[np.uint8]:
    """The image with the plate's disk painted in the mean colour just outside its rim, so
    the pose model does not read the plate as a thigh."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    dist = np.hypot(xx - plate.centre[0], yy - plate.centre[1])
    ring = (dist > 1.12 * plate.radius_px) & (dist < 1.3 * plate.radius_px)
    fill = image[ring].mean(axis=0) if bool(ring.any()) else np.full(3, 127.0)
    out = image.copy()
    out[dist <= 1.1 * plate.radius_px] = np.round(fill).astype(np.uint8)
    return out


def _run(estimator: PoseEstimator, image: NDArray[np.uint8], mirrored: bool) -> FramePose | None:
    width = image.shape[1]
    view = np.ascontiguousarray(image[:, ::-1]) if mirrored else image
    pose = estimator.estimate(view, 0.0)
    if pose is None:
        return None
    return mirror_pose(pose, width) if mirrored else pose


def _hip_guesses(poses: list[FramePose]) -> FloatArray:
    hips = [p.xy[MEDIAPIPE_33.index(f"{s}_hip")] for p in poses for s in ("left", "right")]
    return np.asarray(hips, dtype=np.float64)


def _passes(
    image: NDArray[np.uint8], estimator: PoseEstimator, options: PhotoOptions
) -> tuple[dict[str, FramePose], Plate | None]:
    poses: dict[str, FramePose] = {}
    for view in ("original", "mirrored"):
        if view in options.views:
            pose = _run(estimator, image, view == "mirrored")
            if pose is not None:
                poses[view] = pose
    if not poses:
        return poses, None
    plate = None
    if options.repair:
        for pose in poses.values():
            plate = find_plate(image, pose.xy, options.plates)
            if plate is not None:
                break
    if plate is not None:
        masked = mask_plate(image, plate)
        for view, mirrored in (("plate_masked", False), ("plate_masked_mirrored", True)):
            if view in options.views:
                pose = _run(estimator, masked, mirrored)
                if pose is not None:
                    poses[view] = pose
    return poses, plate


def _candidates(
    poses: dict[str, FramePose], plate: Plate | None, options: PhotoOptions
) -> list[Candidate]:
    chains = [c for view, pose in poses.items() for c in chains_from_pose(pose, view)]
    if options.side is not None:
        chains = [c for c in chains if c.side == options.side]
    if plate is not None:
        covered = [c for c in chains if plate.contains(c["hip"], 1.0)]
        if covered:
            lengths = learn_segment_lengths(chains, plate, options.anatomy)
            chains = [repair_chain(c, plate, lengths, rules=options.anatomy) for c in chains]
        else:
            plate = None  # a plate, but not over the hips: nothing to repair
    return [Candidate(c, anatomy_cost(c, options.anatomy, plate), plate) for c in chains]


def _feet_on_floor(
    image: NDArray[np.uint8], candidates: list[Candidate], options: PhotoOptions
) -> list[Candidate]:
    """The candidates whose ankle could be put on a planted foot found on the floor
    (``feet.place_foot``), with the ankle moved there and their costs recomputed."""
    if options.feet is None or not options.repair:
        return []
    out = []
    for c in candidates:
        chain = place_foot(image, c.chain, options.feet, options.anatomy)
        if chain is None:
            continue
        plate = c.plate
        placed = Candidate(chain, anatomy_cost(chain, options.anatomy, plate), plate)
        if shin_cost(chain, options.anatomy) <= 1.0:
            out.append(placed)
    return out


def _disputed_ankles(
    image: NDArray[np.uint8], candidates: list[Candidate], options: PhotoOptions
) -> list[Candidate]:
    """The planted candidates, unless a foot found on the floor contradicts every one's ankle
    (``feet.dispute_ankle``): then those whose ankle, moved onto the foot found, still gives a
    planted shin (none: the knee is withheld). While some pass's ankle stands uncontradicted
    the candidates are left as they are: the vote over the passes already outweighs one
    wrong ankle, and the foot on the floor is a fallback, not preferred to the model."""
    if options.feet is None or not options.repair:
        return candidates
    moved = []
    for c in candidates:
        finding = dispute_ankle(image, c.chain, options.feet, options.anatomy)
        if finding is None:
            return candidates
        chain = place_foot(image, c.chain, options.feet, options.anatomy, finding)
        if chain is not None and shin_cost(chain, options.anatomy) <= 1.0:
            moved.append(Candidate(chain, anatomy_cost(chain, options.anatomy, c.plate), c.plate))
    return moved


# The cost terms that bear on each angle (``repair.anatomy_cost``), and the joints it uses.
_HIP_TERMS = ("trunk", "plate", "covered")
_KNEE_TERMS = ("lengths", "shin", "knee", "covered")
_HIP_JOINTS = ("shoulder", "hip", "knee")
_KNEE_JOINTS = ("hip", "knee", "ankle")


def _angle_cost(
    c: Candidate, terms: tuple[str, ...], joints: tuple[str, ...], rules: AnatomyRules
) -> float:
    hidden = sum(not c.chain.seen(j, rules) for j in joints)
    return float(sum(c.costs.get(t, 0.0) for t in terms) + hidden)


@dataclass(frozen=True)
class _Vote:
    value: float
    voters: int
    spread: float
    best_cost: float


def _vote(
    candidates: list[Candidate],
    angles: list[dict[str, float]],
    angle: str,
    terms: tuple[str, ...],
    joints: tuple[str, ...],
    options: PhotoOptions,
) -> _Vote:
    """The median of one angle over the candidates whose joints for it are plausible (cost
    within ``plausible_margin`` of the best), and the spread (interquartile range) of those
    voters."""
    costs = np.asarray([_angle_cost(c, terms, joints, options.anatomy) for c in candidates])
    values = np.asarray([a[angle] for a in angles])
    ok = np.isfinite(values) & np.isfinite(costs)
    if not bool(ok.any()):
        return _Vote(float("nan"), 0, float("nan"), float("inf"))
    best = float(costs[ok].min())
    voters = values[ok & (costs <= best + options.plausible_margin)]
    q1, q3 = np.percentile(voters, [25, 75])
    return _Vote(float(np.median(voters)), int(voters.size), float(q3 - q1), best)


def _representative(
    candidates: list[Candidate],
    angles: list[dict[str, float]],
    hip: _Vote,
    knee: _Vote,
    options: PhotoOptions,
) -> Candidate:
    """The chain reported (its side, points and repairs): among the hip angle's voters, the one
    closest to the voted hip and knee angles; the cheapest chain when nobody voted."""
    cheapest = int(np.argmin([c.total for c in candidates]))
    if not math.isfinite(hip.value):
        return candidates[cheapest]

    def distance(k: int) -> float:
        off = abs(angles[k]["hip"] - hip.value)
        if math.isfinite(knee.value) and math.isfinite(angles[k]["knee"]):
            off += abs(angles[k]["knee"] - knee.value)
        return off

    voters = [
        k
        for k, c in enumerate(candidates)
        if math.isfinite(angles[k]["hip"])
        and _angle_cost(c, _HIP_TERMS, _HIP_JOINTS, options.anatomy)
        <= hip.best_cost + options.plausible_margin
    ]
    if not voters:
        return candidates[cheapest]
    return candidates[min(voters, key=lambda k: (distance(k), candidates[k].total))]


def _warnings(
    chosen: Candidate,
    plate: Plate | None,
    hip: _Vote,
    knee_ok: bool,
    options: PhotoOptions,
) -> list[ReportWarning]:
    warnings: list[ReportWarning] = []
    chain = chosen.chain
    if chain.repairs and plate is not None:
        warnings.append(
            ReportWarning(
                "barbell_repair",
                "The plate hides the hip and thigh: the hip was placed at the plate's centre "
                "and the knee from the leg's lengths, so these angles are estimates.",
            )
        )
    floor_foot = [r for r in chain.repairs if r.method == "floor_foot"]
    if floor_foot and knee_ok:
        warnings.append(
            ReportWarning(
                "ankle_from_floor",
                "Something hides the shin: the ankle was placed over the foot found on the floor "
                "beside it, so the knee and shin angles are estimates.",
            )
        )
    if not knee_ok:
        warnings.append(
            ReportWarning(
                "shin_hidden",
                "The shin could not be seen (no pass of the pose model put the ankle where a "
                "planted foot can be), so the knee and shin angles are not reported.",
            )
        )
    unseen = [j for j in ("shoulder", "hip", "knee", "ankle") if not chain.seen(j, options.anatomy)]
    if unseen:
        warnings.append(
            ReportWarning(
                "low_visibility",
                f"The pose model barely saw the {', '.join(unseen)}: the angles that use "
                f"{'it' if len(unseen) == 1 else 'them'} are less certain.",
            )
        )
    if math.isfinite(hip.spread) and hip.spread > options.max_spread_deg:
        warnings.append(
            ReportWarning(
                "passes_disagree",
                f"Passes of the pose model that all look plausible disagree on the hip angle "
                f"(spread {hip.spread:.0f}°): film square from the side, whole body in frame.",
            )
        )
    return warnings


def analyze_image(
    image_rgb: NDArray[np.uint8],
    estimator: PoseEstimator,
    options: PhotoOptions = PhotoOptions(),
) -> Position:
    """The position in one RGB image; InputError when no person is found."""
    if image_rgb.ndim != 3 or image_rgb.shape[2] != 3 or image_rgb.dtype != np.uint8:
        raise InputError("the photo must be a colour image")
    height, width = image_rgb.shape[:2]
    poses, plate = _passes(image_rgb, estimator, options)
    if not poses:
        raise InputError("no person was found in the photo")
    candidates = _candidates(poses, plate, options)
    if not candidates:
        raise InputError("no person was found in the photo")
    # The working leg has its foot planted: when some pass shows a planted shin, chains
    # without one (a free leg in the air, an ankle put on the knee) do not vote. When none does,
    # the foot may still show on the floor beside what hides the shin.
    planted = [c for c in candidates if shin_cost(c.chain, options.anatomy) <= 1.0]
    if planted:
        # A planted-looking ankle can still lie on something below the knee while the foot
        # shows on the floor beside what hides the shin: the foot is preferred.
        planted = _disputed_ankles(image_rgb, planted, options)
    if not planted:
        planted = _feet_on_floor(image_rgb, candidates, options)
    knee_ok = bool(planted)
    if planted:
        candidates = planted
    size = (width, height)
    angles = [_angles(c.chain, size, options.tilt_deg) for c in candidates]
    hip = _vote(candidates, angles, "hip", _HIP_TERMS, _HIP_JOINTS, options)
    knee = _vote(candidates, angles, "knee", _KNEE_TERMS, _KNEE_JOINTS, options)
    chosen = _representative(candidates, angles, hip, knee, options)
    shin = _vote(candidates, angles, "shin", _KNEE_TERMS, _KNEE_JOINTS, options)
    trunk = _vote(candidates, angles, "trunk", _HIP_TERMS, ("shoulder", "hip"), options)
    warnings = _warnings(chosen, plate, hip, knee_ok, options)
    chain = chosen.chain
    return Position(
        side=chain.side,
        hip_angle_deg=hip.value,
        knee_angle_deg=knee.value if knee_ok else None,
        shin_angle_deg=shin.value if knee_ok else None,
        trunk_angle_deg=trunk.value,
        points={j: (float(chain[j][0]), float(chain[j][1])) for j in chain.points},
        barbell=plate,
        repairs=chain.repairs,
        warnings=tuple(warnings),
        source=chain.source,
        voters=hip.voters,
        hip_spread_deg=hip.spread,
        knee_spread_deg=knee.spread,
        width=width,
        height=height,
        tilt_deg=options.tilt_deg,
        candidates=tuple(candidates),
    )


def analyze_photo(
    path: Path,
    estimator: PoseEstimator | None = None,
    options: PhotoOptions = PhotoOptions(),
) -> Position:
    """The position in the photo at ``path``; the bundled BlazePose model (still-image mode)
    unless an estimator is given."""
    image = load_image(path)
    if estimator is not None:
        return analyze_image(image, estimator, options)
    from hipthrust.video.pose_model import BlazePose

    with BlazePose(static_image_mode=True) as model:
        try:
            return analyze_image(image, model, options)
        except InputError as error:
            raise InputError(f"{path.name}: {error}") from None


_BONES = (("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle"), ("ankle", "foot_index"))
_LINE = (255, 200, 0)  # RGB
_JOINT = (255, 255, 255)
_TEXT = (255, 255, 255)
_TEXT_BACK = (20, 20, 20)


def draw_position(image: NDArray[np.uint8], position: Position) -> NDArray[np.uint8]:
    """A copy of the photo (RGB) with the reported leg chain, its joints and its angles drawn:
    what ``hipthrust analyze photo.jpg --out DIR`` writes beside the JSON."""
    canvas = np.ascontiguousarray(image.copy())
    height, width = canvas.shape[:2]
    scale = max(1.0, min(width, height) / 480)
    thick = max(2, round(3 * scale))

    def at(name: str) -> tuple[int, int] | None:
        point = position.points.get(name)
        if point is None or not (math.isfinite(point[0]) and math.isfinite(point[1])):
            return None
        return round(point[0]), round(point[1])

    for a, b in _BONES:
        p, q = at(a), at(b)
        if p is not None and q is not None:
            cv2.line(canvas, p, q, _LINE, thick, cv2.LINE_AA)
    for name in position.points:
        p = at(name)
        if p is not None:
            cv2.circle(canvas, p, thick + 2, _JOINT, -1, cv2.LINE_AA)
    for name, value in (("hip", position.hip_angle_deg), ("knee", position.knee_angle_deg)):
        p = at(name)
        if p is None or value is None:
            continue
        text = f"{name} {value:.0f} deg"
        size = 0.6 * scale
        (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, size, 1)
        x = min(max(0, p[0] + 8), max(0, width - w - 4))
        y = min(max(h + 4, p[1] - 8), height - base - 2)
        cv2.rectangle(canvas, (x - 3, y - h - 3), (x + w + 3, y + base + 1), _TEXT_BACK, -1)
        cv2.putText(canvas, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, size, _TEXT, 1, cv2.LINE_AA)
    return canvas


def write_photo_outputs(
    source: Path, image: NDArray[np.uint8], position: Position, out_dir: Path
) -> tuple[Path, Path]:
    """Write ``<name>.position.json`` and ``<name>.annotated.png`` into ``out_dir``."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out_dir}: cannot create the folder ({error.strerror})") from None
    json_path = out_dir / f"{source.stem}.position.json"
    picture_path = out_dir / f"{source.stem}.annotated.png"
    drawn = cv2.cvtColor(draw_position(image, position), cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".png", drawn)
    try:
        json_path.write_text(json.dumps(position.report(), indent=2) + "\n", encoding="utf-8")
        if not ok:
            raise OSError(0, "the picture could not be encoded")
        picture_path.write_bytes(encoded.tobytes())
    except OSError as error:
        raise InputError(f"{out_dir}: cannot write ({error.strerror})") from None
    return json_path, picture_path
