"""Speed and memory of the video pipeline against the naive loop, on the same clips.

The naive loop is what one writes first: read a frame with OpenCV, run BlazePose on it, draw
the landmarks, write the frame (OpenCV's mp4v writer). The pipeline is the product itself,
``hipthrust analyze CLIP --json``: decode and pose on both cores, the analysis, the chart, and
a second decoding pass that draws the overlay and writes H.264. Every run is its own process
tree, sampled from outside every 0.1 s: peak total RSS (pages shared by the main process, the
fork server and the pose process counted once per process) and peak total PSS (shared pages
split between them: what the run really takes), and the CPU time of the tree.

Other work may load the machine while this runs, so the runs alternate (naive, pipeline,
pipeline at every frame; the order turned each round) for ``--rounds`` rounds: the table
gives the median frames per second of each method and the median of the per-round ratios to
the naive run of the same round, with the load average around the rounds.

Clips are made in a temporary folder: the real glute bridge video (../shared/data) retimed to
30 fps, looped forward and back, and scaled to 720p and 1080p; without it, a synthetic lifter
drawn as a mannequin. ``--long-minutes`` also makes a long 1080p clip the same way and runs
the product on it with BlazePose once: peak memory for a whole long clip. ``--check-rate``
measures what analysing at a lower frame rate changes in the answer: synthetic sets with a
known truth (realistic noise), each analysed at its full rate and every ``k``-th frame,
both compared with the truth and with each other.

    .venv/bin/python benchmarks/analyze_speed.py [--seconds 20] [--rounds 3]
        [--long-minutes 10] [--check-rate] [--sets 300] [--keep DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

import _testkit  # noqa: F401  (puts the test kit on the path)
from hipthrust.errors import InputError
from hipthrust.motion.analysis import analyze_pose
from hipthrust.motion.report import RepReport, SetReport
from hipthrust.video.decode import probe, read_frames
from hipthrust.video.encode import EncodeSettings, VideoSink
from hipthrust.video.pose_model import quiet_mediapipe_logs, silenced_stderr
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import (
    CameraSpec,
    RepSpec,
    TruthRep,
    generate_set,
    plain_set,
    random_spec,
)

# ../shared/data beside the repository (a worktree sits one folder deeper)
SHARED_VIDEO = next(
    (
        found
        for found in (
            Path(__file__).resolve().parents[k]
            / "shared/data/video/glute_bridge_bodyweight_side.mp4"
            for k in (2, 3)
        )
        if found.is_file()
    ),
    Path(__file__).resolve().parents[2] / "shared/data/video/glute_bridge_bodyweight_side.mp4",
)
TARGET_REAL_TIME_720P = 2.0
TARGET_PEAK_MB = 700.0
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}
FPS = 30.0


@dataclasses.dataclass(frozen=True)
class Case:
    """One clip the naive loop and the pipeline both run on, and the pipeline's target."""

    name: str
    size: tuple[int, int]
    fps: float
    target_vs_naive: float
    source: str  # where the target comes from
    repeat: bool = False  # the shared clip as filmed, end to end (else looped forward and back)


# Issue 15: 2.5x the naive loop at 720p (issue 14's floor: 2x), with the annotated video at the
# source's frame rate; 2x on the shared bridge clip (24 fps) three times over; 1080p: 2x.
CASES = {
    "720p": Case("720p", SIZES["720p"], FPS, 2.5, "issue 15 (issue 14: 2x)"),
    "1080p": Case("1080p", SIZES["1080p"], FPS, 2.0, "earlier target"),
    "720p24": Case(
        "720p, 24 fps, 3x the bridge", SIZES["720p"], 24000 / 1001, 2.0, "issue 15", repeat=True
    ),
}


# --- clips ----------------------------------------------------------------------------------


