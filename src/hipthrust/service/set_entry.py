"""What ``hipthrust log`` typed, read into sets: the quick syntax, then the flags over it.

``read_sets`` turns a ``SetEntry`` (the words of the quick syntax and the flags, as typed)
into ``SetRecord``s, refusing every impossible value with one sentence: negative loads, 500
reps, pain 11, RPE 11, a time in the future, an unknown exercise (with close ids), an unknown
place or fault, per-side reps missing on one leg. No database and no clock: ``now`` is passed.
The quick syntax itself is ``formats.quicklog``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from hipthrust.coaching.catalogue import CATALOGUE, Variation, find_variation
from hipthrust.coaching.mistakes import MISTAKES
from hipthrust.coaching.records import FELT_IN, SetRecord
from hipthrust.coaching.tempo import parse_tempo
from hipthrust.coaching.units import Units, parse_mass
from hipthrust.errors import InputError, Phrase
from hipthrust.formats.quicklog import parse_quick
from hipthrust.motion.faults import FAULTS

__all__ = [
    "EARLIEST_DAY",
    "FAULT_IDS",
    "MAX_SETS_AT_ONCE",
    "SetEntry",
    "entry_fingerprint",
    "idempotency_key",
    "performed_when",
    "read_day",
    "read_sets",
    "resolve_exercise",
]

# Fault ids a set may carry: the motion analysis's and the mistakes table's (a coach's eye).
FAULT_IDS: tuple[str, ...] = tuple(dict.fromkeys((*FAULTS, *MISTAKES)))
# ``--sets N`` logs N identical sets; more than a session's worth is a typing mistake.
MAX_SETS_AT_ONCE = 20
# Nobody logged a hip thrust before this; earlier days are typing mistakes (and the years near
# 1 overflow once a time zone is applied).
EARLIEST_DAY = date(1900, 1, 1)
_BODYWEIGHT = ("bw", "bodyweight", "none")
# A client's idempotency key: a UUID fits (letters, digits, - and _; 8 to 100 of them).
_KEY = re.compile(r"[A-Za-z0-9_-]{8,100}")
_HOLD = re.compile(r"^\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?:s|sec|secs|seconds?)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class SetEntry:
    """One ``hipthrust log`` as typed: the quick syntax's words and the flags (None: not given).

    ``load`` is text (``"100kg"``, ``"225lb"``, a bare number in the units, ``"bw"``);
    ``hold`` is seconds (``"2"``, ``"2s"``); ``tempo`` lift-hold-lowering seconds
    (``"1-3-2"``); ``felt`` and ``faults`` are comma lists;
    ``at`` is a date and time (``"2026-11-20 18:30"``), ``day`` a date (``"2026-11-20"``).
    """

    words: tuple[str, ...] = ()
    reps: int | None = None
    right: int | None = None
    load: str | None = None
    hold: str | None = None
    rpe: float | None = None
    rir: int | None = None
    pain: int | None = None
    felt: str | None = None
    faults: str | None = None
    full_extension: bool | None = None
    warmup: bool = False
    sets: int = 1
    at: str | None = None
    day: str | None = None
    notes: str = ""
    units: str | None = None
    tempo: str | None = None  # lift-hold-lowering seconds, e.g. "1-3-2"
    # A key the client chose for this entry (a UUID): sent again, the entry is stored once.
    idempotency_key: str | None = None


def idempotency_key(entry: SetEntry) -> str | None:
    """The entry's idempotency key, checked (None: the entry has none)."""
    key = entry.idempotency_key
    if key is None or key == "":
        return None
    if not _KEY.fullmatch(key):
        raise InputError(
            "an idempotency key is 8 to 100 letters, digits, - or _ (a UUID fits), "
            f"not {key[:40]!r}"
        )
    return key


