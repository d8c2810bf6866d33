from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from hipthrust.errors import InputError
from hipthrust.service.set_entry import SetEntry, performed_when, read_sets, resolve_exercise

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # a Sunday


def read(words: str, **flags: Any) -> SetEntry:
    return SetEntry(words=tuple(words.split()), **flags)


@pytest.mark.parametrize(
    ("words", "flags", "message"),
    [
        ("barbell hip thrust -20kg x 8", {}, "cannot be negative"),
        ("barbell hip thrust x 8", {"load": "-20kg"}, "load cannot be negative"),
        ("glute bridge x 500", {}, "reps must be between 0 and 200, not 500"),
        ("glute bridge", {"reps": 500}, "reps must be between 0 and 200, not 500"),
        ("glute bridge x 15", {"pain": 11}, "pain must be a whole number from 0 to 10, not 11"),
        ("barbell hip thrust 100kg x 8 @11", {}, "RPE must be between 1 and 10, not 11"),
        ("barbell hip thrust 100kg x 8", {"rpe": 11.0}, "RPE must be between 1 and 10, not 11"),
        ("barbell hip thrust 100kg x 8", {"rpe": 8.3}, "half points"),
        ("barbell hip thrust 100kg x 8", {"rir": 11}, "RIR"),
        ("glute bridge x 15", {"day": "2026-11-23"}, "2026-11-23 is in the future"),
        ("glute bridge x 15", {"at": "2026-11-22 10:30"}, "2026-11-22 10:30 is in the future"),
        ("glute bridge x 15", {"at": "yesterday"}, "cannot read 'yesterday' as a time"),
        ("glute bridge x 15", {"at": "2026-11-20 18:30", "day": "2026-11-20"}, "not both"),
        ("barbel hip trust 100kg x 8", {}, "did you mean barbell_hip_thrust"),
        ("zercher squat 100kg x 8", {}, "unknown exercise 'zercher squat'"),
        ("glute bridge x 15", {"felt": "glutes,elbow"}, "unknown place 'elbow'"),
        ("glute bridge x 15", {"faults": "sloppy"}, "unknown fault 'sloppy'"),
        ("glute bridge", {}, "how many reps"),
        ("single leg hip thrust x 12", {}, "give reps for each side"),
        ("glute bridge x 12/10", {}, "uses both legs"),
        ("hip thrust 100kg x 8", {}, "hip_thrust is a bodyweight exercise"),
        ("banded hip thrust 20kg x 8", {}, "a band's pull is not a load"),
        ("barbell hip thrust x 8", {}, "barbell_hip_thrust needs the load"),
        ("glute bridge x 15", {"sets": 21}, "the number of sets must be from 1 to 20"),
        ("glute bridge x 15", {"hold": "long"}, "cannot read the hold"),
        ("glute bridge x 15", {"rpe": 8.0, "rir": 2}, "give the effort as RPE or as RIR"),
        ("glute bridge x 15 --hodl", {}, "unknown option '--hodl'"),
    ],
)
def test_impossible_values_are_refused_in_one_sentence(
    words: str, flags: dict[str, Any], message: str
) -> None:
    entry = SetEntry(words=tuple(words.split()), **flags)
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as caught:
        read_sets(entry, "kg", NOW)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("flags", "neutral", "cli"),
    [
        ({"sets": 21}, "the number of sets must be", "--sets must be"),
        ({"rpe": 8.0, "rir": 2}, "as RPE or as RIR", "as --rpe or as --rir"),
        ({"at": "2026-11-20 18:30", "day": "2026-11-20"}, "a date and time or a day", "--at"),
        ({"day": "Tuesday"}, "cannot read 'Tuesday' as the day", "cannot read --date"),
        ({"words": ("glute bridge",)}, "how many reps?", "(or --reps 12)"),
        ({"words": ("barbell hip thrust x 8",)}, "needs the load", "(or --load 100kg)"),
        ({"words": ("single leg hip thrust x 8",)}, "x 8/8 (left/right)", "--right 8"),
        ({"words": ("banded hip thrust 20kg x 8",)}, "in the notes", "in --notes"),
        ({"words": ("glute brige x 8",)}, "unknown exercise", "(hipthrust exercises lists"),
        ({"words": ("100kg x 8",)}, "name the exercise first", 'hipthrust log "hip thrust"'),
    ],
)
def test_a_refusal_names_no_flag_but_the_command_line_still_hears_it(
    flags: dict[str, Any], neutral: str, cli: str
) -> None:
    """Every shell shows ``str(error)`` (the web, the API); the CLI prints ``error.cli``."""
    entry = SetEntry(**{"words": ("glute bridge x 15",), **flags})
    with pytest.raises(InputError) as caught:
        read_sets(entry, "kg", NOW)
    assert neutral in str(caught.value) and "--" not in str(caught.value)
    assert "hipthrust " not in str(caught.value)
    assert cli in caught.value.cli


def test_an_unknown_exercise_suggests_close_ids() -> None:
    with pytest.raises(InputError, match=r"did you mean single_leg_hip_thrust"):
        resolve_exercise("singel leg hip thrust")
    assert resolve_exercise("BB hip thrusts").id == "barbell_hip_thrust"


@pytest.mark.parametrize(
    ("at", "day", "expected"),
    [
        (None, None, NOW),
        ("2026-11-20 18:30", None, datetime(2026, 11, 20, 18, 30, tzinfo=UTC)),
        (
            "2026-11-20T18:30+01:00",
            None,
            datetime(2026, 11, 20, 17, 30, tzinfo=UTC),
        ),
        (None, "2026-11-20", datetime(2026, 11, 20, 12, 0, tzinfo=UTC)),
        (None, "2026-11-22", NOW),  # today: now
    ],
)
def test_when_a_set_was_done(at: str | None, day: str | None, expected: datetime) -> None:
    assert performed_when(at, day, NOW) == expected


def test_typed_times_are_in_the_zone_of_now() -> None:
    berlin = NOW.astimezone(timezone(timedelta(hours=1)))
    when = performed_when("2026-11-20 18:30", None, berlin)
    assert when == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("words", "variation", "reps"),
    [
        ("single leg glute bridge 90 90 x 12/10", "single_leg_glute_bridge_90_90", (12, 10)),
        ("single leg glute bridge 90/90 12/11", "single_leg_glute_bridge_90_90", (12, 11)),
        ("glute bridge 15", "glute_bridge", (15, None)),
        ("BB hip thrusts 100kgx8", "barbell_hip_thrust", (8, None)),
    ],
)
def test_names_with_numbers_are_read_before_the_numbers(
    words: str, variation: str, reps: tuple[int, int | None]
) -> None:
    found, records = read_sets(read(words), "kg", NOW)
    assert found.id == variation
    assert (records[0].reps, records[0].reps_right) == reps
