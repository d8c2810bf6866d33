"""The warm-up drills a plan starts its sessions with, and how to do them, as data.

The plan (``coaching.programming``) names them by id next to the catalogue's exercises; they
are not catalogue variations (nothing is logged for them). The wording is ours [design].
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DRILLS", "RAMP_UP", "Drill", "drill_or_none"]


@dataclass(frozen=True)
class Drill:
    """A warm-up drill: its name and the steps to do it."""

    id: str
    name: str
    steps: tuple[str, ...]


DRILLS: dict[str, Drill] = {
    drill.id: drill
    for drill in (
        Drill(
            "hip_mobility",
            "Hip mobility: 90/90 hip switches",
            (
                "Sit on the floor with both knees bent to about 90 degrees: one leg in front of "
                "you, the other out to the side.",
                "Sit tall; put your hands on the floor behind you if that helps.",
                "Turn both knees over to the other side, feet staying on the floor, so the legs "
                "swap places; that is one switch.",
                "Move slowly and only as far as feels easy; it should not hurt.",
            ),
        ),
        Drill(
            "band_walk",
            "Band walk: side steps",
            (
                "Loop a light band just above the knees (or around the ankles).",
                "Stand with the feet hip-width apart, knees slightly bent, hips a little back.",
                "Step sideways while pushing the knees out against the band; do the steps, then "
                "walk back the other way.",
                "Keep the upper body still: the hips do the work.",
            ),
        ),
    )
}

RAMP_UP = (
    "Ramp-up sets: a few lighter sets of the main lift before the work sets, at the loads the "
    "session lists; they prepare you and do not count as work sets."
)


def drill_or_none(drill_id: str) -> Drill | None:
    """The warm-up drill with this id, or None."""
    return DRILLS.get(drill_id)
