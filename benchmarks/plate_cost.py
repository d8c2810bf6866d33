"""What the barbell repair adds to a video's analysis, per analysed frame.

Renders two synthetic sets (a bench hip thrust with a 45 cm plate over the hips, and the same
lifter without one) at 720p, 30 fps, encodes them with libx264, and times on each:

- baseline: decoding the analysed frames at the plate's working size (640 px), the least any
  look at the pictures costs (``--every 2``, the default, analyses 15 of the 30 frames a
  second, as the pipeline does by default);
- the gate alone (the clip without a plate: a few frames decoded by seeking and searched);
- ``observe_plates`` on the barbell clip (full search on a subset, tracking between,
  interpolation for the rest), and on the same set with a small (25 cm) iron plate instead,
  found by the second, small-plate search around the hips;
- ``repair_sequence`` (the landmarks; no pictures);
- the naive way: a full plate search on every analysed frame.

Prints milliseconds per analysed frame and the ratio to the baseline. BlazePose costs about 20
ms of CPU per frame on this machine (docs/video.md), for comparison.

    .venv/bin/python benchmarks/plate_cost.py [--seconds 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

import _testkit  # noqa: F401  (puts the test kit on the path)
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.video.barbell import body_length_px, choose_plate, detect_plates
from hipthrust.video.decode import KeepTimes, probe, read_frames
from hipthrust.video.plate_track import PlateTrackSettings, observe_plates, work_size
from hipthrust.video.repair_set import repair_sequence
from hipthrust_testkit.mannequin import Figure, Scene, render_scene
from hipthrust_testkit.synth import CameraSpec, RepSpec, generate_set, plain_set

_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}


def _write(path: Path, frames: list[np.ndarray], fps: float) -> Path:
    container = av.open(str(path), "w", format="mp4")
    stream = container.add_stream("libx264", rate=Fraction(round(fps), 1))
    stream.width, stream.height, stream.pix_fmt = frames[0].shape[1], frames[0].shape[0], "yuv420p"
    for frame in frames:
        for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def _clips(
    folder: Path, seconds: float
) -> tuple[Path, Path, PoseSequence, PoseSequence, Path, PoseSequence]:
    rep = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.5)
    reps = max(1, int(seconds / 3.5))
    camera = CameraSpec(width=1280, height=720, fps=30.0)
    synthetic = generate_set(
        plain_set("hip_thrust", reps, rep=rep, camera=camera), np.random.default_rng(0)
    )
    clean, near = synthetic.clean, synthetic.near_side
    radius = 0.225 / synthetic.scale_m_per_px
    hub = clean.xy[:, _INDEX[f"{near}_hip"]]
    scene = Scene(clean.width, clean.height)
    plain, loaded, small = [], [], []
    for i in range(clean.n_frames):
        frame = render_scene(scene, [Figure(clean.xy[i], near)])
        plain.append(frame.copy())
        c = (round(float(hub[i, 0])), round(float(hub[i, 1])))
        iron = frame.copy()
        r = 0.125 / synthetic.scale_m_per_px  # a 25 cm iron plate
        cv2.circle(iron, c, round(r), (70, 72, 78), -1, cv2.LINE_AA)
        cv2.circle(iron, c, round(0.82 * r), (48, 50, 55), -1, cv2.LINE_AA)
        cv2.circle(iron, c, round(0.2 * r), (185, 185, 190), -1, cv2.LINE_AA)
        small.append(iron)
        cv2.circle(frame, c, round(radius), (30, 50, 120), -1, cv2.LINE_AA)
        cv2.circle(frame, c, round(0.35 * radius), (90, 110, 170), -1, cv2.LINE_AA)
        loaded.append(frame)
    xy = clean.xy.copy()
    for side in ("left", "right"):
        xy[:, _INDEX[f"{side}_hip"]] = hub
    fooled = replace(clean, xy=xy)
    low = clean.xy.copy()  # the small plate's fooled hips: half its radius below the hub
    for side in ("left", "right"):
        low[:, _INDEX[f"{side}_hip"]] = hub + np.asarray([0.0, 0.0625 / synthetic.scale_m_per_px])
    return (
        _write(folder / "barbell.mp4", loaded, 30.0),
        _write(folder / "plain.mp4", plain, 30.0),
        fooled,
        clean,
        _write(folder / "small.mp4", small, 30.0),
        replace(clean, xy=low),
    )


def _best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--every",
        type=int,
        default=2,
        help="analyse every k-th frame of the 30 fps clip (2: the pipeline's default 15 fps)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        barbell_path, plain_path, fooled, clean, small_path, low = _clips(Path(tmp), args.seconds)
        fooled, clean = fooled.every(args.every), clean.every(args.every)
        low = low.every(args.every)
        barbell, plain, small = probe(barbell_path), probe(plain_path), probe(small_path)
        n = fooled.n_frames
        settings = PlateTrackSettings()
        size = work_size(barbell.width, barbell.height, settings.work_long_side_px)
        times = fooled.t + barbell.start_s

        def decode() -> None:
            for _ in read_frames(barbell, selection=KeepTimes(times), size=size):
                pass

        def naive() -> None:
            factor = barbell.width / size[0]
            for k, frame in enumerate(read_frames(barbell, selection=KeepTimes(times), size=size)):
                xy = fooled.xy[k] / factor
                plates = detect_plates(frame.rgb, body_length_px(xy), settings.rules)
                choose_plate(plates, [xy[_INDEX["left_hip"]]], settings.rules)

        observed = observe_plates(barbell, fooled, settings)
        assert observed is not None and observe_plates(plain, clean, settings) is None
        small_seen = observe_plates(small, low, settings)
        assert small_seen is not None and small_seen.small
        rows = [
            ("baseline: decode the analysed frames at 640 px", _best(decode, args.repeat)),
            ("gate only (clip without a plate)", _best(
                lambda: observe_plates(plain, clean, settings), args.repeat)),
            ("observe_plates (barbell clip)", _best(
                lambda: observe_plates(barbell, fooled, settings), args.repeat)),
            ("observe_plates (small plate clip)", _best(
                lambda: observe_plates(small, low, settings), args.repeat)),
            ("repair_sequence (landmarks only)", _best(
                lambda: repair_sequence(fooled, observed), args.repeat)),
            ("naive: full search on every frame", _best(naive, 1)),
        ]  # fmt: skip
    base = rows[0][1]
    print(
        f"{n} analysed frames ({fooled.fps:.0f} a second) of a 1280x720 30 fps clip, "
        f"{fooled.duration_s:.1f} s"
    )
    print(f"frames by method: {observed.to_json()['frames_by_method']}")
    print(f"small plate, frames by method: {small_seen.to_json()['frames_by_method']}")
    print(f"{'step':48s} {'s':>7s} {'ms/frame':>9s} {'x baseline':>10s}")
    for name, seconds in rows:
        print(f"{name:48s} {seconds:7.3f} {1000 * seconds / n:9.2f} {seconds / base:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
