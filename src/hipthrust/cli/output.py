"""Small helpers every command shares: JSON on standard output, a rich console for tables."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.console import Console

__all__ = ["console", "print_json"]

console = Console(highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, stable key order as given)."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
