"""Accuracy of the motion analysis against synthetic sets with a known truth.

Draws hundreds of realistic sets (``hipthrust_testkit.synth.random_spec``), runs
``hipthrust.motion.analysis.analyze_pose`` on each, matches detected reps to true reps by time
overlap, and prints: rep-count accuracy, hold / peak angle / phase-time errors, per-fault
precision, recall and F1 (per rep), what happens on clips that hold no bridge or hip thrust, a
naive single-threshold counter for comparison, and the time per set. Exits non-zero when a
target is missed.

    .venv/bin/python benchmarks/motion_accuracy.py [--sets 300] [--seed 0]
        [--noise realistic|clean|heavy] [--negatives 10] [--jobs 2] [--dump 5] [--only N]
        [--body-model hinge|bench_contact] [--pose-filter] [--real]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

import _testkit  # noqa: F401  (puts the test kit on the path)
from hipthrust.errors import InputError
from hipthrust.motion.analysis import AnalysisOptions, analyze_pose
from hipthrust.motion.faults import DEFAULT_FAULT_RULES
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust_testkit.synth import (
    FAULTS as SYNTH_FAULTS,
)
from hipthrust_testkit.synth import (
    NEGATIVE_KINDS,
    SyntheticSet,
    TruthRep,
    generate_set,
    negative_example,
    random_spec,
)

# Targets at realistic noise (issue 4).
TARGET_COUNT_EXACT = 0.99
TARGET_HOLD_MAE_S = 0.1
TARGET_PEAK_MAE_DEG = 3.0
TARGET_FAULT_F1 = 0.9
TARGET_NEGATIVES_FLAGGED = 1.0
# Holds of 1-3 s read without bias, on average, under the bench_contact body (issue 14).
TARGET_HOLD_BIAS_S = 0.05
# Two reps match when they overlap by at least this share of the shorter one [design].
MIN_OVERLAP = 0.3
# A floor bridge's feet are judged by the knee at the top (hipthrust.motion.faults), not by
# the bench's vertical-shin rule the synthetic truth labels: on floor sets the truth's shin
# labels give way to feet labels read from the noiseless model's knee angle at the peak, with a
# grey zone of this many degrees around each threshold (and none on a top short of full
# extension, where the analysis does not judge the feet) [design].
FLOOR_FEET = ("feet_too_far", "feet_too_close")
FLOOR_KNEE_MARGIN_DEG = 4.0
FAULTS = SYNTH_FAULTS + FLOOR_FEET


@dataclass
class Pair:
    truth: TruthRep
    peak_deg: float
    hold_s: float
    hold_band_s: float
    concentric_s: float
    eccentric_s: float
    faults: frozenset[str]


@dataclass
class SetResult:
    index: int
    exercise: str
    support: str
    single_leg: bool
    true_count: int
    found_count: int
    naive_count: int
    pairs: list[Pair] = field(default_factory=list)
    missed: list[TruthRep] = field(default_factory=list)  # counted truth reps not found
    extra_faults: list[frozenset[str]] = field(default_factory=list)  # unmatched detections
    warnings: tuple[str, ...] = ()
    error: str = ""
    generate_s: float = 0.0
    analyse_s: float = 0.0
    summary: str = ""


def naive_count(pose: PoseSequence) -> int:
    """A single threshold on the raw hip angle: rising crossings of the mid-range."""
    side = "left" if pose.score("left_hip").mean() >= pose.score("right_hip").mean() else "right"
    s, h, k = (pose.point(f"{side}_{j}") for j in ("shoulder", "hip", "knee"))
    a, b = s - h, k - h
    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    angle = np.degrees(np.arccos(np.clip(cos, -1, 1)))
    seen = angle[np.isfinite(angle)]
    if seen.size < 2:
        return 0
    threshold = (np.percentile(seen, 5) + np.percentile(seen, 95)) / 2
    above = False
    count = 0
    for value in angle:
        if not np.isfinite(value):
            continue
        if value > threshold and not above:
            count += 1
        above = bool(value > threshold)
    return count


def _knee_at(s: SyntheticSet, when: float) -> float:
    """The working leg's hip-knee-ankle angle of the noiseless model at ``when``."""
    i = round(when * s.spec.camera.fps)
    i = min(max(i, 0), s.world.shape[0] - 1)
    hip, knee, ankle = (
        s.world[i, MEDIAPIPE_33.index(f"{s.working_side}_{j}")] for j in ("hip", "knee", "ankle")
    )
    a, b = hip - knee, ankle - knee
    return float(np.degrees(np.arccos(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))))


