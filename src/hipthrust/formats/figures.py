"""Side-view pictures of every catalogue variation at the bottom and the top, drawn by our code.

A small body model (segment lengths in cm, as data) is posed for each variation: the upper back
rests on the floor, a bench edge or a machine's back pad (the pivot); the feet are planted where
the shins are vertical at the top (the catalogue's cue), found from the model itself; the trunk's
angle at each position is data per family; the knee follows from the thigh and shin lengths
(two-link inverse kinematics). The result is a ``Figure``: plain shapes in model centimetres,
y up. ``figure_svg`` writes it as accessible SVG for the web; ``formats.handout`` draws the same
shapes with reportlab, so both show one geometry.

Pure: a variation id and a position in, values out; no files, no network, no copied images.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from hipthrust.coaching.catalogue import (
    Elevation,
    Resistance,
    Stance,
    Variation,
    variation,
)
from hipthrust.errors import InputError

__all__ = [
    "BODY",
    "POSES",
    "POSITIONS",
    "Body",
    "Circle",
    "Figure",
    "Joints",
    "Line",
    "Polygon",
    "Pose",
    "Position",
    "figure",
    "figure_svg",
    "hip_angle",
    "joints",
]

Position = Literal["bottom", "top"]
POSITIONS: tuple[Position, ...] = ("bottom", "top")
Point = tuple[float, float]


@dataclass(frozen=True)
class Body:
    """Segment lengths and thicknesses of an adult of about 175 cm, in cm [design]."""

    trunk: float = 50.0  # shoulder joint to hip joint
    pivot_from_shoulder: float = 12.0  # the bra-strap line, where the upper back rests
    neck: float = 8.0
    head_radius: float = 10.5
    thigh: float = 43.0
    shin: float = 43.0
    ankle_height: float = 8.0  # the ankle joint above the sole
    heel: float = 5.0  # heel behind the ankle
    toe: float = 19.0  # toes in front of the ankle
    upper_arm: float = 30.0
    forearm: float = 27.0
    trunk_width: float = 20.0  # drawn thicknesses
    thigh_width: float = 15.0
    shin_width: float = 11.0
    arm_width: float = 8.0


BODY = Body()


@dataclass(frozen=True)
class Pose:
    """How a family of variations is posed: the support under the upper back, what the feet
    stand on, and the trunk's angle (degrees above horizontal, from the upper back toward the
    hips; negative when the hips sit lower) at the bottom and at the top. ``top_trunk`` None
    means the top is the full position: shoulders, hips and knees in one line."""

    support: Literal["floor", "bench"]
    bottom_trunk: float
    top_trunk: float | None = None
    feet_raised: float = 0.0  # cm under the feet (a step for the deficit hip thrust)


# The height of the bench top (the catalogue asks for 30-40 cm) [seed 001, 002].
BENCH_HEIGHT = 38.0
STEP_HEIGHT = 15.0
PLATE_RADIUS = 22.5  # a 45 cm bumper plate
BAR_RADIUS = 2.5

POSES: dict[str, Pose] = {
    # On the floor the bottom is the pelvis resting on the mat: the trunk lies flat.
    "floor": Pose("floor", bottom_trunk=0.0),
    # Knee hugged: the locked pelvis stops short of the straight line (the test's point).
    "floor_knee_hug": Pose("floor", bottom_trunk=0.0, top_trunk=18.0),
    # On a bench the hips sink toward the floor at the bottom [seed 001: hinge at the bench].
    "bench": Pose("bench", bottom_trunk=-50.0),
    # Feet raised too: the hips sink lower than the feet [catalogue: deficit].
    "bench_deficit": Pose("bench", bottom_trunk=-60.0, feet_raised=STEP_HEIGHT),
}

_COLOURS = {
    "body": "#33577f",
    "far": "#8fa8c4",
    "head": "#33577f",
    "floor": "#6b6b6b",
    "bench": "#8a6d4b",
    "step": "#a08a6b",
    "bar": "#222222",
    "plate": "#444444",
    "pad": "#d9a441",
    "band": "#c0392b",
    "weight": "#444444",
    "machine": "#777777",
}


@dataclass(frozen=True)
class Line:
    start: Point
    end: Point
    width: float
    colour: str
    part: str  # what it draws: "trunk", "thigh", "bench", "bar" ...


@dataclass(frozen=True)
class Circle:
    centre: Point
    radius: float
    colour: str
    part: str
    filled: bool = True
    width: float = 0.0  # the ring's width when not filled


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    colour: str
    part: str


Shape = Line | Circle | Polygon


@dataclass(frozen=True)
class Joints:
    """Where the model's joints are (cm, y up; the upper-back pivot at x = 0)."""

    head: Point
    shoulder: Point
    pivot: Point
    hip: Point
    knee: Point
    ankle: Point
    heel: Point
    toe: Point
    support_top: float  # the height of the floor, bench or pad under the upper back


