from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from hipthrust.formats.handout import plan_handout_pdf

PLAN = {
    "goal": "rehab",
    "notes": ["No loaded work until your surgeon clears you."],
    "weeks": [
        {
            "week": week,
            "deload": week == 3,
            "sessions": [
                {
                    "day": "tue",
                    "kind": "technique",
                    "warmup": [
                        {
                            "variation": "glute_bridge",
                            "sets": 1,
                            "reps": {"min": 10, "max": 10},
                            "load_kg": None,
                            "hold_s": 0,
                            "notes": ["<easy>"],
                        }
                    ],
                    "exercises": [
                        {
                            "variation": "single_leg_glute_bridge_90_90",
                            "sets": 3,
                            "reps": {"min": 6, "max": 12},
                            "per_side": True,
                            "load_kg": None,
                            "hold_s": 3.0,
                            "notes": [],
                        },
                        {
                            "variation": "barbell_hip_thrust",
                            "sets": 3,
                            "reps": {"min": 8, "max": 12},
                            "load_kg": 60.0,
                            "hold_s": 1.5,
                            "notes": [],
                        },
                    ],
                }
            ],
        }
        for week in (1, 2, 3)
    ],
}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_handout_is_a_pdf_with_every_session_and_the_safety_note() -> None:
    pdf = plan_handout_pdf(
        PLAN,
        athlete="Ani & co",
        units="lb",
        made_on=date(2026, 11, 22),
        cues={"glute_bridge": ["Squeeze the glutes, then lift."]},
    )
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "Ani & co" in text
    assert text.count("Tue: technique") == 3
    assert "deload" in text
    assert "132.3 lb" in text  # 60 kg in the athlete's units
    assert "6-12 each side" in text
    assert "<easy>" in text  # user text is escaped, not read as markup
    assert "No loaded work until your surgeon clears you." in text
    assert "Squeeze the glutes, then lift." in text
    assert "clinician" in text
    # One display name per variation, never the raw id nor the id's words.
    flat = " ".join(text.split())
    assert "Single-leg glute bridge, other leg at 90/90" in flat
    assert "Glute bridge" in flat and "Barbell hip thrust" in flat
    assert "_" not in flat and "bridge 90 90" not in flat.lower()


def test_handout_is_reproducible() -> None:
    made = date(2026, 11, 22)
    assert plan_handout_pdf(PLAN, athlete="A", units="kg", made_on=made) == plan_handout_pdf(
        PLAN, athlete="A", units="kg", made_on=made
    )