def floor_truth(s: SyntheticSet) -> tuple[tuple[TruthRep, ...], dict[int, set[str]]]:
    """A floor set's counted reps with the floor's feet labels, and per rep the grey labels."""
    rules = DEFAULT_FAULT_RULES
    out = []
    grey: dict[int, set[str]] = {}
    for j, t in enumerate(s.counted):
        faults = set(t.faults) - {"shins_forward", "shins_back"}
        knee = _knee_at(s, t.peak_s)
        unsure: set[str] = set()
        full = t.peak_hip_angle_deg >= 165.0 + 3.0 and "incomplete_extension" not in t.faults
        for fault, threshold, above in (
            ("feet_too_far", rules.floor_max_knee_deg, True),
            ("feet_too_close", rules.floor_min_knee_deg, False),
        ):
            if not full or abs(knee - threshold) < FLOOR_KNEE_MARGIN_DEG:
                unsure.add(fault)
            elif (knee > threshold) if above else (knee < threshold):
                faults.add(fault)
        grey[j] = unsure
        out.append(replace(t, faults=frozenset(faults)))
    return tuple(out), grey


def _match(truth: tuple[TruthRep, ...], found: list[tuple[float, float]]) -> dict[int, int]:
    """Detected rep index -> truth rep index, one to one, by largest time overlap."""
    scores = []
    for i, (a, b) in enumerate(found):
        for j, t in enumerate(truth):
            overlap = min(b, t.end_s) - max(a, t.start_s)
            shorter = min(b - a, t.end_s - t.start_s)
            if shorter > 0 and overlap / shorter >= MIN_OVERLAP:
                scores.append((overlap, i, j))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(scores, reverse=True):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _describe(s: SyntheticSet) -> str:
    spec, cam, noise = s.spec, s.spec.camera, s.spec.noise
    reps = ", ".join(
        f"{r.index}:{'' if r.counted else 'partial '}{r.peak_hip_angle_deg:.0f}deg "
        f"c{r.concentric_s:.2f}/h{r.hold_s:.2f}/e{r.eccentric_s:.2f}"
        + (f" [{' '.join(sorted(r.faults))}]" if r.faults else "")
        for r in s.truth
    )
    return (
        f"{spec.exercise} H={spec.height_m:.2f}m bench={spec.support_height:.2f} "
        f"shin={spec.shin_tilt_deg:.0f} bottom={s.truth[0].bottom_hip_angle_deg:.0f}deg "
        f"working={spec.working_side} near={s.near_side} | camera {cam.width}x{cam.height} "
        f"{cam.fps:.0f}fps d={cam.distance_m:.1f}m h={cam.height_m:.1f}m roll={cam.roll_deg:.1f} "
        f"head_at={cam.head_at} | noise jitter={noise.jitter_px:.1f}px drops={noise.drop_rate:.3f} "
        f"jumps={noise.jump_rate:.3f} | reps {reps}"
    )


