"""Angles found on the real photo pairs against the rules in labels.json, without and with the
barbell repair.

For every pair in ``../shared/data/labels.json`` (``_0`` bottom, ``_1`` top) it runs

- "plain": one pass of the pose model on the photo, no plate search, no repair (what a naive
  pipeline reports);
- "repaired": the full method of ``hipthrust.video.photo`` (passes on the photo and its mirror
  image, the plate found and painted out, hips and knees under the plate repaired, chains
  ranked by anatomy);

and, with ``--mirror``, the same on mirror images of the photos (the person facing the other
way: a check that nothing depends on which way they lie). Prints one row per pair and method
with the hip and knee angles and whether each rule holds ("n/m": the knee was withheld as not
measurable, with a warning), then the tallies. Exits non-zero when the repaired method reports
an angle that breaks a rule.

    .venv/bin/python benchmarks/photo_accuracy.py [--data ../shared/data] [--mirror]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hipthrust.errors import InputError
from hipthrust.video.photo import PhotoOptions, Position, analyze_image, load_image
from hipthrust.video.pose_model import BlazePose, PoseEstimator

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
METHODS: dict[str, PhotoOptions] = {
    "plain": PhotoOptions(views=("original",), repair=False),
    "repaired": PhotoOptions(),
}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    mirrored: bool
    position: Position | None
    error: str
    seconds: float


Check = bool | str | None  # met, missed, "unmeasured" (not reported, with a warning), n/a


def rule_checks(
    rules: dict[str, Any],
    stance: str,
    bottom: Position | None,
    top: Position | None,
) -> dict[str, Check]:
    """Each rule of labels.json for one pair: True (met), False (missed), "unmeasured" (the
    knee was reported as not measurable), None (the rule does not apply)."""
    top_hip = top.hip_angle_deg if top is not None else None
    bottom_hip = bottom.hip_angle_deg if bottom is not None else None
    out: dict[str, Check] = {
        "top": top_hip is not None and top_hip >= rules["top_hip_angle_min_deg"],
        "bottom": bottom_hip is not None and bottom_hip <= rules["bottom_hip_angle_max_deg"],
        "gap": top_hip is not None
        and bottom_hip is not None
        and top_hip - bottom_hip >= rules["min_top_minus_bottom_deg"],
        "knee": None,
    }
    if stance == "two-leg":
        low, high = rules["two_leg_top_knee_angle_deg"]
        knee = top.knee_angle_deg if top is not None else None
        out["knee"] = "unmeasured" if knee is None else bool(low <= knee <= high)
    return out


def _run(estimator: PoseEstimator, path: Path, method: str, mirrored: bool) -> Row:
    image = load_image(path)
    if mirrored:
        image = np.ascontiguousarray(image[:, ::-1])
    start = time.perf_counter()
    try:
        position: Position | None = analyze_image(image, estimator, METHODS[method])
        error = ""
    except InputError as exc:
        position, error = None, str(exc)
    return Row(path.stem, method, mirrored, position, error, time.perf_counter() - start)


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--mirror", action="store_true", help="also run on mirror images")
    args = parser.parse_args(argv)
    labels_path = args.data / "labels.json"
    if not labels_path.is_file():
        print(f"no labels at {labels_path}", file=sys.stderr)
        return 2
    labels = json.loads(labels_path.read_text(encoding="utf-8"))["photos"]
    rules, pairs = labels["rules"], labels["pairs"]
    print(
        f"rules: top hip >= {rules['top_hip_angle_min_deg']}, bottom hip <= "
        f"{rules['bottom_hip_angle_max_deg']}, top - bottom >= "
        f"{rules['min_top_minus_bottom_deg']}, two-leg top knee in "
        f"{rules['two_leg_top_knee_angle_deg']}"
    )
    header = (
        f"{'pair':26s} {'method':8s} {'mir':3s} | {'bot hip':>7s} {'top hip':>7s} "
        f"{'top knee':>8s} | top bot gap knee | plate repairs voters  s"
    )
    print(header)
    print("-" * len(header))
    tally: dict[str, list[int]] = {m: [0, 0, 0] for m in METHODS}  # met, missed, unmeasured
    mirrors = (False, True) if args.mirror else (False,)
    with BlazePose(static_image_mode=True) as model:
        for name, pair in pairs.items():
            if name.startswith("_"):
                continue
            for mirrored in mirrors:
                for method in METHODS:
                    bottom, top = (
                        _run(model, args.data / "photos" / f"{name}_{i}.jpg", method, mirrored)
                        for i in (0, 1)
                    )
                    checks = rule_checks(rules, pair["stance"], bottom.position, top.position)
                    for check in checks.values():
                        if check is not None:
                            tally[method][0 if check is True else 1 if check is False else 2] += 1
                    marks = " ".join(
                        {True: "yes", False: "NO ", "unmeasured": "n/m"}[check].rjust(len(key))
                        for key, check in checks.items()
                        if check is not None
                    )
                    if checks["knee"] is None:
                        marks += "    ."
                    tp = top.position
                    plate = "yes" if tp is not None and tp.barbell is not None else "no"
                    repairs = len(tp.repairs) if tp is not None else 0
                    voters = tp.voters if tp is not None else 0
                    print(
                        f"{name:26s} {method:8s} {'yes' if mirrored else 'no':3s} | "
                        f"{_fmt(bottom.position.hip_angle_deg if bottom.position else None):>7s} "
                        f"{_fmt(tp.hip_angle_deg if tp else None):>7s} "
                        f"{_fmt(tp.knee_angle_deg if tp else None):>8s} | {marks} | "
                        f"{plate:5s} {repairs:7d} {voters:6d} "
                        f"{bottom.seconds + top.seconds:4.1f}"
                    )
                    for row in (bottom, top):
                        if row.error:
                            print(f"    {row.name}: {row.error}")
    print()
    for method, (n_met, n_missed, n_unmeasured) in tally.items():
        print(
            f"{method:8s}: {n_met} rules met, {n_missed} missed (a wrong angle reported), "
            f"{n_unmeasured} not measured (angle withheld with a warning)"
        )
    return 0 if tally["repaired"][1] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
