"""Web accounts: users (athletes and coaches), coaches' invitations and links.

Repository functions over ``UserRow``, ``InvitationRow`` and ``CoachLinkRow``; they check no
permission (the service layer does: ``hipthrust.service.accounts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipthrust.store.models import CoachLinkRow, InvitationRow, UserRow

__all__ = [
    "Role",
    "StoredInvitation",
    "User",
    "accept_invitation_row",
    "add_user",
    "athlete_ids_of_coach",
    "coach_ids_of_athlete",
    "find_invitation",
    "get_user",
    "link_coach",
    "save_invitation",
    "user_by_athlete",
    "user_by_email",
]

Role = Literal["athlete", "coach"]


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: Role
    display_name: str
    athlete_id: int | None
    password_hash: str
    created_at: datetime


@dataclass(frozen=True)
class StoredInvitation:
    id: int
    coach_id: int
    expires_at: datetime
    accepted_by: int | None
    accepted_at: datetime | None


def _user(row: UserRow) -> User:
    role: Role = "coach" if row.role == "coach" else "athlete"
    return User(
        row.id,
        row.email,
        role,
        row.display_name,
        row.athlete_id,
        row.password_hash,
        row.created_at,
    )


def add_user(
    session: Session,
    email: str,
    password_hash: str,
    role: Role,
    display_name: str,
    athlete_id: int | None,
) -> User:
    row = UserRow(
        email=email,
        password_hash=password_hash,
        role=role,
        display_name=display_name,
        athlete_id=athlete_id,
    )
    session.add(row)
    session.flush()
    return _user(row)


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row)


def user_by_email(session: Session, email: str) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()
    return None if row is None else _user(row)


def user_by_athlete(session: Session, athlete_id: int) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.athlete_id == athlete_id)).one_or_none()
    return None if row is None else _user(row)


def athlete_ids_of_coach(session: Session, coach_id: int) -> tuple[int, ...]:
    rows = session.scalars(
        select(CoachLinkRow.athlete_id)
        .where(CoachLinkRow.coach_id == coach_id)
        .order_by(CoachLinkRow.athlete_id)
    )
    return tuple(rows)


def coach_ids_of_athlete(session: Session, athlete_id: int) -> tuple[int, ...]:
    rows = session.scalars(
        select(CoachLinkRow.coach_id)
        .where(CoachLinkRow.athlete_id == athlete_id)
        .order_by(CoachLinkRow.coach_id)
    )
    return tuple(rows)


def link_coach(session: Session, coach_id: int, athlete_id: int) -> bool:
    """Link ``coach_id`` to ``athlete_id``; False when they were linked already."""
    exists = session.scalars(
        select(CoachLinkRow.id).where(
            CoachLinkRow.coach_id == coach_id, CoachLinkRow.athlete_id == athlete_id
        )
    ).first()
    if exists is not None:
        return False
    session.add(CoachLinkRow(coach_id=coach_id, athlete_id=athlete_id))
    session.flush()
    return True


def save_invitation(
    session: Session, coach_id: int, token_hash: str, expires_at: datetime
) -> StoredInvitation:
    row = InvitationRow(coach_id=coach_id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    session.flush()
    return _invitation(row)


def find_invitation(session: Session, token_hash: str) -> StoredInvitation | None:
    row = session.scalars(
        select(InvitationRow).where(InvitationRow.token_hash == token_hash)
    ).one_or_none()
    return None if row is None else _invitation(row)


def accept_invitation_row(
    session: Session, invitation_id: int, user_id: int, at: datetime
) -> StoredInvitation:
    row = session.get(InvitationRow, invitation_id)
    assert row is not None
    row.accepted_by = user_id
    row.accepted_at = at
    session.flush()
    return _invitation(row)


def _invitation(row: InvitationRow) -> StoredInvitation:
    return StoredInvitation(row.id, row.coach_id, row.expires_at, row.accepted_by, row.accepted_at)