def run_set(
    index: int, seed: int, noise: str, body_model: str = "hinge", pose_filter: bool = False
) -> SetResult:
    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    t0 = time.perf_counter()
    spec = random_spec(
        rng,
        noise,  # type: ignore[arg-type]
        body_model=body_model,  # type: ignore[arg-type]
        pose_filter=pose_filter,
    )
    s = generate_set(spec, rng)
    t1 = time.perf_counter()
    result = SetResult(
        index=index,
        exercise=spec.exercise,
        support=spec.support,
        single_leg=spec.model.free_leg is not None,
        true_count=s.rep_count,
        found_count=0,
        naive_count=naive_count(s.pose),
        generate_s=t1 - t0,
        summary=_describe(s),
    )
    try:
        report = analyze_pose(s.pose, AnalysisOptions(body_height_m=spec.height_m))
    except InputError as e:
        result.error = str(e)
    except Exception as e:  # a crash in the analysis is a result too: keep the run going
        result.error = f"crash {type(e).__name__}: {e}"
    if result.error:
        result.missed = list(s.counted)
        result.analyse_s = time.perf_counter() - t1
        return result
    result.analyse_s = time.perf_counter() - t1
    result.found_count = len(report.reps)
    result.warnings = tuple(w.id for w in report.warnings)
    counted = s.counted
    grey: dict[int, set[str]] = {}
    if s.support == "floor":
        counted, grey = floor_truth(s)
    pairs = _match(counted, [(r.start_s, r.end_s) for r in report.reps])
    for i, rep in enumerate(report.reps):
        faults = frozenset(f.id for f in rep.faults)
        if i in pairs:
            faults -= grey.get(pairs[i], set())  # a grey-zone label is scored neither way
        if i not in pairs:
            result.extra_faults.append(faults)
            continue
        result.pairs.append(
            Pair(
                counted[pairs[i]],
                rep.peak_hip_angle_deg,
                rep.hold_s,
                rep.hold_band_s,
                rep.concentric_s,
                rep.eccentric_s,
                faults,
            )
        )
    matched = set(pairs.values())
    result.missed = [t for j, t in enumerate(counted) if j not in matched]
    return result


@dataclass
class NegativeResult:
    kind: str
    flagged: bool
    reps: int
    naive: int
    reason: str


def run_negative(index: int, seed: int, kind: str) -> NegativeResult:
    rng = np.random.default_rng(np.random.SeedSequence([seed, 10_000 + index]))
    example = negative_example(kind, rng)  # type: ignore[arg-type]
    naive = naive_count(example.pose) if kind != "no_person" else 0
    try:
        report = analyze_pose(example.pose)
    except InputError as e:
        return NegativeResult(kind, True, 0, naive, f"refused: {e}")
    ids = [w.id for w in report.warnings]
    flagged = len(report.reps) == 0 and bool(ids)
    return NegativeResult(kind, flagged, len(report.reps), naive, ",".join(ids) or "no warning")


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp else (0.0 if fp + fn else float("nan"))
    return p, r, f


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _finite(values: list[float]) -> list[float]:
    """Errors of the measures the analysis gave (a phase the clip did not show reads NaN)."""
    return [v for v in values if np.isfinite(v)]


def _mae(values: list[float]) -> float:
    values = _finite(values)
    return float(np.mean(np.abs(values))) if values else float("nan")


def _bias(values: list[float]) -> float:
    values = _finite(values)
    return float(np.mean(values)) if values else float("nan")


def _fault_table(results: list[SetResult]) -> tuple[list[str], bool]:
    lines = [f"{'fault':<24}{'truth':>7}{'found':>7}{'TP':>6}{'prec':>8}{'recall':>8}{'F1':>7}"]
    all_ok = True
    for fault in FAULTS:
        tp = fp = fn = 0
        for r in results:
            for pair in r.pairs:
                t, d = fault in pair.truth.faults, fault in pair.faults
                tp += t and d
                fp += d and not t
                fn += t and not d
            fp += sum(fault in f for f in r.extra_faults)
            fn += sum(fault in t.faults for t in r.missed)
        p, rc, f1 = _prf(tp, fp, fn)
        ok = not tp + fn or f1 >= TARGET_FAULT_F1
        all_ok &= ok
        lines.append(
            f"{fault:<24}{tp + fn:>7}{tp + fp:>7}{tp:>6}{p:>8.3f}{rc:>8.3f}{f1:>7.3f}  "
            f"{_verdict(ok)}"
        )
    return lines, all_ok


