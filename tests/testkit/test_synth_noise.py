from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust_testkit.synth.noise import NoiseSpec, add_noise

N_FRAMES = 6000
VISIBLE = np.array([not name.startswith("left_") for name in MEDIAPIPE_33])


def _clean() -> np.ndarray:
    return np.full((N_FRAMES, len(MEDIAPIPE_33), 2), 400.0)


def test_no_noise_leaves_landmarks_exact_and_visibility_by_side() -> None:
    out = add_noise(_clean(), VISIBLE, NoiseSpec(), np.random.default_rng(0), 1280, 720)
    assert np.array_equal(out.xy, _clean())
    assert not out.dropped.any() and not out.jumped.any()
    near, far = out.confidence[:, VISIBLE], out.confidence[:, ~VISIBLE]
    assert near.min() >= 0.85 - 0.1 and far.max() <= 0.8 + 0.1
    assert near.mean() > far.mean() + 0.2


@pytest.mark.parametrize("jitter", [1.0, 3.0])
def test_jitter_has_the_requested_size_and_the_far_side_wanders_more(jitter: float) -> None:
    noise = NoiseSpec(jitter_px=jitter, far_side_factor=2.0)
    out = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(1), 1280, 720)
    error = out.xy - _clean()
    assert np.std(error[:, VISIBLE]) == pytest.approx(jitter, rel=0.08)
    assert np.std(error[:, ~VISIBLE]) == pytest.approx(2 * jitter, rel=0.08)
    # Half of it wanders: neighbouring frames are correlated (0.5 * rho for rho = 0.7).
    x = error[:, MEDIAPIPE_33.index("right_hip"), 0]
    assert np.corrcoef(x[:-1], x[1:])[0, 1] == pytest.approx(0.35, abs=0.06)


@pytest.mark.parametrize("rate", [0.01, 0.05])
def test_lost_frames_come_in_short_runs_at_the_requested_rate(rate: float) -> None:
    noise = NoiseSpec(drop_rate=rate, drop_run_max=5)
    out = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(2), 1280, 720)
    assert out.dropped.mean() == pytest.approx(rate, rel=0.3)
    assert np.isnan(out.xy[out.dropped]).all() and (out.confidence[out.dropped] == 0).all()
    assert np.isfinite(out.xy[~out.dropped]).all()
    edges = np.diff(np.concatenate(([0], out.dropped.astype(int), [0])))
    lengths = np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)
    assert lengths.min() >= 1 and np.median(lengths) <= 5


def test_jumps_throw_one_landmark_20_to_80_px_at_the_requested_rate() -> None:
    noise = NoiseSpec(jump_rate=0.01, jump_frames_max=2)
    out = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(3), 1280, 720)
    starts = np.diff(out.jumped.astype(int), axis=0, prepend=0) == 1
    assert starts.sum() / N_FRAMES == pytest.approx(0.01, rel=0.3)
    size = np.linalg.norm(out.xy - _clean(), axis=-1)
    assert size[out.jumped].min() >= 20 - 1e-9 and size[out.jumped].max() <= 80 + 1e-9
    assert (size[~out.jumped] == 0).all()
    assert out.jumped.sum(axis=1).max() <= 2


def test_landmarks_stay_inside_the_frame() -> None:
    clean = _clean()
    clean[..., 0] = 5.0
    noise = NoiseSpec(jitter_px=4.0, jump_rate=0.05)
    out = add_noise(clean, VISIBLE, noise, np.random.default_rng(4), 640, 480)
    seen = np.isfinite(out.xy)
    assert (out.xy[seen] >= 0).all() and (out.xy[..., 0][seen[..., 0]] <= 639).all()


def test_the_same_seed_gives_the_same_noise() -> None:
    noise = NoiseSpec(jitter_px=2.0, drop_rate=0.02, jump_rate=0.01)
    a = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(7), 1280, 720)
    b = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(7), 1280, 720)
    assert np.array_equal(a.xy, b.xy, equal_nan=True)
    assert np.array_equal(a.confidence, b.confidence)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"jitter_px": -1.0},
        {"drop_rate": 0.9},
        {"jitter_correlation": 1.0},
        {"jump_px": (80.0, 20.0)},
        {"far_visibility": (0.9, 0.2)},
    ],
)
def test_bad_noise_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(InputError):
        NoiseSpec(**kwargs)  # type: ignore[arg-type]


def test_the_pose_filter_smooths_at_rest_and_follows_a_movement() -> None:
    """BlazePose's One Euro smoothing: jitter at rest shrinks, a movement passes with little
    lag and arrives where it went."""
    from hipthrust_testkit.synth.noise import one_euro

    fps = 30.0
    t = np.arange(300) / fps
    rest = 400.0 + np.random.default_rng(0).normal(0, 2.0, (t.size, 1, 2))
    smooth = one_euro(rest, t, scale_px=600.0)
    assert np.std(smooth[60:]) < 0.7 * np.std(rest[60:])
    s = np.clip((t - 2.0) / 1.0, 0, 1)
    move = 400.0 + 200.0 * (s**3 * (10 - 15 * s + 6 * s**2))  # 1 s minimum jerk, 200 px
    track = np.stack((move, move), -1)[:, None, :]
    out = one_euro(track, t, scale_px=600.0)[:, 0, 0]
    half = int(np.argmax(move >= 500.0))
    assert abs(out[half] - move[half]) < 10.0  # fast: within 5 % of the way
    assert out[-1] == pytest.approx(600.0, abs=1.0)  # and it gets there


def test_the_pose_filter_is_off_by_default_and_refuses_a_negative_scale() -> None:
    assert NoiseSpec().pose_filter_scale_px == 0.0
    with pytest.raises(InputError):
        NoiseSpec(pose_filter_scale_px=-1.0)
    noise = NoiseSpec(jitter_px=2.0, pose_filter_scale_px=600.0)
    raw = add_noise(
        _clean(), VISIBLE, NoiseSpec(jitter_px=2.0), np.random.default_rng(1), 1280, 720
    )
    filtered = add_noise(_clean(), VISIBLE, noise, np.random.default_rng(1), 1280, 720)
    assert np.std(filtered.xy[100:, 0, 0]) < np.std(raw.xy[100:, 0, 0])
