from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats import ImportLimits, parse_file, parse_text

from .helpers import FIXTURES, fixture_text

ALL_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.csv"))
EXPECTED_FORMAT = {
    "hevy_kg.csv": "hevy",
    "hevy_lb.csv": "hevy",
    "liftosaur.csv": "liftosaur",
    "liftosaur_legacy.csv": "liftosaur",
    "strong_comma_duration.csv": "strong",
    "strong_semicolon.csv": "strong",
    "strong_set_orders.csv": "strong",
}


def test_every_fixture_is_covered() -> None:
    assert sorted(EXPECTED_FORMAT) == ALL_FIXTURES


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_parse_file_reads_paths_bytes_and_text_alike(name: str) -> None:
    path = FIXTURES / name
    from_path = parse_file(path)
    from_bytes = parse_file(path.read_bytes(), name=name)
    from_text = parse_file(fixture_text(name), name=name)
    assert from_path.format == EXPECTED_FORMAT[name]
    assert from_path == from_bytes == from_text
    assert from_path.sets


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_reimporting_a_file_yields_the_same_keys(name: str) -> None:
    first = parse_file(FIXTURES / name)
    again = parse_file(FIXTURES / name, tz="Pacific/Auckland")
    assert [s.source_key for s in first.sets] == [s.source_key for s in again.sets]


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_keys_do_not_collide_across_all_fixtures(name: str) -> None:
    keys = [s.source_key for s in parse_file(FIXTURES / name).sets]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_bom_and_crlf_change_nothing(name: str) -> None:
    raw = (FIXTURES / name).read_bytes()
    windows = codecs.BOM_UTF8 + raw.replace(b"\n", b"\r\n")
    assert parse_file(windows, name=name) == parse_file(raw, name=name)


def test_default_zone_is_utc_and_tz_takes_names_or_tzinfo() -> None:
    path = FIXTURES / "hevy_lb.csv"
    assert parse_file(path).sets[0].performed_at == datetime(2026, 3, 2, 19, 59, tzinfo=UTC)
    tokyo = ZoneInfo("Asia/Tokyo")
    by_name = parse_file(path, tz="Asia/Tokyo").sets[0].performed_at
    by_zone = parse_file(path, tz=tokyo).sets[0].performed_at
    assert by_name == by_zone == datetime(2026, 3, 2, 19, 59, tzinfo=tokyo)


def test_units_hint_applies_only_where_the_file_names_no_unit() -> None:
    strong = parse_file(FIXTURES / "strong_comma_duration.csv", units_hint="lbs")
    assert strong.sets[0].load_kg == 60 * KG_PER_LB
    hevy = parse_file(FIXTURES / "hevy_kg.csv", units_hint="lb")
    assert hevy.sets[0].load_kg == 40.0


def test_format_can_be_forced_and_a_wrong_one_names_the_missing_column() -> None:
    assert parse_file(FIXTURES / "hevy_kg.csv", format="HEVY").format == "hevy"
    with pytest.raises(InputError) as caught:
        parse_file(FIXTURES / "hevy_kg.csv", format="strong")
    assert str(caught.value) == "hevy_kg.csv line 1: the header has no 'date' column"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"format": "fitbod"}, "unknown format 'fitbod': use strong, hevy, liftosaur or hipthrust"),
        ({"units_hint": "stone"}, "unknown unit 'stone': use kg or lb"),
        ({"tz": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_file(FIXTURES / "hevy_kg.csv", **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "bad.csv: the file is empty"),
        (b"\r\n\r\n", "bad.csv: the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "bad.csv: looks like a binary file, not a CSV export"),
        (
            "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
            "2024-01-02 10:00:00,Pi\u00f1a,Hip Thrust,1,60,10\n".encode("latin-1"),
            "bad.csv line 2: is not UTF-8 text (byte 0xf1)",
        ),
        (
            b"Exercise,Sets,Reps\nHip Thrust,3,10\n",
            "bad.csv line 1: not a Strong, Hevy or Liftosaur",
        ),
        (b"Date,Exercise Name,Set Order,Weight,Reps\n", "bad.csv: has a header but no rows"),
    ],
)
def test_unreadable_files_are_refused_in_one_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        parse_file(path)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_file_or_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse_file(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        parse_file(tmp_path)


def test_one_bad_row_refuses_the_whole_file() -> None:
    text = fixture_text("hevy_kg.csv").replace(",150,5,", ",150,five,")
    with pytest.raises(InputError, match=r"^hevy\.csv line 7: reps 'five' is not a number$"):
        parse_text(text, name="hevy.csv")


def test_parse_text_labels_errors_with_the_given_name() -> None:
    with pytest.raises(InputError, match=r"^input line 1: not a Strong"):
        parse_text("a,b\n1,2\n")


def test_limits_reach_the_parsers() -> None:
    with pytest.raises(InputError, match=r"line 2: reps '10' must be between 0 and 5$"):
        parse_file(FIXTURES / "hevy_kg.csv", limits=ImportLimits(max_reps=5))
