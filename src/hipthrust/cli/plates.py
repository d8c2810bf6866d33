"""``hipthrust plates``: which plates go on each side of the bar for a load."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from hipthrust.cli.output import console, print_json
from hipthrust.coaching.loads import Equipment, default_equipment, plates_per_side
from hipthrust.coaching.units import Units, format_mass, from_kg, parse_mass, parse_units, to_kg
from hipthrust.errors import InputError

__all__ = ["equipment_from_options", "plate_report", "register"]


def _typed_units(text: str) -> Units | None:
    lowered = text.strip().lower()
    if lowered.endswith(("lb", "lbs", "pound", "pounds")):
        return "lb"
    if lowered.endswith(("kg", "kgs", "kilo", "kilos")):
        return "kg"
    return None


def _parse_plates(text: str) -> tuple[float, ...]:
    sizes: list[float] = []
    for part in text.split(","):
        if not part.strip():
            continue
        try:
            sizes.append(float(part.strip()))
        except ValueError:
            raise InputError(f"cannot read plate size {part.strip()!r}: write 25,20,10,5") from None
    if not sizes:
        raise InputError("no plate sizes given: write them like 25,20,10,5")
    return tuple(sorted(set(sizes), reverse=True))


def equipment_from_options(
    units: Units, bar: str | None = None, plates: str | None = None
) -> Equipment:
    """The default kg or lb gym with the bar (``"20kg"``, ``"45lb"``, a bare number in
    ``units``) and plate sizes (``"25,20,10"`` in ``units``) replaced when given."""
    base = default_equipment(units)
    bar_units = from_kg(parse_mass(bar, units), units) if bar is not None else base.bar
    sizes = _parse_plates(plates) if plates is not None else base.plates
    return Equipment(units=units, bar=round(bar_units, 3), plates=sizes)


def plate_report(kg: float, equipment: Equipment) -> dict[str, Any]:
    """The JSON answer: requested and achieved load, the bar and the plates per side."""
    achieved, side = plates_per_side(kg, equipment)
    units = equipment.units
    counts: dict[str, int] = {}
    for plate in side:
        key = f"{plate:g}"
        counts[key] = counts.get(key, 0) + 1
    return {
        "units": units,
        "requested_kg": round(kg, 3),
        "achieved_kg": round(achieved, 3),
        "requested": round(from_kg(kg, units), 2),
        "achieved": round(from_kg(achieved, units), 2),
        "exact": abs(achieved - kg) < 0.01,
        "bar": equipment.bar,
        "plates_per_side": list(side),
        "counts_per_side": counts,
    }


def register(app: typer.Typer) -> None:
    @app.command("plates")
    def plates_command(
        load: str = typer.Argument(..., help="The load wanted, e.g. 142.5kg or 315lb."),
        bar: str | None = typer.Option(
            None, "--bar", help="Bar weight, e.g. 20kg or 45lb (default: 20 kg or 45 lb)."
        ),
        units: str | None = typer.Option(
            None,
            "--units",
            help="Plates in kg or lb (default: the unit typed with the load, else kg).",
        ),
        plates: str | None = typer.Option(
            None,
            "--plates",
            help="Plate sizes you have, in those units, e.g. 25,20,15,10,5,2.5,1.25.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
    ) -> None:
        """Show the plates to put on each side of the bar for a load."""
        chosen: Units = parse_units(units) if units else (_typed_units(load) or "kg")
        kg = parse_mass(load, chosen)
        equipment = equipment_from_options(chosen, bar, plates)
        report = plate_report(kg, equipment)
        if as_json:
            print_json(report)
            return
        achieved = report["achieved_kg"]
        side = report["plates_per_side"]
        bar_kg = to_kg(equipment.bar, chosen)
        if not report["exact"]:
            console.print(
                f"{format_mass(kg, chosen, 2)} cannot be made exactly: the nearest is "
                f"{format_mass(achieved, chosen, 2)}."
            )
        table = Table()
        table.add_column("plate", justify="right")
        table.add_column("per side", justify="right")
        for size, count in report["counts_per_side"].items():
            table.add_row(f"{size} {chosen}", str(count))
        if side:
            console.print(
                f"{format_mass(achieved, chosen, 2)} = a {format_mass(bar_kg, chosen, 2)} bar "
                "and, on each side:"
            )
            console.print(table)
            per_side = " + ".join(f"{plate:g}" for plate in side)
            console.print(f"Each side: {per_side} {chosen}")
        else:
            console.print(f"The empty bar: {format_mass(achieved, chosen, 2)}, no plates.")
