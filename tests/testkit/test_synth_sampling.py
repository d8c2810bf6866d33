from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust_testkit.synth import SetMix, generate_set, random_spec, truth_of
from hipthrust_testkit.synth.sampling import NOISE_LEVELS


@pytest.fixture(scope="module")
def drawn() -> list:  # type: ignore[type-arg]
    rng = np.random.default_rng(11)
    return [random_spec(rng) for _ in range(40)]


def test_drawn_sets_have_realistic_tempos_ranges_and_sizes(drawn: list) -> None:  # type: ignore[type-arg]
    for spec in drawn:
        assert 1 <= len(spec.reps) <= 15
        assert 24 <= spec.camera.fps <= 60
        assert spec.camera.distance_m >= 1.0
        assert abs(spec.camera.roll_deg) <= 5
        assert 1.5 <= spec.height_m <= 1.95
        for rep in spec.reps:
            assert 0.5 <= rep.concentric_s <= 1.75
            assert 0.2 <= rep.eccentric_s <= 3.5
            assert 0 <= rep.hold_s <= 5.75
        if spec.support == "bench":
            assert spec.bottom_hip_deg is not None and 80 <= spec.bottom_hip_deg <= 118
            assert 0.3 <= spec.bench_height_m <= 0.45
    # Most cameras stand 1-4 m away; only a lifter who would not fit pushes one back.
    assert np.mean([s.camera.distance_m <= 4.0 for s in drawn]) > 0.85
    assert {s.camera.width > s.camera.height for s in drawn} == {True, False}


def test_drawn_sets_are_unambiguous_and_mix_exercises_and_faults(drawn: list) -> None:  # type: ignore[type-arg]
    exercises, faults = set(), set()
    for spec in drawn:
        truth = truth_of(spec)
        assert any(r.counted for r in truth)
        assert not any(r.ambiguous for r in truth)
        exercises.add(spec.support)
        for r in truth:
            faults |= r.faults
    assert exercises == {"bench", "floor"}
    assert len(faults) >= 6


def test_every_fault_can_be_forced_by_the_mix() -> None:
    mix = SetMix(
        shins_forward=1.0,
        lumbar_hyperextension=1.0,
        no_pause=1.0,
        rushed_eccentric=1.0,
        looking_at_ceiling=1.0,
        wrong_pivot=1.0,
        exercises=(("hip_thrust", 1.0),),
    )
    truth = truth_of(random_spec(np.random.default_rng(3), mix=mix))
    seen = set().union(*(r.faults for r in truth))
    assert {
        "lumbar_hyperextension",
        "no_pause",
        "rushed_eccentric",
        "looking_at_ceiling",
        "wrong_pivot",
    } <= seen


@pytest.mark.parametrize("level", ["clean", "realistic", "heavy"])
def test_noise_follows_the_level_and_the_lifters_size_on_screen(level: str) -> None:
    spec = random_spec(np.random.default_rng(5), level)  # type: ignore[arg-type]
    ranges = NOISE_LEVELS[level]
    s = generate_set(spec, np.random.default_rng(0))
    xy = s.clean.xy
    lifter = float(np.max(xy.max(axis=(0, 1)) - xy.min(axis=(0, 1)))) / 900
    assert ranges.jitter_px[0] * lifter * 0.97 <= spec.noise.jitter_px
    assert spec.noise.jitter_px <= ranges.jitter_px[1] * lifter * 1.03
    frame = min(spec.camera.width, spec.camera.height) / 720
    assert spec.noise.jump_px == pytest.approx((20 * frame, 80 * frame))
    assert ranges.drop_rate[0] <= spec.noise.drop_rate <= ranges.drop_rate[1]
    assert abs(spec.camera.roll_deg) <= ranges.roll_deg
    if level == "clean":
        assert np.array_equal(s.pose.xy, s.clean.xy)


def test_the_same_seed_draws_the_same_set() -> None:
    a = random_spec(np.random.default_rng(42))
    b = random_spec(np.random.default_rng(42))
    assert a == b


def test_an_unknown_noise_level_is_refused() -> None:
    with pytest.raises(InputError, match="noise"):
        random_spec(np.random.default_rng(0), "extreme")  # type: ignore[arg-type]