@dataclass(frozen=True)
class Figure:
    """A variation at one position: its joints and the shapes that draw it, back to front."""

    variation: str
    name: str
    position: Position
    joints: Joints
    shapes: tuple[Shape, ...]
    description: str
    bounds: tuple[float, float, float, float] = field(default=(-95.0, -4.0, 125.0, 108.0))

    def parts(self) -> frozenset[str]:
        return frozenset(shape.part for shape in self.shapes)


# --------------------------------------------------------------------------- geometry


def _add(a: Point, b: Point) -> Point:
    return (a[0] + b[0], a[1] + b[1])


def _along(origin: Point, degrees: float, length: float) -> Point:
    angle = math.radians(degrees)
    return (origin[0] + length * math.cos(angle), origin[1] + length * math.sin(angle))


def _direction(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _distance(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def _knee(hip: Point, ankle: Point, body: Body) -> Point:
    """The knee between hip and ankle (two circles' upper crossing; the knee bends upward)."""
    d = _distance(hip, ankle)
    reach = body.thigh + body.shin
    if d >= reach:  # straight leg
        return _along(hip, _direction(hip, ankle), body.thigh)
    d = max(d, abs(body.thigh - body.shin) + 1e-6)
    a = (body.thigh**2 - body.shin**2 + d**2) / (2 * d)
    h = math.sqrt(max(body.thigh**2 - a**2, 0.0))
    ux, uy = (ankle[0] - hip[0]) / d, (ankle[1] - hip[1]) / d
    base = (hip[0] + a * ux, hip[1] + a * uy)
    one = (base[0] - h * uy, base[1] + h * ux)
    two = (base[0] + h * uy, base[1] - h * ux)
    return one if one[1] >= two[1] else two


def hip_angle(joints: Joints) -> float:
    """The angle at the hip between the trunk and the thigh, in degrees: 180 is the straight
    line from shoulders to knees (full hip extension), smaller is more bent."""
    a = _direction(joints.hip, joints.shoulder)
    b = _direction(joints.hip, joints.knee)
    angle = abs(a - b) % 360
    return 360 - angle if angle > 180 else angle


def _pose_key(item: Variation) -> str:
    if item.elevation is Elevation.BOTH:
        return "bench_deficit"
    if item.elevation is not Elevation.NONE:
        return "bench"
    if item.id.endswith("knee_hug"):
        return "floor_knee_hug"
    return "floor"


def joints(variation_id: str, position: Position, body: Body = BODY) -> Joints:
    """The model's joints for a variation at ``position`` (InputError for an unknown id)."""
    if position not in POSITIONS:
        raise InputError(f"position must be bottom or top, not {position!r}")
    pose = POSES[_pose_key(variation(variation_id))]
    half = body.trunk_width / 2
    support_top = BENCH_HEIGHT if pose.support == "bench" else 0.0
    pivot = (0.0, support_top + half)
    to_hip = body.trunk - body.pivot_from_shoulder
    ankle_y = pose.feet_raised + body.ankle_height
    # The feet are planted where, at the full top, the knee sits over the ankle with the
    # shoulders, hips and knees in line (the catalogue's vertical shins).
    knee_top_y = ankle_y + body.shin
    line = to_hip + body.thigh
    rise = math.degrees(math.asin(max(-1.0, min(1.0, (knee_top_y - pivot[1]) / line))))
    ankle = (_along(pivot, rise, line)[0], ankle_y)
    if position == "bottom":
        trunk = pose.bottom_trunk
    else:
        trunk = rise if pose.top_trunk is None else pose.top_trunk
    hip = _along(pivot, trunk, to_hip)
    knee = _knee(hip, ankle, body)
    shoulder = _along(pivot, trunk + 180, body.pivot_from_shoulder)
    head = _along(shoulder, trunk + 180, body.neck + body.head_radius)
    if pose.support == "floor":  # the head rests on the mat too
        head = (head[0], max(head[1], body.head_radius))
    floor_y = pose.feet_raised
    heel = (ankle[0] - body.heel, floor_y)
    toe = (ankle[0] + body.toe, floor_y)
    return Joints(head, shoulder, pivot, hip, knee, ankle, heel, toe, support_top)


# --------------------------------------------------------------------------- drawing


def _limb(a: Point, b: Point, width: float, part: str, far: bool = False) -> Line:
    return Line(a, b, width, _COLOURS["far" if far else "body"], part)


def _free_leg(item: Variation, j: Joints, body: Body) -> list[Shape]:
    """The leg that does not work, drawn behind: straight, at 90/90, or hugged."""
    thigh_dir = _direction(j.hip, j.knee)
    trunk_dir = _direction(j.hip, j.shoulder)  # from the hip toward the head
    if item.id == "single_leg_glute_bridge":
        knee = _along(j.hip, thigh_dir, body.thigh)
        foot = _along(knee, thigh_dir, body.shin)
    elif item.id.endswith("knee_hug"):
        knee = _along(j.hip, trunk_dir - 35, body.thigh)  # the thigh pulled to the chest
        foot = _along(knee, trunk_dir - 35 - 120, body.shin)
    else:  # 90/90: hip bent to 90 degrees from the trunk, shin parallel to the floor
        knee = _along(j.hip, trunk_dir - 90, body.thigh)
        foot = _along(knee, 0.0, body.shin)
    return [
        _limb(j.hip, knee, body.thigh_width * 0.85, "free_thigh", far=True),
        _limb(knee, foot, body.shin_width * 0.85, "free_shin", far=True),
    ]


def _arm(shoulder: Point, hand: Point, body: Body) -> list[Shape]:
    """Upper arm and forearm from the shoulder to the hand, the elbow bending outward."""
    d = _distance(shoulder, hand)
    reach = body.upper_arm + body.forearm
    if d >= reach:
        elbow = _along(shoulder, _direction(shoulder, hand), body.upper_arm)
    else:
        a = (body.upper_arm**2 - body.forearm**2 + d**2) / (2 * d)
        h = math.sqrt(max(body.upper_arm**2 - a**2, 0.0))
        ux, uy = (hand[0] - shoulder[0]) / d, (hand[1] - shoulder[1]) / d
        base = (shoulder[0] + a * ux, shoulder[1] + a * uy)
        elbow = (base[0] + h * uy, base[1] - h * ux)  # below the line: elbows down
        if elbow[1] < 0:
            elbow = (base[0] - h * uy, base[1] + h * ux)
    return [
        _limb(shoulder, elbow, body.arm_width, "upper_arm"),
        _limb(elbow, hand, body.arm_width * 0.9, "forearm"),
    ]


def _on_hips(j: Joints, body: Body, lift: float) -> Point:
    """A point ``lift`` cm above the hip joint, on the front of the pelvis."""
    trunk_dir = _direction(j.hip, j.shoulder)
    return _along(j.hip, trunk_dir - 90, body.trunk_width / 2 + lift)


def _equipment(item: Variation, j: Joints, body: Body) -> tuple[list[Shape], list[Shape]]:
    """What sits behind the body and what sits in front of it."""
    behind: list[Shape] = [Line((-95.0, 0.0), (125.0, 0.0), 1.5, _COLOURS["floor"], "floor")]
    front: list[Shape] = []
    edge = j.pivot[0] + 2.0
    if item.resistance is Resistance.MACHINE:
        pad = j.support_top
        behind += [
            Polygon(
                ((edge - 40, pad - 7), (edge, pad - 7), (edge, pad), (edge - 40, pad)),
                _COLOURS["machine"],
                "back_pad",
            ),
            Line((edge - 20, 0.0), (edge - 20, pad - 7), 4.0, _COLOURS["machine"], "machine"),
            Line((edge - 45, 0.0), (j.ankle[0] + 30, 0.0), 5.0, _COLOURS["machine"], "machine"),
        ]
    elif j.support_top > 0:
        top = j.support_top
        behind += [
            Polygon(
                ((edge - 45, top - 6), (edge, top - 6), (edge, top), (edge - 45, top)),
                _COLOURS["bench"],
                "bench",
            ),
            Line((edge - 40, 0.0), (edge - 40, top - 6), 3.0, _COLOURS["bench"], "bench"),
            Line((edge - 5, 0.0), (edge - 5, top - 6), 3.0, _COLOURS["bench"], "bench"),
        ]
    if item.elevation is Elevation.BOTH:
        x0, x1 = j.heel[0] - 8, j.toe[0] + 6
        behind.append(
            Polygon(
                ((x0, 0.0), (x1, 0.0), (x1, STEP_HEIGHT), (x0, STEP_HEIGHT)),
                _COLOURS["step"],
                "step",
            )
        )
    if item.resistance is Resistance.BARBELL:
        bar = _on_hips(j, body, BAR_RADIUS + 3.0)
        pad_at = _on_hips(j, body, 1.5)
        front += [
            Circle(pad_at, 3.5, _COLOURS["pad"], "bar_pad"),
            Circle(bar, PLATE_RADIUS - 2.0, _COLOURS["plate"], "plate", filled=False, width=4.0),
            Circle(bar, BAR_RADIUS, _COLOURS["bar"], "bar"),
        ]
    elif item.resistance is Resistance.DUMBBELL_KETTLEBELL:
        weight = _on_hips(j, body, 7.0)
        front.append(Circle(weight, 7.0, _COLOURS["weight"], "dumbbell"))
    elif item.resistance is Resistance.MACHINE:
        belt = _on_hips(j, body, 3.0)
        front += [
            Circle(belt, 5.0, _COLOURS["pad"], "hip_pad"),
            Line(belt, (belt[0] + 10.0, 0.0), 3.0, _COLOURS["machine"], "machine"),
        ]
    elif item.resistance is Resistance.BAND:
        # A loop just above the knees, drawn across the thigh.
        thigh_dir = _direction(j.knee, j.hip)
        at = _along(j.knee, thigh_dir, 9.0)
        across = thigh_dir + 90
        half = body.thigh_width / 2 + 2.0
        a, b = _along(at, across, half), _along(at, across + 180, half)
        c, d = _along(b, thigh_dir, 3.5), _along(a, thigh_dir, 3.5)
        front.append(Polygon((a, b, c, d), _COLOURS["band"], "band"))
    return behind, front


def _hand(item: Variation, j: Joints, body: Body, free: list[Shape]) -> Point:
    if item.resistance in (Resistance.BARBELL, Resistance.DUMBBELL_KETTLEBELL):
        return _on_hips(j, body, 9.0)  # holding the bar or the weight
    if item.id.endswith("knee_hug") and free:
        knee = free[0]
        assert isinstance(knee, Line)
        return knee.end  # both hands hold the hugged knee
    if j.support_top > 0:  # arms along the bench
        return (j.pivot[0] - 40.0, j.support_top + body.arm_width / 2)
    reach = body.upper_arm + body.forearm - 1.0  # arms straight on the floor by the sides
    return (j.shoulder[0] + reach, body.arm_width / 2)


_SUPPORT_WORDS = {
    "floor": "upper back on the floor",
    "bench": "upper back on the bench edge",
    "machine": "upper back on the machine's back pad",
}


def _describe(item: Variation, position: Position, j: Joints) -> str:
    support = (
        "machine"
        if item.resistance is Resistance.MACHINE
        else ("bench" if j.support_top > 0 else "floor")
    )
    where = _SUPPORT_WORDS[support]
    if position == "bottom":
        hips = (
            "hips resting on the floor" if support == "floor" else "hips lowered toward the floor"
        )
    else:
        angle = hip_angle(j)
        hips = (
            "hips up, shoulders, hips and knees in one line, shins vertical"
            if angle > 172
            else "hips up as far as they go without arching the back"
        )
    extras = []
    if item.stance is Stance.SINGLE_LEG:
        extras.append("one foot planted, the other leg held off the floor")
    if item.elevation is Elevation.BOTH:
        extras.append("feet on a low step")
    extras += {
        Resistance.BARBELL: ["a padded bar across the hips"],
        Resistance.DUMBBELL_KETTLEBELL: ["a weight held on the hips"],
        Resistance.BAND: ["a band around the knees"],
        Resistance.MACHINE: ["the machine's pad across the hips"],
        Resistance.BODYWEIGHT: [],
    }[item.resistance]
    text = f"Side view: {where}, {hips}"
    return text + ("; " + "; ".join(extras) if extras else "") + "."


def figure(variation_id: str, position: Position, body: Body = BODY) -> Figure:
    """The picture of ``variation_id`` at ``position`` as shapes (cm, y up)."""
    item = variation(variation_id)
    j = joints(variation_id, position, body)
    behind, front = _equipment(item, j, body)
    free = _free_leg(item, j, body) if item.stance is Stance.SINGLE_LEG else []
    hand = _hand(item, j, body, free)
    body_shapes: list[Shape] = [
        *free,
        _limb(j.hip, j.knee, body.thigh_width, "thigh"),
        _limb(j.knee, j.ankle, body.shin_width, "shin"),
        _limb(j.heel, j.toe, 6.0, "foot"),
        _limb(j.ankle, _add(j.heel, (0.0, 3.0)), 7.0, "foot"),
        _limb(j.shoulder, j.hip, body.trunk_width, "trunk"),
        _limb(
            j.shoulder, _along(j.shoulder, _direction(j.shoulder, j.head), body.neck), 9.0, "neck"
        ),
        Circle(j.head, body.head_radius, _COLOURS["head"], "head"),
        *_arm(j.shoulder, hand, body),
    ]
    return Figure(
        item.id,
        item.name,
        position,
        j,
        (*behind, *body_shapes, *front),
        _describe(item, position, j),
    )


# --------------------------------------------------------------------------- SVG


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def figure_svg(variation_id: str, position: Position, body: Body = BODY) -> str:
    """The picture as an accessible SVG document (``role="img"``, a title and a description)."""
    drawn = figure(variation_id, position, body)
    left, bottom, right, top = drawn.bounds

    def xy(point: Point) -> str:
        return f"{_n(point[0] - left)},{_n(top - point[1])}"

    ident = f"fig-{drawn.variation.replace('_', '-')}-{position}"
    title = f"{drawn.name}: {position} position"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(right - left)} '
        f'{_n(top - bottom)}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'class="figure" data-position="{position}" data-variation={quoteattr(drawn.variation)}>',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(drawn.description)}</desc>',
    ]
    for shape in drawn.shapes:
        if isinstance(shape, Line):
            x1, y1 = xy(shape.start).split(",")
            x2, y2 = xy(shape.end).split(",")
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{shape.colour}" '
                f'stroke-width="{_n(shape.width)}" stroke-linecap="round" '
                f'data-part="{shape.part}"/>'
            )
        elif isinstance(shape, Circle):
            cx, cy = xy(shape.centre).split(",")
            paint = (
                f'fill="{shape.colour}"'
                if shape.filled
                else f'fill="none" stroke="{shape.colour}" stroke-width="{_n(shape.width)}"'
            )
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{_n(shape.radius)}" {paint} '
                f'data-part="{shape.part}"/>'
            )
        else:
            points = " ".join(xy(point) for point in shape.points)
            parts.append(
                f'<polygon points="{points}" fill="{shape.colour}" data-part="{shape.part}"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
