from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipthrust.errors import InputError
from hipthrust.formats.csvtext import (
    decode,
    localise,
    read_table,
    resolve_zone,
    sniff_delimiter,
)

TEXT = "a,b\n1,2\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
)
def test_decode_reads_utf8_and_utf16_with_bom(data: bytes) -> None:
    assert decode(data, "x.csv") == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n1,2\n\xe9,3\n", "x.csv line 3: is not UTF-8 text (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.csv: looks like a binary file"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "x.csv: starts like UTF-16 text"),
    ],
)
def test_decode_refuses_wrong_encodings_and_binary(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "x.csv")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("a,b,c", ","),
        ('"a";"b";"c"', ";"),
        ("a\tb\tc", "\t"),
        ('"a,1";"b,2";"c"', ";"),
        ("single", ","),
    ],
)
def test_sniff_delimiter_counts_outside_quotes(line: str, delimiter: str) -> None:
    assert sniff_delimiter(line) == delimiter


def test_read_table_handles_bom_crlf_and_quoted_delimiters_and_line_breaks() -> None:
    text = '\ufeffName,Note,Reps\r\nA,"x, y; z",1\r\nB,"two\r\nlines",2\r\n\r\nC,,3\r\n'
    table = read_table(text, "t.csv")
    assert table.header == ("Name", "Note", "Reps")
    assert table.delimiter == ","
    assert [row.line for row in table.rows] == [2, 3, 6]
    assert [row.cells["note"] for row in table.rows] == ["x, y; z", "two\nlines", ""]


def test_rows_are_keyed_by_lower_case_trimmed_header() -> None:
    table = read_table(" Set Order ;Reps\n1;5\n", "t.csv")
    assert dict(table.rows[0].cells) == {"set order": "1", "reps": "5"}
    assert table.find("weight", "reps") == "reps"
    assert table.find("weight") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "t.csv: the file is empty"),
        ("\n  \r\n", "t.csv: the file is empty"),
        ("a,b\n", "t.csv: has a header but no rows"),
        ("a,b\n1,2\n1,2,3\n", "t.csv line 3: has 3 fields but the header has 2"),
        ("a,b\n1\n", "t.csv line 2: has 1 fields but the header has 2"),
        ("a,A\n1,2\n", "t.csv line 1: the header names the column 'A' twice"),
        ('a,b\n1,"2\n3,4\n', "t.csv line 2: a quoted field starting here is never closed"),
        ('a,b\n1,2\n3,"4"5\n', "t.csv line 3: cannot be read as CSV"),
        ("a,b\n1,2\n3,\x07\n", "t.csv line 3: holds control characters"),
    ],
)
def test_read_table_refuses_malformed_text_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_table(text, "t.csv")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_require_names_the_header_line() -> None:
    table = read_table("\n\na,b\n1,2\n", "t.csv")
    with pytest.raises(InputError, match=r"^t\.csv line 3: the header has no 'reps' column$"):
        table.require("reps")


@pytest.mark.parametrize(
    ("text", "cell", "value"),
    [
        ("a;w\n1;102,5\n", "w", 102.5),
        ("a;w\n1;102.5\n", "w", 102.5),
        ("a,w\n1,-3\n", "w", -3.0),
        ("a,w\n1,12.900000000000034\n", "w", 12.900000000000034),
        ("a,w\n1,1e2\n", "w", 100.0),
        ("a,w\n1,  \n", "w", None),
    ],
)
def test_number_reads_decimal_commas_only_in_semicolon_files(
    text: str, cell: str, value: float | None
) -> None:
    table = read_table(text, "t.csv")
    assert table.number(table.rows[0], cell, "weight") == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a,w\n1,"102,5"\n', "t.csv line 2: weight '102,5' is not a number"),
        ("a;w\n1;1,000,5\n", "t.csv line 2: weight '1,000,5' is not a number"),
        ("a,w\n1,abc\n", "t.csv line 2: weight 'abc' is not a number"),
        ("a,w\n1,nan\n", "t.csv line 2: weight 'nan' is not a number"),
        ("a,w\n1,inf\n", "t.csv line 2: weight 'inf' is not a number"),
        ("a,w\n1,1e999\n", "t.csv line 2: weight '1e999' is not a number"),
    ],
)
def test_number_refuses_what_is_not_a_number(text: str, message: str) -> None:
    table = read_table(text, "t.csv")
    with pytest.raises(InputError) as caught:
        table.number(table.rows[0], "w", "weight")
    assert str(caught.value) == message


def test_whole_accepts_whole_floats_and_refuses_fractions() -> None:
    table = read_table("a,r\n1,10.0\n2,10.5\n", "t.csv")
    assert table.whole(table.rows[0], "r", "reps") == 10
    with pytest.raises(InputError, match=r"^t\.csv line 3: reps '10\.5' is not a whole number$"):
        table.whole(table.rows[1], "r", "reps")


def test_resolve_zone() -> None:
    assert resolve_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert resolve_zone(UTC) is UTC
    for bad in ("Mars/Olympus", "../etc", ""):
        with pytest.raises(InputError, match="unknown time zone"):
            resolve_zone(bad)


def test_localise_places_naive_times_and_moves_aware_ones() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    naive = localise(datetime(2025, 7, 1, 18, 0), berlin)
    assert naive.utcoffset() == timedelta(hours=2)
    assert naive.hour == 18
    aware = localise(datetime(2025, 7, 1, 18, 0, tzinfo=UTC), berlin)
    assert aware.hour == 20
    assert aware == datetime(2025, 7, 1, 18, 0, tzinfo=UTC)