def _source_frames() -> tuple[list[np.ndarray], str]:
    """Frames to loop: the real clip's, or a drawn synthetic set's."""
    if SHARED_VIDEO.is_file():
        info = probe(SHARED_VIDEO)
        return [f.rgb for f in read_frames(info)], "real glute bridge (looped)"
    camera = CameraSpec(width=1280, height=720)
    rep = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.5)
    synthetic = generate_set(plain_set("glute_bridge", 4, rep=rep, camera=camera), _rng(1))
    scene = Scene(1280, 720)
    pose = synthetic.clean
    frames = [
        render_scene(scene, [Figure(pose.xy[i], synthetic.near_side)]) for i in range(pose.n_frames)
    ]
    return frames, "synthetic mannequin"


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def make_clip(
    path: Path,
    frames: list[np.ndarray],
    size: tuple[int, int],
    seconds: float,
    fps: float = FPS,
    repeat: bool = False,
) -> Path:
    """``seconds`` of ``fps`` video at ``size``: the frames forward, then back, repeated (or,
    with ``repeat``, the frames as they are, end to end: ``seconds`` is then ignored and the
    clip is three times the frames)."""
    cycle = frames if repeat else frames + frames[-2:0:-1]
    if (cycle[0].shape[1], cycle[0].shape[0]) != size:
        cycle = [cv2.resize(f, size, interpolation=cv2.INTER_LINEAR) for f in cycle]
    n = 3 * len(cycle) if repeat else int(seconds * fps)
    settings = EncodeSettings(
        preset="veryfast", crf=20, x264_params=""
    )  # High, B-frames: a phone's
    with VideoSink(path, size[0], size[1], fps, settings) as sink:
        for i in range(n):
            sink.write(cycle[i % len(cycle)], i / fps)
    return path


# --- runs (each in its own process tree, measured from outside) ----------------------------


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the fork server and the pose processes among them)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _memory_and_cpu(pid: int) -> tuple[float, float, float]:
    """``(rss MB, pss MB, cpu s)`` of one process; zeros once it is gone."""
    try:
        rss = pss = 0.0
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return rss, pss, cpu
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0, 0.0


def measure(command: list[str]) -> dict[str, Any]:
    """Run ``command``; wall time, CPU time and the peak total RSS and PSS of its process tree
    (sampled every 0.1 s: RSS counts pages shared between the processes once per process,
    PSS splits them, so PSS is the memory the run really takes)."""
    # Output to files, not pipes: a long clip's JSON outgrows a pipe's buffer, and the child
    # would wait for a reader while this loop waits for it to end.
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True)
        cpu: dict[int, float] = {}
        peak_rss = peak_pss = 0.0
        while process.poll() is None:
            rss_sum = pss_sum = 0.0
            for pid in _tree(process.pid):
                rss, pss, used = _memory_and_cpu(pid)
                rss_sum, pss_sum = rss_sum + rss, pss_sum + pss
                cpu[pid] = max(cpu.get(pid, 0.0), used)
            peak_rss, peak_pss = max(peak_rss, rss_sum), max(peak_pss, pss_sum)
            time.sleep(0.1)
        wall = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{err}")
    return {
        "wall_s": wall,
        "cpu_s": sum(cpu.values()),
        "rss_mb": peak_rss,
        "pss_mb": peak_pss,
        "stdout": out,
    }


def run_naive(clip: Path, out: Path) -> int:
    """The naive loop; returns the number of frames."""
    quiet_mediapipe_logs()
    with silenced_stderr():
        from mediapipe.python.solutions import pose as mp_pose

        model = mp_pose.Pose(model_complexity=1)
    capture = cv2.VideoCapture(str(clip))
    fps = capture.get(cv2.CAP_PROP_FPS)
    width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
    height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    frames = 0
    with silenced_stderr():
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            result = model.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            if result.pose_landmarks is not None:
                points = [
                    (int(p.x * width), int(p.y * height)) for p in result.pose_landmarks.landmark
                ]
                for a, b in mp_pose.POSE_CONNECTIONS:
                    cv2.line(bgr, points[a], points[b], (0, 255, 0), 3)
            writer.write(bgr)
            frames += 1
    writer.release()
    model.close()
    return frames


def naive(clip: Path, out: Path) -> dict[str, Any]:
    result = measure([sys.executable, __file__, "--naive", str(clip), str(out)])
    result["reps"] = None
    return result


