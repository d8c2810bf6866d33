from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.video.barbell import Plate, refine_plate
from hipthrust.video.decode import probe
from hipthrust.video.plate_track import (
    PlateTrackSettings,
    follow_plate,
    gate_indices,
    keyframe_near,
    observation_indices,
    observe_plates,
    plate_in_view,
    spread,
    work_size,
)
from video.barbell_clips import BarbellClip, barbell_clip, draw_plate
from video.clips import film, frames_of, rendered_set

Look = tuple[np.ndarray, np.ndarray]


@pytest.fixture(scope="module")
def clip() -> BarbellClip:
    return barbell_clip(reps=2)


def test_observations_are_taken_at_the_asked_rate() -> None:
    t = np.arange(0, 2.0, 1 / 30)
    chosen = observation_indices(t, 10.0)
    assert chosen[:4] == [0, 3, 6, 9] and len(chosen) == 20
    assert observation_indices(t, 100.0) == list(range(t.size))
    fifteen = np.arange(0, 2.0, 1 / 15)  # the default analysis rate of a 30 fps clip
    assert observation_indices(fifteen, 10.0) == list(range(fifteen.size))
    assert observation_indices(np.empty(0), 10.0) == []


def test_work_size_keeps_the_shape_and_even_sides() -> None:
    assert work_size(1920, 1080, 640) == (640, 360)
    assert work_size(720, 1280, 640) == (360, 640)
    assert work_size(480, 270, 640) == (480, 270)


def test_gate_frames_spread_over_the_frames_with_hips(clip: BarbellClip) -> None:
    picks = gate_indices(clip.fooled, 3)
    n = clip.fooled.n_frames
    assert len(picks) == 3 and picks[0] < n / 3 < picks[1] < 2 * n / 3 < picks[2]


def test_the_plate_is_followed_detected_on_a_subset_and_tracked_between(
    clip: BarbellClip,
) -> None:
    settings = PlateTrackSettings(observe_fps=10.0, detect_every_s=1.0)
    chosen = observation_indices(clip.fooled.t, settings.observe_fps)
    seen = follow_plate(((i, clip.frames[i]) for i in chosen), clip.fooled, settings=settings)
    assert seen.found_share == 1.0
    counts = {k: seen.how.count(k) for k in ("detected", "tracked", "interpolated")}
    duration = float(clip.fooled.t[-1])
    assert counts["detected"] <= duration / settings.detect_every_s + 1
    assert counts["tracked"] >= 3 * counts["detected"]
    err = np.hypot(*(seen.centre - clip.hub).T)
    assert float(np.max(err)) < 0.1 * clip.radius_px  # interpolated frames too
    assert np.median(seen.radius_px) == pytest.approx(clip.radius_px, rel=0.05)
    scale = seen.scale()
    assert scale is not None and scale.source == "plate"
    assert scale.m_per_px == pytest.approx(clip.synthetic.scale_m_per_px, rel=0.05)


def test_frames_pixels_are_turned_into_the_poses(clip: BarbellClip) -> None:
    """Frames searched at half size answer in the pose's pixels."""
    half = [
        np.ascontiguousarray(cv2.resize(f, (320, 180), interpolation=cv2.INTER_AREA))
        for f in clip.frames
    ]
    chosen = observation_indices(clip.fooled.t, 10.0)
    seen = follow_plate(((i, half[i]) for i in chosen), clip.fooled, (2.0, 2.0))
    assert float(np.nanmedian(np.hypot(*(seen.centre - clip.hub).T))) < 0.1 * clip.radius_px
    assert np.nanmedian(seen.radius_px) == pytest.approx(clip.radius_px, rel=0.06)


