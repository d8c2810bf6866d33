"""What the upload path and the job queue add around the video analysis itself.

Three questions, each against a baseline measured in the same process (this machine is
noisy; the cases alternate for ``--runs`` rounds, and the table gives medians and the median
of the per-round ratios):

- **receiving an upload**: ``upload_video`` (1 MB chunks checked against the limit, the
  magic bytes, PyAV opening the file, the row committed in SQLite) against copying the same
  bytes into a file in 1 MB chunks;
- **the job body**: ``run_analysis`` (claim, progress written every 0.5 s, heartbeat thread,
  report stored) against ``analyze_video`` alone on the same clip, both with the replaying
  fake estimator on one process, so the pose model's time does not hide the overhead;
- **the queue**: ``--tasks`` tasks submitted to Huey and run by a consumer thread, on SQLite
  and (when reachable) on Redis: tasks per second and the median time from submission to the
  start of the task, against committing one row per task to a SQLite file.

    .venv/bin/python benchmarks/video_jobs.py [--runs 5] [--upload-mb 50] [--tasks 200]
"""

from __future__ import annotations

import argparse
import functools
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

import _testkit  # noqa: F401  (puts the test kit on the path)
from hipthrust.jobs import RecordingQueue
from hipthrust.jobs.analysis import run_analysis
from hipthrust.jobs.queue import analysis_jobs
from hipthrust.jobs.worker import consumer_for
from hipthrust.motion.pose import PoseSequence
from hipthrust.service.accounts import sign_up
from hipthrust.service.uploads import UploadPlace, VideoChoice, upload_video
from hipthrust.settings import Settings
from hipthrust.store import Store, open_store, transaction
from hipthrust.store.videos import add_upload
from hipthrust.video.pipeline import VideoSettings, analyze_video
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.track import TrackSettings
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import CameraSpec, RepSpec, generate_set, plain_set

ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1), barbell=None)
MB = 1024 * 1024


def make_clip(folder: Path, reps: int) -> tuple[Path, PoseSequence]:
    """A synthetic lifter drawn as a mannequin, encoded as H.264 MP4 at 640x360."""
    spec = plain_set(
        "glute_bridge",
        reps,
        rep=RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.5),
        camera=CameraSpec(width=640, height=360, fps=30.0),
    )
    synthetic = generate_set(spec, np.random.default_rng(0))
    pose = synthetic.clean
    path = folder / "set.mp4"
    scene = Scene(pose.width, pose.height)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = pose.width, pose.height, "yuv420p"
        stream.time_base = Fraction(1, 90000)
        for i, t in enumerate(pose.t):
            frame = av.VideoFrame.from_ndarray(
                render_scene(scene, [Figure(pose.xy[i], synthetic.near_side)]), format="rgb24"
            )
            frame.pts, frame.time_base = round(t * 90000), Fraction(1, 90000)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path, pose


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _table(rows: list[tuple[str, list[float], list[float], str]]) -> None:
    print(f"{'case':58} {'median s':>10} {'x baseline':>11}  {'':s}")
    for name, seconds, ratios, note in rows:
        ratio = f"{statistics.median(ratios):.2f}" if ratios else "1"
        print(f"{name:58} {statistics.median(seconds):10.4f} {ratio:>11}  {note}")