def pipeline(clip: Path, out: Path, fps: float | None = None) -> dict[str, Any]:
    """The product itself: ``hipthrust analyze CLIP --json``."""
    command = [str(Path(sys.executable).with_name("hipthrust")), "analyze", str(clip), "--json"]
    command += ["--out", str(out)] + (["--analysis-fps", f"{fps:g}"] if fps else [])
    result = measure(command)
    data = json.loads(result["stdout"])
    result["reps"] = data["report"]["rep_count"]
    result["stages"] = data["outputs"]["seconds"]
    return result


# --- what a lower analysis rate changes -------------------------------------------------------


def _pairs(truth: tuple[TruthRep, ...], reps: tuple[RepReport, ...]) -> dict[int, int]:
    """Found rep -> true rep, one to one, by the largest time overlap (at least 30 % of the
    shorter one)."""
    scores = []
    for i, rep in enumerate(reps):
        for j, true in enumerate(truth):
            overlap = min(rep.end_s, true.end_s) - max(rep.start_s, true.start_s)
            shorter = min(rep.end_s - rep.start_s, true.end_s - true.start_s)
            if shorter > 0 and overlap / shorter >= 0.3:
                scores.append((overlap, i, j))
    pairs: dict[int, int] = {}
    for _, i, j in sorted(scores, reverse=True):
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


@dataclasses.dataclass
class _Score:
    """One analysis rate's answers against the truth."""

    sets: int = 0
    exact: int = 0
    errors: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, report: SetReport | None, truth: tuple[TruthRep, ...]) -> None:
        self.sets += 1
        if report is None:
            self.fn += sum(len(t.faults) for t in truth)
            return
        self.exact += len(report.reps) == len(truth)
        pairs = _pairs(truth, report.reps)
        for i, rep in enumerate(report.reps):
            found = {f.id for f in rep.faults}
            if i not in pairs:
                self.fp += len(found)
                continue
            true = truth[pairs[i]]
            for key, value in (
                ("hold_s", rep.hold_s - true.hold_s),
                ("hold_band_s", rep.hold_band_s - true.hold_band_s),
                ("peak_deg", rep.peak_hip_angle_deg - true.peak_hip_angle_deg),
                ("concentric_s", rep.concentric_s - true.concentric_s),
                ("eccentric_s", rep.eccentric_s - true.eccentric_s),
            ):
                self.errors.setdefault(key, []).append(abs(value))
            self.tp += len(found & true.faults)
            self.fp += len(found - true.faults)
            self.fn += len(true.faults - found)
        matched = set(pairs.values())
        self.fn += sum(len(t.faults) for j, t in enumerate(truth) if j not in matched)

    def line(self, name: str) -> str:
        f1 = 2 * self.tp / max(1, 2 * self.tp + self.fp + self.fn)
        maes = ", ".join(f"{k} {np.mean(v):.3f}" for k, v in self.errors.items())
        return f"  {name:<22} count exact {self.exact}/{self.sets}, fault F1 {f1:.3f}; MAE {maes}"


def check_rate(sets: int, fps: float, step: int, seed: int = 7) -> list[str]:
    """Synthetic sets filmed at ``fps``, analysed whole and every ``step``-th frame."""
    rng = np.random.default_rng(seed)
    whole, thinned = _Score(), _Score()
    same_count = same_faults = paired = 0
    between: dict[str, list[float]] = {"hold_s": [], "peak_deg": [], "concentric_s": []}
    for _ in range(sets):
        spec = random_spec(rng, "realistic")
        spec = dataclasses.replace(spec, camera=dataclasses.replace(spec.camera, fps=fps))
        synthetic = generate_set(spec, rng)
        answers: list[SetReport | None] = []
        for pose in (synthetic.pose, synthetic.pose.every(step)):
            try:
                answers.append(analyze_pose(pose))
            except InputError:
                answers.append(None)
        whole.add(answers[0], synthetic.counted)
        thinned.add(answers[1], synthetic.counted)
        a, b = answers
        if a is None or b is None or len(a.reps) != len(b.reps):
            continue
        same_count += 1
        for x, y in zip(a.reps, b.reps, strict=True):
            paired += 1
            same_faults += {f.id for f in x.faults} == {f.id for f in y.faults}
            between["hold_s"].append(abs(x.hold_s - y.hold_s))
            between["peak_deg"].append(abs(x.peak_hip_angle_deg - y.peak_hip_angle_deg))
            between["concentric_s"].append(abs(x.concentric_s - y.concentric_s))
    lines = [
        f"{fps:g} fps analysed whole and every {step} frames ({fps / step:g} fps), {sets} "
        "synthetic sets (realistic noise):",
        whole.line(f"whole ({fps:g} fps)"),
        thinned.line(f"every {step} ({fps / step:g} fps)"),
        f"  between the two: same rep count {same_count}/{sets}, same faults {same_faults}/"
        f"{paired} reps; "
        + ", ".join(
            f"|{k}| median {np.median(v):.3f} p95 {np.percentile(v, 95):.3f} max {max(v):.3f}"
            for k, v in between.items()
            if v
        ),
    ]
    return lines