def _failures(r: SetResult, peak_tol: float = 6.0, hold_tol: float = 0.3) -> list[str]:
    out = []
    if r.error:
        out.append(f"refused: {r.error}")
    if r.found_count != r.true_count:
        out.append(f"count {r.found_count} (truth {r.true_count})")
    for p in r.pairs:
        t = p.truth
        if abs(p.peak_deg - t.peak_hip_angle_deg) > peak_tol:
            out.append(f"rep {t.index} peak {p.peak_deg:.1f} (truth {t.peak_hip_angle_deg:.1f})")
        if abs(p.hold_band_s - t.hold_band_s) > hold_tol:
            out.append(f"rep {t.index} hold {p.hold_band_s:.2f} (truth {t.hold_band_s:.2f})")
        elif abs(p.hold_s - t.hold_s) > hold_tol:
            out.append(f"rep {t.index} plateau {p.hold_s:.2f} (truth {t.hold_s:.2f})")
        if p.faults != t.faults:
            extra = sorted(p.faults - t.faults)
            lost = sorted(t.faults - p.faults)
            out.append(f"rep {t.index} faults +{extra} -{lost}")
    return out


def report(
    results: list[SetResult],
    negatives: list[NegativeResult],
    args: argparse.Namespace,
    wall_s: float,
) -> bool:
    n = len(results)
    exact = np.mean([r.found_count == r.true_count for r in results])
    naive_exact = np.mean([r.naive_count == r.true_count for r in results])
    pairs = [p for r in results for p in r.pairs]
    hold = [p.hold_s - p.truth.hold_s for p in pairs]
    # Clean pauses a coach would time: a hold of 1-3 s (issue 14's unbiased-hold target).
    paused = [p.hold_s - p.truth.hold_s for p in pairs if 1.0 <= p.truth.hold_s <= 3.0]
    band = [p.hold_band_s - p.truth.hold_band_s for p in pairs]
    peak = [p.peak_deg - p.truth.peak_hip_angle_deg for p in pairs]
    conc = [p.concentric_s - p.truth.concentric_s for p in pairs]
    ecc = [p.eccentric_s - p.truth.eccentric_s for p in pairs]
    true_reps = sum(r.true_count for r in results)
    print(
        f"\nmotion accuracy: {n} sets, {true_reps} true reps, noise={args.noise}, "
        f"seed={args.seed}, body model {getattr(args, 'body_model', 'hinge')}"
        f"{', pose filter' if getattr(args, 'pose_filter', False) else ''}\n"
    )
    rows = [
        (
            "rep count exact",
            f"{exact:.1%}",
            f">= {TARGET_COUNT_EXACT:.0%}",
            _verdict(exact >= TARGET_COUNT_EXACT),
        ),
        (
            "  naive threshold counter",
            f"{naive_exact:.1%}",
            f"analysis/naive = {exact / naive_exact if naive_exact else float('inf'):.2f}x",
            "",
        ),
        (
            "  count MAE (reps/set)",
            f"{_mae([r.found_count - r.true_count for r in results]):.3f}",
            f"naive {_mae([r.naive_count - r.true_count for r in results]):.3f}",
            "",
        ),
        ("reps matched", f"{len(pairs)}/{true_reps}", "", ""),
        (
            "hold MAE (s)",
            f"{_mae(band):.3f}",
            f"<= {TARGET_HOLD_MAE_S} (time within 5 deg of peak)",
            _verdict(_mae(band) <= TARGET_HOLD_MAE_S),
        ),
        ("  hold bias (s)", f"{_bias(band):+.3f}", "", ""),
        (
            "  plateau hold MAE (s)",
            f"{_mae(hold):.3f}",
            f"bias {_bias(hold):+.3f}; info, vs {TARGET_HOLD_MAE_S}",
            "(ok)" if _mae(hold) <= TARGET_HOLD_MAE_S else "(over)",
        ),
        (
            "  holds of 1-3 s: bias (s)",
            f"{_bias(paused):+.3f}",
            f"within +-{TARGET_HOLD_BIAS_S} ({len(_finite(paused))} reps; MAE {_mae(paused):.3f})",
            _verdict(abs(_bias(paused)) <= TARGET_HOLD_BIAS_S),
        ),
        (
            "  reps with a phase not seen",
            f"{len(hold) - len(_finite(hold))}",
            "the clip ended first: no hold, no lowering",
            "",
        ),
        (
            "peak hip angle MAE (deg)",
            f"{_mae(peak):.2f}",
            f"<= {TARGET_PEAK_MAE_DEG}",
            _verdict(_mae(peak) <= TARGET_PEAK_MAE_DEG),
        ),
        ("  peak bias (deg)", f"{_bias(peak):+.2f}", "", ""),
        ("concentric MAE (s)", f"{_mae(conc):.3f}", f"bias {_bias(conc):+.3f}", ""),
        ("eccentric MAE (s)", f"{_mae(ecc):.3f}", f"bias {_bias(ecc):+.3f}", ""),
    ]
    for name, value, target, verdict in rows:
        print(f"{name:<28}{value:>10}   {target:<34}{verdict}")
    ok = exact >= TARGET_COUNT_EXACT and _mae(band) <= TARGET_HOLD_MAE_S
    ok &= _mae(peak) <= TARGET_PEAK_MAE_DEG
    if getattr(args, "body_model", "hinge") == "bench_contact":
        ok &= abs(_bias(paused)) <= TARGET_HOLD_BIAS_S

    print("\nfaults per rep (unmatched reps count as misses / false alarms)")
    lines, faults_ok = _fault_table(results)
    print("\n".join(lines))
    ok &= faults_ok

    print("\nrep count exact by kind of set")
    groups = Counter[str]()
    hits = Counter[str]()
    for r in results:
        key = f"{r.support}{' single-leg' if r.single_leg else ''}"
        groups[key] += 1
        hits[key] += r.found_count == r.true_count
    for key in sorted(groups):
        print(f"  {key:<22}{hits[key]:>4}/{groups[key]:<4} {hits[key] / groups[key]:.1%}")

    if negatives:
        print("\nclips without a bridge or hip thrust (must be flagged, with no reps)")
        neg_ok = True
        for kind in NEGATIVE_KINDS:
            rows_k = [x for x in negatives if x.kind == kind]
            if not rows_k:
                continue
            flagged = sum(x.flagged for x in rows_k)
            reasons = Counter(
                x.reason.split(":")[0] if x.reason.startswith("refused") else x.reason
                for x in rows_k
            )
            share = flagged / len(rows_k)
            neg_ok &= share >= TARGET_NEGATIVES_FLAGGED
            naive = np.mean([x.naive for x in rows_k])
            print(
                f"  {kind:<12}{flagged:>3}/{len(rows_k):<3} flagged  reps given "
                f"{sum(x.reps for x in rows_k):>3}  naive counter {naive:4.1f} reps/clip  "
                f"{_verdict(share >= TARGET_NEGATIVES_FLAGGED)}  "
                f"{', '.join(f'{k} x{v}' for k, v in reasons.most_common(3))}"
            )
        ok &= neg_ok

    gen = np.mean([r.generate_s for r in results])
    ana = np.mean([r.analyse_s for r in results])
    print(
        f"\ntime per set: generate {gen:.3f} s, analyse {ana:.3f} s; wall {wall_s:.0f} s "
        f"with {args.jobs} jobs"
    )

    failing = [(r, _failures(r)) for r in results]
    failing = [(r, f) for r, f in failing if f]
    kinds = Counter[str]()
    for _, problems in failing:
        for problem in problems:
            words = problem.split()
            if words[0] == "rep" and words[2] == "faults":
                kinds.update(f"fault {w.strip('[]+-,')}" for w in words[3:] if w.strip("[]+-,'"))
            else:
                kinds[words[2] if words[0] == "rep" else words[0]] += 1
    print(
        f"\nsets with a miss: {len(failing)}/{n}; misses by kind: "
        + ", ".join(f"{k.replace(chr(39), '')} x{v}" for k, v in kinds.most_common())
    )
    for r, problems in failing[: args.dump]:
        print(f"- set {r.index} (rerun: --only {r.index} --seed {args.seed} --noise {args.noise})")
        print(f"    {r.summary}")
        print(f"    warnings: {', '.join(r.warnings) or '-'}")
        for problem in problems[:8]:
            print(f"    {problem}")
    print(f"\noverall: {_verdict(ok)}")
    return bool(ok)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=300, help="synthetic sets to draw")
    parser.add_argument("--seed", type=int, default=0, help="seed of the whole run")
    parser.add_argument("--noise", choices=("clean", "realistic", "heavy"), default="realistic")
    parser.add_argument("--negatives", type=int, default=10, help="clips per negative kind")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--dump", type=int, default=5, help="failing sets to describe")
    parser.add_argument("--only", type=int, default=None, help="run and describe one set")
    parser.add_argument(
        "--body-model",
        choices=("hinge", "bench_contact"),
        default="hinge",
        help="the synthetic body: hinge (a fixed point of the back on the bench edge, the hip "
        "angle eased) or bench_contact (the back rolls over the edge, the hips' height eased)",
    )
    parser.add_argument(
        "--pose-filter",
        action="store_true",
        help="pass the landmarks through a pose model's One Euro smoothing (BlazePose's)",
    )
    parser.add_argument(
        "--real",
        action="store_true",
        help="then the real pipeline on ../shared/data/video (benchmarks/real_footage.py)",
    )
    args = parser.parse_args(argv)
    if args.only is not None:
        r = run_set(args.only, args.seed, args.noise, args.body_model, args.pose_filter)
        print(r.summary)
        print(
            f"truth {r.true_count} reps, found {r.found_count}, naive {r.naive_count}; "
            f"warnings: {', '.join(r.warnings) or '-'} {r.error}"
        )
        for p in r.pairs:
            t = p.truth
            print(
                f"  rep {t.index}: peak {p.peak_deg:.1f}/{t.peak_hip_angle_deg:.1f} "
                f"hold {p.hold_band_s:.2f}/{t.hold_band_s:.2f} "
                f"plateau {p.hold_s:.2f}/{t.hold_s:.2f} conc {p.concentric_s:.2f}/"
                f"{t.concentric_s:.2f} ecc {p.eccentric_s:.2f}/{t.eccentric_s:.2f} "
                f"faults {sorted(p.faults)}/{sorted(t.faults)}"
            )
        for t in r.missed:
            print(f"  missed rep {t.index} at {t.start_s:.1f}-{t.end_s:.1f} s")
        return 0
    start = time.perf_counter()
    jobs = max(1, args.jobs)
    kinds = [k for k in NEGATIVE_KINDS for _ in range(args.negatives)]
    if jobs == 1:
        results = [
            run_set(i, args.seed, args.noise, args.body_model, args.pose_filter)
            for i in range(args.sets)
        ]
        negatives = [run_negative(i, args.seed, k) for i, k in enumerate(kinds)]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(
                pool.map(
                    run_set,
                    range(args.sets),
                    [args.seed] * args.sets,
                    [args.noise] * args.sets,
                    [args.body_model] * args.sets,
                    [args.pose_filter] * args.sets,
                    chunksize=4,
                )
            )
            negatives = list(
                pool.map(
                    run_negative, range(len(kinds)), [args.seed] * len(kinds), kinds, chunksize=4
                )
            )
    ok = report(results, negatives, args, time.perf_counter() - start)
    if args.real:
        ok &= _real_footage()
    return 0 if ok else 1


def _real_footage() -> bool:
    """The real-footage table beside the synthetic one (benchmarks/real_footage.py)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import real_footage

    if not (real_footage.DEFAULT_DATA / "labels.json").is_file():
        print(f"\nreal footage: no labels.json in {real_footage.DEFAULT_DATA}: skipped")
        return True
    return bool(real_footage.report(real_footage.run(real_footage.DEFAULT_DATA)))


if __name__ == "__main__":
    sys.exit(main())
