"""Speed and memory of the video pipeline against the naive loop, on the same clips.

The naive loop is what one writes first: read a frame with OpenCV, run BlazePose on it, draw
the landmarks, write the frame (OpenCV's mp4v writer). The pipeline is the product itself,
``hipthrust analyze CLIP --json``: decode and pose on every core, the analysis, the chart, and
a second decoding pass that draws the overlay and writes H.264. Every run is its own process
tree, sampled from outside every 0.1 s: peak total RSS (pages shared by the main process, the
fork server and the pose process counted once per process) and peak total PSS (shared pages
split between them: what the run really takes). CPU time per frame is printed too: it hardly
depends on what else the machine is doing, while frames per second do.

Clips are made in a temporary folder: the real glute bridge video (../shared/data) retimed to
30 fps, looped forward and back, and scaled to 720p and 1080p; without it, a synthetic lifter
drawn as a mannequin. ``--long-minutes`` also makes a long 1080p clip and runs the pipeline on
it with a fast fake estimator (replaying synthetic landmarks), to show that memory does not
grow with the clip's length. ``--check-rate`` measures what analysing 60 fps input at 30 fps
changes in the answer (synthetic sets, realistic noise).

    .venv/bin/python benchmarks/analyze_speed.py [--seconds 20] [--long-minutes 10]
        [--check-rate] [--sets 60] [--keep DIR]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from hipthrust.errors import InputError
from hipthrust.motion.analysis import analyze_pose
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.synth import CameraSpec, RepSpec, generate_set, plain_set, random_spec
from hipthrust.service.video_analysis import VideoSettings, analyze_video
from hipthrust.video.decode import probe, read_frames
from hipthrust.video.encode import EncodeSettings, VideoSink
from hipthrust.video.mannequin import Figure, Scene, render_scene
from hipthrust.video.pose_model import FakeEstimator, quiet_mediapipe_logs, silenced_stderr

SHARED_VIDEO = (
    Path(__file__).resolve().parents[2] / "shared/data/video/glute_bridge_bodyweight_side.mp4"
)
TARGET_VS_NAIVE = 2.0
TARGET_REAL_TIME_720P = 2.0
TARGET_PEAK_MB = 700.0
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


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


def make_clip(path: Path, frames: list[np.ndarray], size: tuple[int, int], seconds: float) -> Path:
    """``seconds`` of 30 fps video at ``size``: the frames forward, then back, repeated."""
    cycle = frames + frames[-2:0:-1]
    n = int(seconds * 30)
    settings = EncodeSettings(preset="veryfast", crf=20)  # High profile, CABAC: like a phone
    with VideoSink(path, size[0], size[1], 30.0, settings) as sink:
        for i in range(n):
            frame = cycle[i % len(cycle)]
            if (frame.shape[1], frame.shape[0]) != size:
                frame = cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR)
            sink.write(frame, i / 30)
    return path


def make_long_clip(path: Path, size: tuple[int, int], minutes: float) -> tuple[Path, PoseSequence]:
    """A long clip of a drawn lifter (cheap to encode) and its landmarks for the fake."""
    camera = CameraSpec(width=size[0], height=size[1])
    rep = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.5)
    synthetic = generate_set(plain_set("glute_bridge", 4, rep=rep, camera=camera), _rng(2))
    pose = synthetic.clean
    scene = Scene(*size)
    drawn = [
        render_scene(scene, [Figure(pose.xy[i], synthetic.near_side)]) for i in range(pose.n_frames)
    ]
    n = int(minutes * 60 * 30)
    index = np.arange(n) % pose.n_frames
    with VideoSink(path, size[0], size[1], 30.0, EncodeSettings(preset="ultrafast")) as sink:
        for i in range(n):
            sink.write(drawn[index[i]], i / 30)
    long_pose = PoseSequence(
        pose.xy[index],
        pose.confidence[index],
        30.0,
        size[0],
        size[1],
        pose.names,
        np.arange(n) / 30,
    )
    return path, long_pose


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
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    out, err = process.communicate()
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


def run_fake(clip: Path, out: Path, fake: Path) -> int:
    """The pipeline with a fake estimator replaying ``fake``'s landmarks; returns the reps."""
    data = np.load(fake)
    pose = PoseSequence(data["xy"], data["conf"], 30.0, int(data["w"]), int(data["h"]))
    maker = functools.partial(FakeEstimator, pose)
    return analyze_video(clip, out, None, VideoSettings(), maker, None).report.rep_count


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


