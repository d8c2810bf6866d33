"""Web accounts: users (athletes and coaches), coaches' invitations and links, reset links.

Repository functions over ``UserRow``, ``InvitationRow``, ``CoachLinkRow`` and
``PasswordResetRow``; they check no permission (the service layer does:
``hipthrust.service.accounts``).

What two requests may do at once is settled by the database, not by a read before the write:
an e-mail taken meanwhile fails the unique constraint (``EmailTaken``), an invitation or a
reset link is claimed by a conditional ``UPDATE ... WHERE accepted_by IS NULL`` whose row
count says who won, and a coach link is ``INSERT ... ON CONFLICT DO NOTHING``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Update, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipthrust.store.models import CoachLinkRow, InvitationRow, PasswordResetRow, UserRow

__all__ = [
    "EmailTaken",
    "Role",
    "StoredInvitation",
    "StoredReset",
    "User",
    "accept_invitation_row",
    "add_user",
    "athlete_ids_of_coach",
    "bump_session_epoch",
    "claim_invitation",
    "claim_password_reset",
    "find_invitation",
    "find_password_reset",
    "get_user",
    "link_coach",
    "save_invitation",
    "save_password_reset",
    "set_password_hash",
    "user_by_email",
]


class EmailTaken(Exception):
    """Another account has this e-mail (found by the unique constraint, races included)."""


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
    session_epoch: int = 0


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
        row.session_epoch or 0,
    )


def add_user(
    session: Session,
    email: str,
    password_hash: str,
    role: Role,
    display_name: str,
    athlete_id: int | None,
) -> User:
    """A new user; ``EmailTaken`` when the e-mail has an account, even one made a moment ago
    by another transaction (the unique constraint decides; the caller's transaction stays
    usable)."""
    row = UserRow(
        email=email,
        password_hash=password_hash,
        role=role,
        display_name=display_name,
        athlete_id=athlete_id,
        session_epoch=0,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if user_by_email(session, email) is None:
            raise
        raise EmailTaken(email) from None
    return _user(row)


def set_password_hash(session: Session, user_id: int, password_hash: str) -> int:
    """Store a new password hash and end every session of the user; the new epoch."""
    return _bump(session, user_id, password_hash=password_hash)


def bump_session_epoch(session: Session, user_id: int) -> int:
    """End every session of the user (their cookies carry the old epoch); the new epoch."""
    return _bump(session, user_id)


def _bump(session: Session, user_id: int, **values: str) -> int:
    epoch = session.execute(
        update(UserRow)
        .where(UserRow.id == user_id)
        .values(session_epoch=UserRow.session_epoch + 1, **values)
        .returning(UserRow.session_epoch)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    row = session.get(UserRow, user_id)
    if row is not None:
        session.refresh(row)
    return int(epoch)


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row)


def user_by_email(session: Session, email: str) -> User | None:
    row = session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()
    return None if row is None else _user(row)


def athlete_ids_of_coach(session: Session, coach_id: int) -> tuple[int, ...]:
    rows = session.scalars(
        select(CoachLinkRow.athlete_id)
        .where(CoachLinkRow.coach_id == coach_id)
        .order_by(CoachLinkRow.athlete_id)
    )
    return tuple(rows)


def link_coach(session: Session, coach_id: int, athlete_id: int) -> bool:
    """Link ``coach_id`` to ``athlete_id``; False when they were linked already (by this
    transaction or another: ``INSERT ... ON CONFLICT DO NOTHING``)."""
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        make(CoachLinkRow)
        .values(coach_id=coach_id, athlete_id=athlete_id)
        .on_conflict_do_nothing(index_elements=[CoachLinkRow.coach_id, CoachLinkRow.athlete_id])
    )
    return bool(session.execute(statement).rowcount == 1)  # type: ignore[attr-defined]


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


def claim_invitation(session: Session, invitation_id: int, user_id: int, at: datetime) -> bool:
    """Mark the invitation accepted by ``user_id`` if nobody has accepted it; True when this
    call did. One conditional UPDATE: of several at once exactly one wins (on PostgreSQL the
    others wait for it and then find ``accepted_by`` set)."""
    won = _claimed(
        session,
        update(InvitationRow)
        .where(InvitationRow.id == invitation_id, InvitationRow.accepted_by.is_(None))
        .values(accepted_by=user_id, accepted_at=at),
    )
    row = session.get(InvitationRow, invitation_id)
    if row is not None:
        session.refresh(row)
    return won


def accept_invitation_row(
    session: Session, invitation_id: int, user_id: int, at: datetime
) -> StoredInvitation:
    """``claim_invitation``, returning the invitation as now stored."""
    claim_invitation(session, invitation_id, user_id, at)
    row = session.get(InvitationRow, invitation_id)
    assert row is not None
    return _invitation(row)


def _invitation(row: InvitationRow) -> StoredInvitation:
    return StoredInvitation(row.id, row.coach_id, row.expires_at, row.accepted_by, row.accepted_at)


@dataclass(frozen=True)
class StoredReset:
    id: int
    user_id: int
    expires_at: datetime
    used_at: datetime | None


def save_password_reset(
    session: Session, user_id: int, token_hash: str, expires_at: datetime
) -> StoredReset:
    row = PasswordResetRow(user_id=user_id, token_hash=token_hash, expires_at=expires_at)
    session.add(row)
    session.flush()
    return _reset(row)


def find_password_reset(session: Session, token_hash: str) -> StoredReset | None:
    row = session.scalars(
        select(PasswordResetRow).where(PasswordResetRow.token_hash == token_hash)
    ).one_or_none()
    return None if row is None else _reset(row)


def claim_password_reset(session: Session, reset_id: int, at: datetime) -> bool:
    """Use the reset link once: True for the one call that marks it used (a conditional
    UPDATE), False when it was used already or has expired by ``at``."""
    return _claimed(
        session,
        update(PasswordResetRow)
        .where(
            PasswordResetRow.id == reset_id,
            PasswordResetRow.used_at.is_(None),
            PasswordResetRow.expires_at > at,
        )
        .values(used_at=at),
    )


def _claimed(session: Session, statement: Update) -> bool:
    """Run a conditional UPDATE of one row (an invitation's or a reset link's claim): True
    when this call changed it, False when its condition no longer held (someone else won)."""
    result = session.execute(statement.execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _reset(row: PasswordResetRow) -> StoredReset:
    return StoredReset(row.id, row.user_id, row.expires_at, row.used_at)