def entry_fingerprint(entry: SetEntry) -> str:
    """A fingerprint of what the entry says, its key aside: the same key sent with other
    values is a different request, not a repeat."""
    values = dataclasses.asdict(dataclasses.replace(entry, idempotency_key=None))
    text = json.dumps(values, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def resolve_exercise(name: str) -> Variation:
    """The catalogue variation for a typed name or id; unknown names suggest close ids."""
    found = find_variation(name)
    if found is not None:
        return found
    typed = " ".join(name.lower().replace("_", " ").replace("-", " ").split())
    names: dict[str, str] = {}
    for item in CATALOGUE:
        for text in (item.id.replace("_", " "), item.name.lower(), *item.aliases):
            names.setdefault(text.lower(), item.id)
    close = difflib.get_close_matches(typed, list(names), n=6, cutoff=0.6)
    ids = list(dict.fromkeys(names[text] for text in close))[:3]
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    unknown = f"unknown exercise {name!r}{hint}"
    raise InputError(Phrase(unknown, cli=f"{unknown} (hipthrust exercises lists them)"))


def performed_when(at: str | None, day: str | None, now: datetime) -> datetime:
    """When a set was done: ``at`` (date and time), ``day`` (a date) or ``now``.

    A time without an offset is in ``now``'s zone; a day without a time is noon that day
    (``now`` when it is today). The future is refused: sets are logged after they happen.
    """
    zone = now.tzinfo
    if at is not None and day is not None:
        raise InputError(
            Phrase(
                "give a date and time or a day, not both",
                cli="give --at (a date and time) or --date (a day), not both",
            )
        )
    if at is not None:
        try:
            when = datetime.fromisoformat(at.strip())
        except ValueError:
            raise InputError(
                f"cannot read {at!r} as a time: write it like 2026-11-20 18:30"
            ) from None
        if when.date() < EARLIEST_DAY:
            raise InputError(_too_early(when.date()))
        if when.year > now.year + 1:  # compared before any zone arithmetic, which could overflow
            raise InputError(f"{at.strip()} is in the future: log a set after it is done")
        if when.tzinfo is None:
            when = when.replace(tzinfo=zone)
        if when > now:
            raise InputError(f"{at.strip()} is in the future: log a set after it is done")
        return when
    if day is not None:
        chosen = read_day(day, "day", "--date")
        today = now.date()
        if chosen > today:
            raise InputError(f"{chosen.isoformat()} is in the future: log a set after it is done")
        return now if chosen == today else datetime.combine(chosen, time(12, 0), zone)
    return now


def read_day(text: str, what: str, flag: str) -> date:
    """A typed day (``2026-11-20``); ``what`` names the value in the message (``first
    day``), ``flag`` the command line's option (``--since``)."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            Phrase(
                f"cannot read {text!r} as the {what}: write it like 2026-11-20",
                cli=f"cannot read {flag} {text!r} as a day: write it like 2026-11-20",
            )
        ) from None
    if day < EARLIEST_DAY:
        raise InputError(_too_early(day))
    return day


def _too_early(day: date) -> str:
    return f"{day.isoformat()} is too long ago: give a day from {EARLIEST_DAY.isoformat()} on"


def _places(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    places: list[str] = []
    for part in text.split(","):
        place = "_".join(part.strip().lower().replace("-", " ").split())
        if not place:
            continue
        if place not in FELT_IN:
            raise InputError(f"unknown place {part.strip()!r}: use one of {', '.join(FELT_IN)}")
        places.append(place)
    return tuple(dict.fromkeys(places))


def _faults(text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    faults: list[str] = []
    for part in text.split(","):
        fault = "_".join(part.strip().lower().replace("-", " ").split())
        if not fault:
            continue
        if fault not in FAULT_IDS:
            close = difflib.get_close_matches(fault, FAULT_IDS, n=2, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else ""
            raise InputError(
                f"unknown fault {part.strip()!r}: {hint or 'use one of ' + ', '.join(FAULT_IDS)}"
            )
        faults.append(fault)
    return tuple(dict.fromkeys(faults))


def load_in(text: str, units: Units) -> float | None:
    """A typed load in kg: ``100kg``, ``225lb``, a bare number in ``units``; None for "bw"."""
    value = text.strip()
    if value.startswith("-"):
        raise InputError(f"a load cannot be negative: {value!r}")
    if value.lower() in _BODYWEIGHT:
        return None
    return parse_mass(value, units)


def _hold(text: str) -> float:
    value = text.strip()
    if value.startswith("-"):
        raise InputError(f"a hold cannot be negative: {value!r}")
    match = _HOLD.match(value)
    if match is None:
        raise InputError(f"cannot read the hold {value!r}: write seconds, like 2 or 2s")
    return float(match.group("value").replace(",", "."))


def _checked_effort(rpe: float | None, rir: int | None, pain: int | None) -> None:
    if rpe is not None and not 1 <= rpe <= 10:
        raise InputError(f"RPE must be between 1 and 10, not {rpe:g}")
    if rpe is not None and (rpe * 2) != int(rpe * 2):
        raise InputError(f"RPE goes in half points (8, 8.5, 9), not {rpe:g}")
    if rir is not None and not 0 <= rir <= 10:
        raise InputError(f"RIR (reps in reserve) must be between 0 and 10, not {rir}")
    if pain is not None and not 0 <= pain <= 10:
        raise InputError(f"pain must be a whole number from 0 to 10, not {pain}")


def read_sets(
    entry: SetEntry, units: Units, now: datetime
) -> tuple[Variation, tuple[SetRecord, ...]]:
    """The sets an entry describes (no database): the quick syntax, then the flags over it."""
    if not entry.words:
        raise InputError(
            Phrase(
                "name the exercise first, e.g. hip thrust x 12",
                cli='name the exercise first, e.g. hipthrust log "hip thrust" x 12',
            )
        )
    for word in entry.words:
        if word.startswith("--"):
            unknown = f"unknown option {word.split('=')[0]!r}"
            raise InputError(Phrase(unknown, cli=f"{unknown} (hipthrust log --help)"))
        if re.match(r"^-\d", word):
            raise InputError(f"a load or a count cannot be negative: {word!r}")
    quick = parse_quick(_named_first(entry.words), units, lambda name: resolve_exercise(name).id)
    variation = resolve_exercise(quick.variation)
    reps = entry.reps if entry.reps is not None else quick.reps
    right = entry.right if entry.right is not None else quick.reps_right
    load_kg = load_in(entry.load, units) if entry.load is not None else quick.load_kg
    rpe = entry.rpe if entry.rpe is not None else (None if entry.rir is not None else quick.rpe)
    if entry.rpe is not None and entry.rir is not None:
        raise InputError(
            Phrase(
                "give the effort as RPE or as RIR (reps in reserve), not both",
                cli="give the effort as --rpe or as --rir, not both",
            )
        )
    _checked_effort(rpe, entry.rir, entry.pain)
    if reps is None:
        example = f"how many reps? write them like {variation.id.replace('_', ' ')} x 12"
        raise InputError(Phrase(example, cli=f"{example} (or --reps 12)"))
    for count in (reps, right):
        if count is not None and count < 0:
            raise InputError(f"reps cannot be negative, not {count}")
    if not 1 <= entry.sets <= MAX_SETS_AT_ONCE:
        limits = f"must be from 1 to {MAX_SETS_AT_ONCE}, not {entry.sets}"
        raise InputError(Phrase(f"the number of sets {limits}", cli=f"--sets {limits}"))
    record = SetRecord(
        performed_at=performed_when(entry.at, entry.day, now),
        variation=variation.id,
        reps=reps,
        load_kg=load_kg,
        reps_right=right,
        hold_s=_hold(entry.hold) if entry.hold is not None else None,
        rpe=rpe,
        rir=entry.rir,
        pain=entry.pain,
        felt_in=_places(entry.felt),
        faults=_faults(entry.faults),
        full_extension=entry.full_extension,
        warmup=entry.warmup,
        notes=entry.notes.strip(),
        tempo=parse_tempo(entry.tempo) if entry.tempo is not None else quick.tempo,
    ).checked()
    return variation, (record,) * entry.sets


def _named_first(words: tuple[str, ...]) -> list[str]:
    """The words with a name that holds numbers (``single leg glute bridge 90 90``) made one id.

    The quick syntax reads numbers as the load and reps, so the longest leading run of words
    ending in a number that names a variation is replaced by that variation's id.
    """
    tokens = [token for word in words for token in word.split()]
    for end in range(len(tokens), 0, -1):
        if any(char.isdigit() for char in tokens[end - 1]):
            found = find_variation(" ".join(tokens[:end]))
            if found is not None:
                return [found.id, *tokens[end:]]
    return tokens