def fake_pipeline(clip: Path, out: Path, fake: Path) -> dict[str, Any]:
    result = measure([sys.executable, __file__, "--fake-run", str(clip), str(out), str(fake)])
    result["reps"] = int(result["stdout"].split()[-1])
    return result


# --- 60 fps analysed at 30 fps --------------------------------------------------------------


def check_rate(sets: int) -> list[str]:
    """Analyse synthetic 60 fps sets whole and every other frame; compare the answers."""
    rng = _rng(7)
    count_same = 0
    diffs: dict[str, list[float]] = {"peak_s": [], "hold_s": [], "concentric_s": [],
                                     "eccentric_s": [], "peak_deg": []}  # fmt: skip
    faults_same = 0
    reps_total = 0
    for _ in range(sets):
        spec = random_spec(rng, "realistic")
        spec = type(spec)(**{**spec.__dict__, "camera": _at_60(spec.camera)})
        pose = generate_set(spec, rng).pose
        half = PoseSequence(
            pose.xy[::2], pose.confidence[::2], pose.fps / 2, pose.width, pose.height,
            pose.names, pose.t[::2],
        )  # fmt: skip
        try:
            whole, thinned = analyze_pose(pose), analyze_pose(half)
        except InputError:
            continue
        count_same += whole.rep_count == thinned.rep_count
        if whole.rep_count != thinned.rep_count:
            continue
        for a, b in zip(whole.reps, thinned.reps, strict=True):
            reps_total += 1
            diffs["peak_s"].append(abs(a.peak_s - b.peak_s))
            diffs["hold_s"].append(abs(a.hold_s - b.hold_s))
            diffs["concentric_s"].append(abs(a.concentric_s - b.concentric_s))
            diffs["eccentric_s"].append(abs(a.eccentric_s - b.eccentric_s))
            diffs["peak_deg"].append(abs(a.peak_hip_angle_deg - b.peak_hip_angle_deg))
            faults_same += {f.id for f in a.faults} == {f.id for f in b.faults}
    lines = [
        f"60 fps analysed at 30 fps, {sets} synthetic sets (realistic noise):",
        f"  same rep count: {count_same}/{sets}; same faults per rep: {faults_same}/{reps_total}",
    ]
    for key, values in diffs.items():
        v = np.array(values)
        lines.append(
            f"  |{key} difference|: median {np.median(v):.3f}, 95th pct "
            f"{np.percentile(v, 95):.3f}, max {v.max():.3f}"
        )
    return lines


def _at_60(camera: CameraSpec) -> CameraSpec:
    return CameraSpec(**{**camera.__dict__, "fps": 60.0})


# --- main -----------------------------------------------------------------------------------


def _row(name: str, method: str, r: dict[str, Any], clip_s: float, base: float | None) -> str:
    frames = clip_s * 30
    fps = frames / r["wall_s"]
    ratio = f"{fps / base:.2f}x" if base else "-"
    reps = "" if r.get("reps") is None else f" ({r['reps']} reps)"
    return (
        f"| {name} | {method}{reps} | {fps:.1f} | {clip_s / r['wall_s']:.2f}x | {ratio} | "
        f"{1000 * r['cpu_s'] / frames:.1f} | {r['rss_mb']:.0f} | {r['pss_mb']:.0f} |"
    )


