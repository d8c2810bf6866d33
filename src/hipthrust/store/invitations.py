"""A coach's invitations not yet accepted: listed, and revoked (the row is deleted).

Repository functions only (no permission checks: ``hipthrust.service.invitations``).
Revoking deletes the row with one conditional ``DELETE ... WHERE accepted_by IS NULL``: an
invitation accepted meanwhile stays (its link is made), and a revoked link is no longer
known to ``find_invitation``, so it cannot be accepted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hipthrust.store.accounts import StoredInvitation
from hipthrust.store.models import InvitationRow

__all__ = ["delete_pending_invitation", "pending_invitations"]


def pending_invitations(
    session: Session, coach_ids: tuple[int, ...], now: datetime
) -> dict[int, tuple[tuple[StoredInvitation, datetime], ...]]:
    """Each coach's invitations neither accepted nor expired at ``now``, with when each was
    made, newest first."""
    found: dict[int, list[tuple[StoredInvitation, datetime]]] = {}
    rows = session.scalars(
        select(InvitationRow)
        .where(
            InvitationRow.coach_id.in_(coach_ids),
            InvitationRow.accepted_by.is_(None),
            InvitationRow.expires_at > now,
        )
        .order_by(InvitationRow.created_at.desc(), InvitationRow.id.desc())
    )
    for row in rows:
        stored = StoredInvitation(
            row.id, row.coach_id, row.expires_at, row.accepted_by, row.accepted_at
        )
        found.setdefault(row.coach_id, []).append((stored, row.created_at))
    return {coach: tuple(items) for coach, items in found.items()}


def delete_pending_invitation(session: Session, coach_id: int, invitation_id: int) -> bool:
    """Delete the coach's invitation if nobody has accepted it; True when this call did."""
    result = session.execute(
        delete(InvitationRow)
        .where(
            InvitationRow.id == invitation_id,
            InvitationRow.coach_id == coach_id,
            InvitationRow.accepted_by.is_(None),
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
