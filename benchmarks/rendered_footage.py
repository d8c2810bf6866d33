"""The video pipeline on rendered footage of issue 14's awkward subjects, one row per condition.

Each clip is a synthetic bench hip thrust drawn as a mannequin (``hipthrust_testkit``), filmed
with libx264 and analysed end to end by ``analyze_video`` with a fake pose model that answers
as BlazePose is fooled there (the clips and the fooling are those of ``tests/video``:
``barbell_clips.py``). Per condition: the reps counted against the truth, the largest error of a
rep's top (peak hip angle), whether a plate was found (and whether small, with no scale from
it), the shin checks' verdicts and the ``no_pause`` verdicts. With ``--real`` the clips are read
by the real BlazePose instead (slower: about 10-25 s a clip on two cores), and a hip thrust
45 degrees off the side is added (the fake model's landmarks do not read that turn as
BlazePose's do).

    .venv/bin/python benchmarks/rendered_footage.py [--real]

Conditions: small iron plates of 20, 25 and 30 cm (the hips put half a radius below the hub), a
45 cm plate and a black bumper plate 35 degrees off the side in a portrait clip (hips on the hub,
knees on the plate), a dumbbell across the hips and a bodyweight thrust (no plate: none must be
found), a rack upright in front of the shins (the ankles pulled onto it at the tops, or in
every frame: no shin fault, the shin checks unsure; with BlazePose, no shin fault), a 0.6 s
hold behind that upright (not named ``no_pause``), and a bench hip thrust filmed 35 (and, real
model only, 45) degrees off the side, both feet drawn up the shins at the tops as BlazePose
draws them there (every rep counted, no angle fault).

    .venv/bin/python benchmarks/rendered_footage.py --backgrounds

adds issue 14's backgrounds and small subjects, analysed with the real BlazePose (about 15 s a
clip on this machine, about 5 minutes in all): a white studio, cluttered gyms (seeded rooms), and a
lifter spanning a quarter, a sixth and a seventh of the frame's width (``background_clips.py``).
Per clip: the reps against the truth, the holds' worst error, the faults named, the tops lost,
the share of frames with a person, or the refusal.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _testkit  # noqa: F401  (puts the test kit on the path)

TESTS = str(Path(__file__).resolve().parents[1] / "tests")
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

from hipthrust.motion.analysis import AnalysisOptions  # noqa: E402
from hipthrust.video.pipeline import VideoSettings, analyze_video  # noqa: E402
from hipthrust.video.pose_model import BlazePose, FakeEstimator  # noqa: E402
from hipthrust.video.track import TrackSettings  # noqa: E402
from motion.test_view import ANGLE_FAULTS  # noqa: E402
from video import background_clips as bg  # noqa: E402
from video import barbell_clips as bc  # noqa: E402

SETTINGS = VideoSettings(annotate=False, track=TrackSettings(processes=1, people=None))
BACKGROUND_SETTINGS = VideoSettings(annotate=False, track=TrackSettings(processes=1))
_SHIN = ("shins_forward", "shins_back")


def _conditions(real: bool) -> list[tuple[str, Callable[[], Any], str]]:
    """(name, clip maker, what is expected: "plate", "small", "none", "upright", "hold" or
    "oblique")."""
    out = [
        ("iron plate 20 cm", lambda: bc.small_plate_clip(3, plate_m=0.20), "small"),
        ("iron plate 25 cm", lambda: bc.small_plate_clip(3, plate_m=0.25), "small"),
        ("iron plate 30 cm", lambda: bc.small_plate_clip(3, plate_m=0.30), "small"),
        ("plate 45 cm", lambda: bc.barbell_clip(3), "plate"),
        ("bumper 45 cm, 35 deg off, portrait", lambda: bc.bumper_clip(3, off_side_deg=35), "plate"),
        ("dumbbell across the hips (15 cm heads)", lambda: bc.dumbbell_clip(3), "none"),
        ("bodyweight (nothing over the hips)", lambda: bc.bodyweight_clip(3), "none"),
        ("rack upright, ankles pulled at the tops", lambda: bc.upright_clip(3), "upright"),
        ("rack upright, ankles pulled always",
         lambda: bc.upright_clip(3, dragged="always"), "upright"),
        ("rack upright, a 0.6 s hold", lambda: bc.upright_clip(3), "hold"),
        ("hip thrust 35 deg off the side", lambda: bc.oblique_clip(35.0), "oblique"),
    ]  # fmt: skip
    if real:
        out.append(("hip thrust 45 deg off the side", lambda: bc.oblique_clip(45.0), "oblique"))
    return out


def run_one(
    name: str, make: Callable[[], Any], expect: str, folder: Path, real: bool
) -> dict[str, Any]:
    clip = make()
    path = clip.film(folder / f"{abs(hash(name))}.mp4")
    model = BlazePose if real else functools.partial(FakeEstimator, clip.fooled)
    report = analyze_video(path, folder / "out", AnalysisOptions(), SETTINGS, model, None).report
    truth = [r.peak_hip_angle_deg for r in clip.synthetic.counted]
    errors = [abs(r.peak_hip_angle_deg - t) for r, t in zip(report.reps, truth, strict=False)]
    repaired = [w.message for w in report.warnings if w.id == "barbell_repair"]
    small = bool(repaired) and "small plate" in repaired[0]
    shin = sorted({c.status for rep in report.reps for c in rep.checks if c.id in _SHIN})
    shin_faults = sum(f.id in _SHIN for rep in report.reps for f in rep.faults)
    pauses = [c.status for rep in report.reps for c in rep.checks if c.id == "no_pause"]
    angle_faults = sum(f.id in ANGLE_FAULTS for rep in report.reps for f in rep.faults)
    found = "small" if small else ("plate" if repaired else "none")
    ok = report.rep_count == len(truth) and bool(errors) and max(errors) <= 8.0
    if expect == "upright":
        ok = ok and shin_faults == 0 and found == "none" and (real or shin == ["unsure"])
    elif expect == "hold":
        ok = ok and "fault" not in pauses and found == "none"
    elif expect == "oblique":
        ok = ok and angle_faults == 0 and report.partial_reps == 0 and found == "none"
    else:
        ok = ok and found == expect
        if expect == "small":
            ok = ok and report.scale is None
    holds = ", ".join(f"{r.hold_s:.2f}" for r in report.reps) if expect == "hold" else ""
    return {
        "name": name,
        "reps": f"{report.rep_count}/{len(truth)}",
        "top_err": max(errors) if errors else float("nan"),
        "plate": found,
        "scale": "-" if report.scale is None else f"{report.scale.m_per_px * 1000:.2f} mm/px",
        "shin": ",".join(shin) + (f" ({shin_faults} faults)" if shin_faults else ""),
        "pause": ",".join(sorted(set(pauses))) + (f" ({holds} s)" if holds else ""),
        "angle": angle_faults,
        "ok": ok,
    }


def _background_conditions() -> list[tuple[str, dict[str, Any], str]]:
    """(name, ``background_clip`` arguments, what is expected: "right", "refused", or
    "measured" where the pose model is known to fail: docs/video.md)."""
    thrust = {"exercise": "hip_thrust"}
    return [
        ("white studio, bridge", {"background": "studio", "seed": 1}, "right"),
        ("white studio, hip thrust", {"background": "studio", "seed": 2, **thrust}, "right"),
        *[
            (f"gym room {s}, bridge", {"background": "gym", "seed": s},
             "right" if s in (3, 4, 5) else "measured")
            for s in range(1, 6)
        ],
        *[
            (f"gym room {s}, hip thrust", {"background": "gym", "seed": s, **thrust},
             "right" if s in (1, 5) else "measured")
            for s in range(1, 6)
        ],
        ("a quarter of the width, 640x360", {"share": 0.25}, "right"),
        ("a sixth of the width, 640x360", {"share": 1 / 6}, "right"),
        ("a sixth of the width, 960x540", {"share": 1 / 6, "width": 960, "height": 540},
         "refused"),
        ("a seventh of the width, 960x540", {"share": 1 / 7, "width": 960, "height": 540},
         "refused"),
    ]  # fmt: skip


def run_background(name: str, kwargs: dict[str, Any], expect: str, folder: Path) -> dict[str, Any]:
    import time

    from hipthrust.errors import InputError

    clip = bg.background_clip(**kwargs)
    path = clip.film(folder / f"{abs(hash(name))}.mp4")
    clock = time.perf_counter()
    row: dict[str, Any] = {"name": name, "span": clip.span, "expect": expect}
    try:
        result = analyze_video(path, folder / "out", None, BACKGROUND_SETTINGS)
    except InputError as error:
        refused = "no person was found" in str(error)
        row.update(outcome="refused: no person was found" if refused else f"refused: {error}")
        row.update(seen="-", seconds=time.perf_counter() - clock, ok=refused and expect != "right")
        return row
    report, truth = result.report, clip.synthetic.counted
    holds = [abs(r.hold_s - t.hold_s) for r, t in zip(report.reps, truth, strict=False)]
    faults = report.fault_counts()
    lost = sum("top" in r.not_observed for r in report.reps)
    right = (
        report.rep_count == len(truth)
        and not faults
        and not lost
        and all(h <= 0.3 for h in holds)  # NaN (a hold not seen) is not right
    )
    parts = [f"{report.rep_count}/{len(truth)} reps"]
    finite = [h for h in holds if h == h]
    if finite:
        parts.append(f"holds within {max(finite):.2f} s")
    if lost:
        parts.append(f"{lost} {'top' if lost == 1 else 'tops'} lost (not judged)")
    parts += [f"{n} x {f}" for f, n in sorted(faults.items())]
    seen = float((result.pose.confidence > 0).any(axis=1).mean())
    row.update(outcome=("right: " if right else "") + ", ".join(parts), seen=f"{seen:.0%}")
    row.update(seconds=time.perf_counter() - clock, ok=right or expect == "measured")
    return row


def backgrounds() -> bool:
    """Issue 14's backgrounds and small subjects with the real BlazePose: prints the table and
    returns whether every row met its expectation ("measured" rows always do)."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, kwargs, expect in _background_conditions():
            rows.append(run_background(name, kwargs, expect, Path(tmp)))
    print("\nrendered footage: backgrounds and small subjects, the real BlazePose\n")
    print("| condition | lifter's share of the width | outcome | frames with a person | "
          "expected | s |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for r in rows:
        mark = "" if r["ok"] else " (NOT MET)"
        print(
            f"| {r['name']} | {r['span']:.2f} | {r['outcome']} | {r['seen']} | "
            f"{r['expect']}{mark} | {r['seconds']:.0f} |"
        )
    ok = all(r["ok"] for r in rows)
    print(f"\nbackgrounds and small subjects: {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true", help="read the clips with BlazePose")
    parser.add_argument(
        "--backgrounds", action="store_true", help="add the backgrounds and small subjects"
    )
    args = parser.parse_args()
    real = args.real
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, expect in _conditions(real):
            rows.append(run_one(name, make, expect, Path(tmp), real))
    model = "the real BlazePose" if real else "fake pose model fooled as BlazePose"
    print(f"\nrendered footage: issue 14's awkward subjects, {model}\n")
    print(
        "| condition | reps | worst top error | plate found | scale | shin checks | no_pause "
        "| angle faults | ok |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['name']} | {r['reps']} | {r['top_err']:.1f} deg | {r['plate']} | "
            f"{r['scale']} | {r['shin']} | {r['pause']} | {r['angle']} | "
            f"{'yes' if r['ok'] else 'NO'} |"
        )
    ok = all(r["ok"] for r in rows)
    print(f"\nrendered footage overall: {'PASS' if ok else 'FAIL'}")
    if args.backgrounds:
        ok = backgrounds() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
