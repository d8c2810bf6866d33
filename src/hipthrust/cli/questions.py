"""``hipthrust questions``: seed 003's readers' questions, answered from the method."""

from __future__ import annotations

import textwrap

import typer

from hipthrust.cli.output import print_json
from hipthrust.coaching.questions import Answer

__all__ = ["register"]

_WIDTH = 88
_PAGES = {
    "assess": "assessment",
    "plan": "plan page",
    "today": "Today page",
    "history": "history page",
    "videos": "videos page",
}


def _fill(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)


def _print(answer: Answer) -> None:
    typer.echo(f"{answer.question}  ({answer.id})")
    for paragraph in answer.answer:
        typer.echo(_fill(paragraph, "  "))
    if answer.clinician:
        typer.echo(_fill(f"Clinician: {answer.clinician}", "  "))
    for link in answer.links:
        typer.echo(_fill(f"In the app: {link.does}", "  "))
        typer.echo(f"    {link.command}   (web: the {_PAGES[link.page]})")
    typer.echo(_fill(f"What carries this answer: {answer.carried_by}.", "  "))
    label = "Source" if len(answer.cited) == 1 else "Sources"
    typer.echo(_fill(f"{label}: {'; '.join(source.title for source in answer.cited)}.", "  "))


def register(app: typer.Typer) -> None:
    @app.command("questions")
    def questions_command(
        question_id: str | None = typer.Argument(
            None, metavar="[ID]", help="One question by id (default: all of them)."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    ) -> None:
        """Readers' questions about the hip thrust, answered from the method: assessing
        yourself, bridges first, rep-range rotations, hip and abdominal surgery, the bar's
        pressure, a sore back, and joint replacements under load."""
        from hipthrust.service.athlete_portal import readers_questions

        answers = readers_questions(question_id)
        if as_json:
            print_json({"questions": [answer.to_json() for answer in answers]})
            return
        for index, answer in enumerate(answers):
            if index:
                typer.echo()
            _print(answer)