def test_long_gaps_are_not_filled(clip: BarbellClip) -> None:
    chosen = observation_indices(clip.fooled.t, 10.0)
    n = clip.fooled.n_frames
    gap = [i for i in chosen if not n // 3 <= i < 2 * n // 3]  # a third of the clip unseen
    seen = follow_plate(((i, clip.frames[i]) for i in gap), clip.fooled)
    middle = seen.how[n // 2]
    assert middle == "none" and np.isnan(seen.radius_px[n // 2])
    assert seen.plate(n // 2) is None and seen.plate(0) is not None


def test_observe_plates_finds_the_plate_in_a_filmed_clip(clip: BarbellClip, tmp_path: Path) -> None:
    info = probe(clip.film(tmp_path / "thrust.mp4"))
    seen = observe_plates(info, clip.fooled)
    assert seen is not None and seen.found_share == 1.0
    assert float(np.median(np.hypot(*(seen.centre - clip.hub).T))) < 0.1 * clip.radius_px
    assert seen.to_json()["frames_by_method"]["detected"] >= 1


def test_a_clip_without_a_plate_costs_only_the_gate(tmp_path: Path) -> None:
    synthetic = rendered_set(reps=2)
    info = probe(film(tmp_path / "bridge.mp4", synthetic))
    assert observe_plates(info, synthetic.clean) is None


def test_refine_plate_finds_a_moved_plate_and_gives_up_when_it_is_gone() -> None:
    frame = np.full((300, 400, 3), 200, dtype=np.uint8)
    draw_plate(frame, np.array([220.0, 150.0]), 60.0)
    prior = Plate((200.0, 140.0), 58.0, 1.0)  # where it was a moment ago
    found = refine_plate(frame, prior)
    assert found is not None
    assert found.centre == pytest.approx((220.0, 150.0), abs=2.0)
    assert found.radius_px == pytest.approx(60.0, rel=0.05)
    empty = np.full((300, 400, 3), 200, dtype=np.uint8)
    assert refine_plate(empty, prior) is None


def test_settings_are_checked() -> None:
    with pytest.raises(InputError):
        PlateTrackSettings(observe_fps=0)
    with pytest.raises(InputError):
        PlateTrackSettings(gate_frames=0)


def test_a_look_at_a_key_frame_decodes_one_frame_upright(tmp_path: Path) -> None:
    from video.clips import frames_of, write_clip

    synthetic = rendered_set(reps=1, width=320, height=180)
    pose = synthetic.clean
    frames = frames_of(pose, synthetic.near_side)
    path = write_clip(tmp_path / "portrait.mp4", frames, list(pose.t), rotation_deg=90)
    info = probe(path)
    look = keyframe_near(info, float(pose.t[20]) + info.start_s, (160, 90))
    assert look is not None
    t_s, rgb = look
    assert t_s == pytest.approx(info.start_s)  # x264 put its only key frame first
    assert rgb.shape == (90, 160, 3)  # upright, at the size asked for
    small = cv2.resize(frames[0], (160, 90), interpolation=cv2.INTER_AREA).astype(float)
    assert float(np.mean(np.abs(rgb.astype(float) - small))) < 12


def test_before_the_plate_shows_it_is_searched_for_once_a_second(
    clip: BarbellClip, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lifter sets up first: frames without the plate cost one full search a second, and
    the plate is picked up when it comes."""
    import hipthrust.video.plate_track as plate_track

    searches: list[int] = []
    real = plate_track.detect_plates

    def counted(*args: object, **kwargs: object) -> object:
        searches.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plate_track, "detect_plates", counted)
    n = clip.fooled.n_frames
    empty = np.full_like(clip.frames[0], 200)
    frames = [empty if i < n // 2 else clip.frames[i] for i in range(n)]
    chosen = observation_indices(clip.fooled.t, 10.0)
    seen = follow_plate(((i, frames[i]) for i in chosen), clip.fooled)
    duration = float(clip.fooled.t[-1] - clip.fooled.t[0])
    assert len(searches) <= duration + 2  # not one per observation (there are 10 a second)
    assert all(h == "none" for h in seen.how[: n // 2 - 8])
    late = np.isfinite(seen.radius_px[n // 2 + 30 :])
    assert late.all()


def test_spread_picks_centred_indices() -> None:
    assert spread(9, 3) == [1, 4, 7]
    assert spread(2, 3) == [0, 1]
    assert spread(0, 3) == []


def test_the_first_look_on_kept_frames_sees_the_plate_only_where_there_is_one(
    clip: BarbellClip,
) -> None:
    settings = PlateTrackSettings()
    kept = [(clip.frames[i], clip.fooled.xy[i]) for i in range(0, clip.fooled.n_frames, 15)]
    made: list[int] = []

    def looks(pairs: list[tuple[np.ndarray, np.ndarray]]) -> list[Callable[[], Look]]:
        def one(k: int) -> Look:
            made.append(k)
            return pairs[k]

        return [functools.partial(one, k) for k in range(len(pairs))]

    assert plate_in_view(looks(kept), settings)
    assert len(made) <= settings.gate_frames  # only the frames looked at are made
    plain = rendered_set(reps=2)
    frames = frames_of(plain.clean, plain.near_side)
    plain_looks = [(frames[i], plain.clean.xy[i]) for i in range(0, plain.clean.n_frames, 15)]
    assert not plate_in_view(looks(plain_looks), settings)
    assert not plate_in_view([], settings)
    # Frames half the size, the landmarks in their pixels: the same answer.
    half = [(cv2.resize(f, None, fx=0.5, fy=0.5), xy * 0.5) for f, xy in kept]
    assert plate_in_view(looks(half), settings)


def test_an_answered_first_look_is_not_taken_again(clip: BarbellClip, tmp_path: Path) -> None:
    info = probe(clip.film(tmp_path / "thrust.mp4"))
    assert observe_plates(info, clip.fooled, seen=False) is None  # trusted, no decoding
    seen = observe_plates(info, clip.fooled, seen=True)
    assert seen is not None and seen.found_share == 1.0
