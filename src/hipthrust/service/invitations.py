"""A coach's open invitations: the ones not yet accepted, and taking one back.

``open_invitations`` lists the signed-in coach's invitations that are neither accepted nor
expired (the link itself is not kept: only its hash is stored, so the list says when each
was made and until when it works). ``revoke_invitation`` deletes one: its link then reads
"this invitation is not known". Only the coach who made it can revoke it; an invitation
accepted already cannot be revoked (the athlete is linked; that is not undone here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.errors import AccessDenied, InputError
from hipthrust.service.accounts import Actor
from hipthrust.store.invitations import delete_pending_invitation, pending_invitations
from hipthrust.store.models import InvitationRow

__all__ = ["OpenInvitation", "open_invitations", "revoke_invitation"]


@dataclass(frozen=True)
class OpenInvitation:
    id: int
    created_at: datetime
    expires_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }


def _coach_only(actor: Actor) -> None:
    if not actor.is_coach:
        raise AccessDenied("invitations are a coach's: only a coach invites athletes")


def open_invitations(session: Session, actor: Actor, now: datetime) -> tuple[OpenInvitation, ...]:
    """The coach's invitations not accepted and not expired at ``now``, newest first."""
    _coach_only(actor)
    found = pending_invitations(session, (actor.user_id,), now).get(actor.user_id, ())
    return tuple(OpenInvitation(stored.id, made, stored.expires_at) for stored, made in found)


def revoke_invitation(session: Session, actor: Actor, invitation_id: int) -> None:
    """Take back one of the coach's invitations not yet accepted: its link stops working.
    Another coach's invitation is refused as one that does not exist (AccessDenied: the
    answer does not tell which); an accepted one is an InputError."""
    _coach_only(actor)
    if delete_pending_invitation(session, actor.user_id, invitation_id):
        return
    row = session.get(InvitationRow, invitation_id)
    if row is not None and row.coach_id == actor.user_id:
        raise InputError("this invitation has been accepted: the athlete is linked to you")
    raise AccessDenied("you have no invitation with this id: it was revoked or never made")