# --- main -----------------------------------------------------------------------------------


def _load() -> float:
    return os.getloadavg()[0]


def _row(name: str, method: str, runs: list[dict[str, Any]], frames: int, fps_clip: float,
         ratios: list[float] | None, target: str = "") -> str:  # fmt: skip
    fps = statistics.median(frames / r["wall_s"] for r in runs)
    cpu = statistics.median(1000 * r["cpu_s"] / frames for r in runs)
    ratio = "-" if ratios is None else f"{statistics.median(ratios):.2f}" if ratios else "1"
    reps = {r.get("reps") for r in runs} - {None}
    label = method + (f" ({', '.join(str(n) for n in sorted(reps))} reps)" if reps else "")
    return (
        f"| {name} | {label} | {fps:.1f} | {fps / fps_clip:.2f} | {ratio} | {target or '-'} | "
        f"{cpu:.1f} | {max(r['rss_mb'] for r in runs):.0f} | {max(r['pss_mb'] for r in runs):.0f} |"
    )


def _speed_rows(args: argparse.Namespace, folder: Path, rows: list[str]) -> list[str]:
    """Naive loop and pipeline, alternated, on each clip; the targets missed."""
    failures: list[str] = []
    frames, source = _source_frames()
    print(
        f"clips: {source}, {args.seconds:g} s at 30 fps, or as filmed three times over "
        "(made once, kept with --keep)"
    )
    for key in args.sizes.split(","):
        case = CASES[key]
        clip = folder / f"clip_{key}.mp4"
        if not clip.exists():
            make_clip(clip, frames, case.size, args.seconds, case.fps, case.repeat)
        info = probe(clip)
        n_frames = info.n_frames
        methods: dict[str, Any] = {
            "naive": lambda out, clip=clip: naive(clip, out / "naive.mp4"),
            "pipeline": lambda out, clip=clip: pipeline(clip, out),
        }
        if args.also_fps and not case.repeat:
            methods["also"] = lambda out, clip=clip: pipeline(clip, out, args.also_fps)
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in methods}
        loads = [_load()]
        print(f"  {case.name}: {info.duration_s:.1f} s, {n_frames} frames at {info.fps:.3f} fps")
        for k in range(args.rounds):
            order = list(methods) if k % 2 == 0 else list(reversed(methods))
            for method in order:
                out = folder / f"out_{key}_{method}_{k}"
                out.mkdir(exist_ok=True)
                runs[method].append(methods[method](out))
            loads.append(_load())
            fps = {m: n_frames / runs[m][-1]["wall_s"] for m in methods}
            ratio_now = runs["naive"][-1]["wall_s"] / runs["pipeline"][-1]["wall_s"]
            print(
                f"  {case.name} round {k + 1}: "
                + ", ".join(f"{m} {v:.1f} fps" for m, v in fps.items())
                + f"; pipeline {ratio_now:.2f}x the naive loop (target {case.target_vs_naive}x)"
                + f"; stages (s) {runs['pipeline'][-1]['stages']}; load {loads[-1]:.1f}",
                flush=True,
            )
        ratio = {
            m: [n["wall_s"] / r["wall_s"] for r, n in zip(runs[m], runs["naive"], strict=True)]
            for m in methods
            if m != "naive"
        }
        target = f">= {case.target_vs_naive:g}x ({case.source})"
        rows.append(_row(case.name, "naive loop", runs["naive"], n_frames, info.fps, []))
        rows.append(
            _row(case.name, "pipeline", runs["pipeline"], n_frames, info.fps,
                 ratio["pipeline"], target)
        )  # fmt: skip
        if "also" in methods:
            label = f"pipeline, `--analysis-fps {args.also_fps:g}`"
            rows.append(_row(case.name, label, runs["also"], n_frames, info.fps, ratio["also"]))
        print(f"  {case.name}: load average {min(loads):.1f}-{max(loads):.1f} over the rounds")
        speedup = statistics.median(ratio["pipeline"])
        real_time = statistics.median(info.duration_s / r["wall_s"] for r in runs["pipeline"])
        if speedup < case.target_vs_naive:
            failures.append(
                f"{case.name}: {speedup:.2f}x the naive loop < {case.target_vs_naive}x "
                f"({case.source}); per round {', '.join(f'{v:.2f}' for v in ratio['pipeline'])}"
            )
        if key == "720p" and real_time < TARGET_REAL_TIME_720P:
            failures.append(f"720p: {real_time:.2f}x real time < {TARGET_REAL_TIME_720P}x")
        if max(r["pss_mb"] for r in runs["pipeline"]) > TARGET_PEAK_MB:
            failures.append(f"{case.name}: peak memory (PSS) above {TARGET_PEAK_MB:.0f} MB")
    return failures