def _speed_rows(args: argparse.Namespace, folder: Path, rows: list[str]) -> list[str]:
    """The naive loop and the pipeline on each clip size; the targets missed."""
    failures: list[str] = []
    frames, source = _source_frames()
    print(f"clips: {source}, {args.seconds:g} s at 30 fps (made once, kept with --keep)")
    for name in args.sizes.split(","):
        clip = folder / f"clip_{name}.mp4"
        if not clip.exists():
            make_clip(clip, frames, SIZES[name], args.seconds)
        base = naive(clip, folder / f"naive_{name}.mp4")
        base_fps = args.seconds * 30 / base["wall_s"]
        ours = pipeline(clip, folder / f"out_{name}")
        rows.append(_row(name, "naive loop", base, args.seconds, None))
        rows.append(_row(name, "pipeline", ours, args.seconds, base_fps))
        print(f"  {name} pipeline stages (s): {ours['stages']}", flush=True)
        if args.also_fps:
            fast = pipeline(clip, folder / f"fast_{name}", args.also_fps)
            rows.append(
                _row(name, f"pipeline, {args.also_fps:g} fps", fast, args.seconds, base_fps)
            )
        speedup = args.seconds * 30 / ours["wall_s"] / base_fps
        if speedup < TARGET_VS_NAIVE:
            failures.append(f"{name}: {speedup:.2f}x the naive loop < {TARGET_VS_NAIVE}x")
        if name == "720p" and args.seconds / ours["wall_s"] < TARGET_REAL_TIME_720P:
            failures.append(f"720p: {args.seconds / ours['wall_s']:.2f}x real time")
        if ours["pss_mb"] > TARGET_PEAK_MB:
            failures.append(f"{name}: peak memory (PSS) above {TARGET_PEAK_MB:.0f} MB")
    return failures


def _long_rows(args: argparse.Namespace, folder: Path, rows: list[str]) -> list[str]:
    """The fake-estimator pipeline on a short and a long 1080p clip: does memory grow?"""
    failures = []
    for minutes in (args.seconds / 60, args.long_minutes):
        clip, pose = make_long_clip(folder / f"long_{minutes:g}.mp4", SIZES["1080p"], minutes)
        fake = folder / f"long_{minutes:g}.npz"
        np.savez(fake, xy=pose.xy, conf=pose.confidence, w=pose.width, h=pose.height)
        result = fake_pipeline(clip, folder / f"out_long_{minutes:g}", fake)
        name = f"1080p {minutes:g} min"
        rows.append(_row(name, "pipeline, fake estimator", result, minutes * 60, None))
        if result["pss_mb"] > TARGET_PEAK_MB:
            failures.append(f"{name}: peak memory (PSS) above target")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the speed clips")
    parser.add_argument("--long-minutes", type=float, default=0.0, help="long 1080p memory clip")
    parser.add_argument("--check-rate", action="store_true", help="60 vs 30 fps analysis")
    parser.add_argument("--sets", type=int, default=60, help="sets for --check-rate")
    parser.add_argument("--sizes", default="720p,1080p", help="clip sizes to run ('' for none)")
    parser.add_argument("--also-fps", type=float, default=15.0, help="also run at this rate")
    parser.add_argument("--keep", type=Path, help="keep the clips and outputs in this folder")
    parser.add_argument("--naive", nargs=2, metavar=("CLIP", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--fake-run", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        print(run_naive(Path(args.naive[0]), Path(args.naive[1])))
        return 0
    if args.fake_run:
        print(run_fake(*(Path(a) for a in args.fake_run)))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="analyze_speed_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    rows = [
        "| clip | method | frames/s | x real time | vs naive | CPU ms/frame | peak RSS MB "
        "| peak PSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failures: list[str] = []
    if args.sizes:
        failures += _speed_rows(args, folder, rows)
    if args.long_minutes > 0:
        failures += _long_rows(args, folder, rows)
    print("\n".join(rows))
    if args.check_rate:
        print("\n".join(check_rate(args.sets)))
    print(f"load average {os.getloadavg()[0]:.1f} at the end; clips in {folder}")
    for failure in failures:
        print(f"TARGET MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