def bench_upload(folder: Path, clip: Path, megabytes: int, runs: int, store: Store) -> None:
    data = clip.read_bytes()
    big = folder / "big.mp4"
    big.write_bytes(data * max(1, megabytes * MB // len(data)))
    size = big.stat().st_size
    with transaction(store) as session:
        actor = sign_up(session, "u@example.com", "correct horse battery", "athlete", "U")
    assert actor.athlete_id is not None
    place = UploadPlace(folder / "uploads", size + MB)

    def chunks() -> object:
        with open(big, "rb") as file:
            while chunk := file.read(MB):
                yield chunk

    def copy() -> None:
        with open(folder / "copy.bin", "wb") as out:
            for chunk in chunks():  # type: ignore[attr-defined]
                out.write(chunk)

    def receive() -> None:
        upload_video(
            store,
            actor,
            actor.athlete_id,
            place,
            chunks(),
            "set.mp4",  # type: ignore[arg-type]
            VideoChoice("glute bridge"),
            RecordingQueue(),
            datetime.now(UTC),
        )

    base: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        base.append(_timed(copy))
        ours.append(_timed(receive))
    mbs = size / MB
    _table(
        [
            (
                f"baseline: copy {mbs:.0f} MB in 1 MB chunks",
                base,
                [],
                f"{mbs / statistics.median(base):.0f} MB/s",
            ),
            (
                "upload_video: limit, magic, PyAV, row, queue",
                ours,
                [o / b for o, b in zip(ours, base, strict=True)],
                f"{mbs / statistics.median(ours):.0f} MB/s",
            ),
        ]
    )


def bench_job(folder: Path, clip: Path, pose: PoseSequence, runs: int, store: Store) -> None:
    estimator = functools.partial(FakeEstimator, pose)
    with transaction(store) as session:
        athlete_id = sign_up(
            session, "j@example.com", "correct horse battery", "athlete", "J"
        ).athlete_id
    assert athlete_id is not None
    base: list[float] = []
    ours: list[float] = []
    for k in range(runs):
        base.append(
            _timed(
                lambda k=k: analyze_video(  # type: ignore[misc]
                    clip, folder / f"a{k}", None, ONE_PROCESS, estimator, None
                )
            )
        )
        with transaction(store) as session:
            row = add_upload(
                session,
                athlete_id,
                "set.mp4",
                video_path=str(clip),
                output_dir=str(folder / f"j{k}"),
                settings={"exercise": "glute_bridge"},
                uploaded_by=None,
                now=datetime.now(UTC),
            )
        ours.append(
            _timed(
                lambda row=row: run_analysis(  # type: ignore[misc]
                    store,
                    row.id,
                    make_estimator=estimator,
                    make_second_look=None,
                    settings=ONE_PROCESS,
                )
            )
        )
    _table(
        [
            ("baseline: analyze_video (fake pose, one process)", base, [], ""),
            (
                "run_analysis: claim, progress rows, heartbeat, report",
                ours,
                [o / b for o, b in zip(ours, base, strict=True)],
                "",
            ),
        ]
    )


def bench_queue(folder: Path, tasks: int, redis_url: str | None) -> None:
    backends = [("SQLite", Settings(secret_key="b", data_dir=folder / "q"))]
    if redis_url:
        backends.append(("Redis", replace(backends[0][1], redis_url=redis_url)))
    started: dict[int, float] = {}

    def runner(store: object, analysis_id: int, worker: object = None) -> None:
        started[analysis_id] = time.perf_counter()

    # The least a durable queue pays: one committed row per task in a SQLite file (WAL).
    connection = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    connection.execute("pragma journal_mode=wal")
    connection.execute("create table t (id integer primary key, data blob)")
    t0 = time.perf_counter()
    for i in range(tasks):
        connection.execute("begin")
        connection.execute("insert into t (data) values (?)", (str(i).encode(),))
        connection.execute("commit")
    direct = [time.perf_counter() - t0]
    connection.close()
    rows: list[tuple[str, list[float], list[float], str]] = [
        (f"baseline: {tasks} committed SQLite inserts", direct, [], "")
    ]
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    for name, config in backends:
        jobs = analysis_jobs(config, runner, f"bench-{uuid.uuid4().hex[:8]}")
        consumer = consumer_for(jobs, 1)
        consumer.start()  # type: ignore[attr-defined]
        started.clear()
        submitted: dict[int, float] = {}
        t0 = time.perf_counter()
        for i in range(tasks):
            submitted[i] = time.perf_counter()
            jobs.submit(i)
        while len(started) < tasks and time.perf_counter() - t0 < 120:
            time.sleep(0.01)
        total = time.perf_counter() - t0
        consumer.stop(graceful=True)  # type: ignore[attr-defined]
        for number, handler in kept.items():
            signal.signal(number, handler)
        jobs.huey.storage.flush_all()
        jobs.huey.storage.close()
        waits = [started[i] - submitted[i] for i in started]
        rows.append(
            (
                f"{name} Huey: submit {tasks}, one consumer thread runs them",
                [total],
                [total / direct[0]],
                f"{len(started) / total:.0f} tasks/s, wait median "
                f"{statistics.median(waits) * 1000:.0f} ms",
            )
        )
    _table(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--upload-mb", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clip, pose = make_clip(folder, args.reps)
        print(f"clip: {pose.n_frames} frames, {pose.t[-1]:.1f} s, 640x360, {args.reps} reps\n")
        with open_store(f"sqlite:///{folder / 'log.sqlite3'}") as store:
            bench_upload(folder, clip, args.upload_mb, args.runs, store)
            print()
            bench_job(folder, clip, pose, args.runs, store)
        print()
        redis_url: str | None = args.redis
        try:
            import redis

            redis.Redis.from_url(args.redis, socket_connect_timeout=2).ping()
        except Exception as error:
            print(f"(Redis at {args.redis} not reachable: {error})")
            redis_url = None
        bench_queue(folder, args.tasks, redis_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