def _long_rows(args: argparse.Namespace, folder: Path, rows: list[str]) -> list[str]:
    """The product, with BlazePose, on a long 1080p clip: the peak memory of a whole run."""
    frames, _ = _source_frames()
    minutes = args.long_minutes
    clip = folder / f"long_{minutes:g}min_1080p.mp4"
    if not clip.exists():
        started = time.perf_counter()
        make_clip(clip, frames, SIZES["1080p"], minutes * 60)
        print(f"  long clip made in {time.perf_counter() - started:.0f} s", flush=True)
    load = _load()
    result = pipeline(clip, folder / "out_long")
    print(f"  long run: stages (s) {result['stages']}; load {load:.1f}-{_load():.1f}")
    frames_long = int(minutes * 60 * FPS)
    name = f"1080p, {minutes:g} min"
    rows.append(
        _row(name, "pipeline", [result], frames_long, FPS, None, f"<= {TARGET_PEAK_MB:g} MB")
    )
    if result["pss_mb"] > TARGET_PEAK_MB:
        return [f"1080p {minutes:g} min: peak memory (PSS) above {TARGET_PEAK_MB:.0f} MB"]
    return []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the speed clips")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds per size")
    parser.add_argument("--long-minutes", type=float, default=0.0, help="long 1080p memory clip")
    parser.add_argument("--check-rate", action="store_true", help="what a lower rate changes")
    parser.add_argument("--sets", type=int, default=300, help="sets for --check-rate")
    parser.add_argument(
        "--sizes",
        default="720p,720p24,1080p",
        help=f"clips to run, of {', '.join(CASES)} ('' for none)",
    )
    parser.add_argument(
        "--also-fps", type=float, default=30.0, help="also run at this analysis rate (0: not)"
    )
    parser.add_argument("--keep", type=Path, help="keep the clips and outputs in this folder")
    parser.add_argument("--naive", nargs=2, metavar=("CLIP", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        print(run_naive(Path(args.naive[0]), Path(args.naive[1])))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="analyze_speed_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load average {_load():.1f} at start")
    rows = [
        "| clip | method | frames/s | × real time | × naive loop | target | CPU ms/frame "
        "| peak RSS MB | peak PSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    failures: list[str] = []
    if args.sizes:
        failures += _speed_rows(args, folder, rows)
    if args.long_minutes > 0:
        failures += _long_rows(args, folder, rows)
    print("\n".join(rows))
    if args.check_rate:
        for fps, step in ((30.0, 2), (60.0, 4), (24.0, 2)):
            print("\n".join(check_rate(args.sets, fps, step)), flush=True)
    print(f"load average {_load():.1f} at the end; clips in {folder}")
    for failure in failures:
        print(f"TARGET MISSED: {failure}")
    if not failures:
        print("every target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
