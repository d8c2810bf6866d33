"""``hipthrust log``: a set as typed between sets, stored in the athlete's log.

    hipthrust log "barbell hip thrust" 100kg x 8 --hold 2 --rpe 8 --pain 1
    hipthrust log single leg glute bridge x 12/10 --hold 3
    hipthrust log glute bridge x 15 1-3-2      (tempo: 1 s up, 3 s hold, 2 s down)
    hipthrust log glute bridge x 15 --sets 3 --date 2026-11-20

docs/log.md has the whole syntax. The clock is read once, here, and passed on.
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import print_json
from hipthrust.errors import for_cli
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import log_set_for
from hipthrust.service.scope import athlete_scope
from hipthrust.service.training import SetEntry

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("log", context_settings={"ignore_unknown_options": True})
    def log_command(
        words: list[str] = typer.Argument(  # noqa: B008
            ...,
            metavar="EXERCISE... [LOAD] [x REPS] [@RPE]",
            help='The set as typed, e.g. "barbell hip thrust" 100kg x 8 @8, or x 12/10 for '
            "left/right on one leg.",
            show_default=False,
        ),
        reps: int | None = typer.Option(
            None, "--reps", help="Reps (the left side for a single-leg set)."
        ),
        right: int | None = typer.Option(
            None, "--right", help="Right-side reps of a single-leg set."
        ),
        load: str | None = typer.Option(
            None, "--load", help="The load: 100kg, 225lb, a bare number in your units, or bw."
        ),
        hold: str | None = typer.Option(
            None, "--hold", help="Seconds held at the top of each rep, e.g. 2 or 3s."
        ),
        tempo: str | None = typer.Option(
            None,
            "--tempo",
            help="Seconds to lift, hold at the top and lower, e.g. 1-3-2 (docs/tempo.md).",
        ),
        rpe: float | None = typer.Option(
            None, "--rpe", help="Effort 1-10 (10: no rep left), half points allowed."
        ),
        rir: int | None = typer.Option(None, "--rir", help="Reps in reserve, 0-10 (or --rpe)."),
        pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
        felt: str | None = typer.Option(
            None,
            "--felt",
            help="Where it was felt, e.g. glutes,hamstrings (glutes, hamstrings, quads, "
            "lower_back, knees, hip_front, abdomen).",
        ),
        faults: str | None = typer.Option(
            None, "--faults", help="Form faults seen, e.g. lumbar_hyperextension,no_pause."
        ),
        full_extension: bool | None = typer.Option(
            None,
            "--full-extension/--no-full-extension",
            help="Whether the hips reached a straight shoulder-knee line.",
            show_default=False,
        ),
        warmup: bool = typer.Option(False, "--warmup", help="A warm-up set (not counted)."),
        sets: int = typer.Option(1, "--sets", help="Log this many identical sets (1-20)."),
        at: str | None = typer.Option(
            None, "--at", help='When it was done, e.g. "2026-11-20 18:30" (past only).'
        ),
        day: str | None = typer.Option(
            None, "--date", help="The day it was done, e.g. 2026-11-20 (past only)."
        ),
        notes: str = typer.Option("", "--notes", help="A note kept with the set."),
        units: str | None = typer.Option(
            None, "--units", help="kg or lb for bare numbers and the reply (default: yours)."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Log a set (or several identical ones) in the quick syntax or with flags."""
        now = datetime.now(UTC)
        entry = SetEntry(
            words=tuple(words),
            reps=reps,
            right=right,
            load=load,
            hold=hold,
            rpe=rpe,
            rir=rir,
            pain=pain,
            felt=felt,
            faults=faults,
            full_extension=full_extension,
            warmup=warmup,
            sets=sets,
            at=at,
            day=day,
            notes=notes,
            units=units,
            tempo=tempo,
        )
        with athlete_scope(athlete, database) as scope:
            logged = log_set_for(
                scope.session, LOCAL_OWNER, scope.athlete.id, entry, now, source="cli"
            )
        if as_json:
            print_json(logged.to_json())
            return
        typer.echo(logged.line)
        for advice in logged.advice:
            typer.echo(f"! {for_cli(advice)}")
