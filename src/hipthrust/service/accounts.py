"""Accounts and who may see what: the web app's authorization lives here, not in the routes.

An athlete signs up with their own training log (an athlete in the store); a coach signs up
with none and is linked to athletes by invitation. Every use case that touches an athlete's
data takes the signed-in ``Actor`` and calls ``athlete_for`` first: an athlete reaches only
their own athlete, a coach only the athletes linked to them. A refusal is ``AccessDenied``.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second recommended
parameter set); the password itself is never stored. Invitation and reset tokens are random
(32 bytes, URL-safe) and only their SHA-256 is stored.

Sessions can be ended: every user has a session epoch, carried by each signed session; a
session whose epoch is not the user's current one is signed out (``actor_of``). Signing out
everywhere (``end_sessions``) and a new password (``change_password``, ``reset_password``)
move the epoch on.

What may happen twice at once is settled in the database: two sign-ups with one e-mail (the
unique constraint: one account, the other a sentence), several athletes accepting one
invitation (a conditional UPDATE: one link), one reset link used twice (the same).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipthrust.errors import AccessDenied, InputError, NotSignedIn
from hipthrust.store import Athlete, AthleteProfile, create_athlete, get_athlete
from hipthrust.store.accounts import (
    EmailTaken,
    Role,
    StoredInvitation,
    User,
    add_user,
    athlete_ids_of_coach,
    bump_session_epoch,
    claim_invitation,
    claim_password_reset,
    find_invitation,
    find_password_reset,
    get_user,
    link_coach,
    save_invitation,
    save_password_reset,
    set_password_hash,
    user_by_email,
)
from hipthrust.store.athletes import athlete_by_id

__all__ = [
    "INVITATION_DAYS",
    "LOCAL_OWNER",
    "MIN_PASSWORD",
    "RESET_HOURS",
    "Actor",
    "Invitation",
    "ResetLink",
    "accept_invitation",
    "actor_of",
    "athlete_for",
    "authenticate",
    "change_password",
    "end_sessions",
    "invite",
    "inviting_coach",
    "make_reset_link",
    "reset_password",
    "reset_target",
    "sign_up",
    "visible_athletes",
]

MIN_PASSWORD = 10  # [design] NIST SP 800-63B asks for at least 8; we ask a little more
MAX_PASSWORD = 1024
INVITATION_DAYS = 14  # [design]
RESET_HOURS = 24  # [design] long enough to pass a link on by hand, short enough to go stale
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASHER = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong e-mail costs the same time as a
# wrong password and the answer's timing does not tell which accounts exist.
_DUMMY_HASH = _HASHER.hash("not a password of anyone's")


@dataclass(frozen=True)
class Actor:
    """The signed-in person, as every use case sees them; ``LOCAL_OWNER`` is the person at
    the terminal, who owns the whole local log (the CLI acts as them)."""

    user_id: int
    role: Role | Literal["owner"]
    display_name: str
    email: str
    athlete_id: int | None  # an athlete's own athlete; None for a coach
    session_epoch: int = 0  # the user's current one: a signed session carries it

    @property
    def is_coach(self) -> bool:
        return self.role == "coach"

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


# The CLI's actor: whoever can open the database file owns every athlete in it.
LOCAL_OWNER = Actor(0, "owner", "owner", "", None)


@dataclass(frozen=True)
class Invitation:
    """A coach's invitation: the token to hand to the athlete (shown once)."""

    token: str
    expires_at: datetime


@dataclass(frozen=True)
class ResetLink:
    """A one-time link to choose a new password (the token is shown once)."""

    token: str
    email: str
    expires_at: datetime


def _actor(user: User) -> Actor:
    return Actor(
        user.id, user.role, user.display_name, user.email, user.athlete_id, user.session_epoch
    )


def normalise_email(email: str) -> str:
    address = email.strip().lower()
    if len(address) > 254 or not _EMAIL.match(address):
        raise InputError(f"{email.strip() or 'an empty e-mail'} is not an e-mail address")
    return address


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"the password is too long: use at most {MAX_PASSWORD} characters")


def _athlete_name(session: Session, display_name: str) -> str:
    """The log's unique handle for a new web athlete (``--athlete NAME`` on the command
    line); people see ``display_name`` itself, shared or not."""
    base = " ".join(display_name.split())[:70] or "athlete"
    name, n = base, 1
    while get_athlete(session, name) is not None:
        n += 1
        name = f"{base} ({n})"
    return name


def sign_up(
    session: Session,
    email: str,
    password: str,
    role: str,
    display_name: str,
    units: str = "kg",
) -> Actor:
    """A new account; an athlete's comes with their own (empty) training log."""
    address = normalise_email(email)
    _check_password(password)
    if role not in ("athlete", "coach"):
        raise InputError(f"unknown role {role!r}: sign up as an athlete or a coach")
    shown = " ".join(display_name.split())
    if not shown:
        raise InputError("give a name to be called by")
    if len(shown) > 80:
        raise InputError("the name is too long: use at most 80 characters")
    if units not in ("kg", "lb"):
        raise InputError(f"unknown units {units!r}: use kg or lb")
    taken = InputError(f"{address} already has an account: sign in instead")
    if user_by_email(session, address) is not None:
        raise taken
    athlete_id: int | None = None
    if role == "athlete":
        athlete_id = _new_athlete(session, shown, units)
    try:
        user = add_user(
            session,
            address,
            _HASHER.hash(password),
            "coach" if role == "coach" else "athlete",
            shown,
            athlete_id,
        )
    except EmailTaken:  # signed up a moment ago by another request: the constraint says so
        raise taken from None
    return _actor(user)


def _new_athlete(session: Session, shown: str, units: str) -> int:
    """An athlete's training log named after ``shown``; a name taken meanwhile by another
    transaction (the unique constraint) makes it try the next free one."""
    for _ in range(20):
        profile = AthleteProfile(
            name=_athlete_name(session, shown),
            units=units,  # type: ignore[arg-type]
            display_name=shown,
        )
        try:
            with session.begin_nested():
                return create_athlete(session, profile).id
        except IntegrityError:
            if get_athlete(session, profile.name) is None:
                raise
    raise InputError("too many people are signing up with this name at once: try again")


def authenticate(session: Session, email: str, password: str) -> Actor:
    """The account with this e-mail and password; one vague sentence when either is wrong."""
    wrong = InputError("the e-mail or the password is wrong")
    try:
        address = normalise_email(email)
    except InputError:
        raise wrong from None
    user = user_by_email(session, address)
    try:
        _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise wrong from None
    if user is None:
        raise wrong
    return _actor(user)


def actor_of(session: Session, user_id: int | None, epoch: int | None = 0) -> Actor:
    """The actor of a session's user id and session epoch; NotSignedIn when there is none,
    it is gone, or the session was ended (signed out everywhere, a new password)."""
    user = None if user_id is None else get_user(session, user_id)
    if user is None or user.session_epoch != (epoch or 0):
        raise NotSignedIn("sign in first")
    return _actor(user)


def end_sessions(session: Session, actor: Actor) -> Actor:
    """Sign ``actor`` out everywhere: every session made before is ended (copies of its
    cookie included). Returns the actor with the new epoch."""
    epoch = bump_session_epoch(session, actor.user_id)
    return _actor_with_epoch(actor, epoch)


def change_password(session: Session, actor: Actor, current: str, new: str) -> Actor:
    """Replace the password after checking the current one; every other session ends.
    Returns the actor with the new epoch (for the session that made the change)."""
    user = get_user(session, actor.user_id)
    if user is None:
        raise NotSignedIn("sign in first")
    try:
        _HASHER.verify(user.password_hash, current[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise InputError("the current password is wrong") from None
    _check_password(new)
    if new == current:
        raise InputError("the new password is the current one: choose another")
    epoch = set_password_hash(session, actor.user_id, _HASHER.hash(new))
    return _actor_with_epoch(actor, epoch)


def _actor_with_epoch(actor: Actor, epoch: int) -> Actor:
    return Actor(
        actor.user_id, actor.role, actor.display_name, actor.email, actor.athlete_id, epoch
    )


def make_reset_link(session: Session, email: str, now: datetime) -> ResetLink:
    """A one-time link for the account with ``email`` to choose a new password (made by the
    server's owner: ``hipthrust users reset-link``); valid ``RESET_HOURS`` hours, stored hashed."""
    address = normalise_email(email)
    user = user_by_email(session, address)
    if user is None:
        raise InputError(f"{address} has no account")
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=RESET_HOURS)
    save_password_reset(session, user.id, _token_hash(token), expires)
    return ResetLink(token, address, expires)


def reset_target(session: Session, token: str, now: datetime) -> str:
    """The e-mail whose password the reset link ``token`` sets, while it can still be used."""
    found = find_password_reset(session, _token_hash(token.strip()))
    if found is None:
        raise InputError("this reset link is not known: ask for a new one")
    if found.used_at is not None:
        raise InputError("this reset link has been used already: ask for a new one")
    if found.expires_at <= now:
        raise InputError("this reset link has expired: ask for a new one")
    user = get_user(session, found.user_id)
    if user is None:
        raise InputError("this reset link is not known: ask for a new one")
    return user.email


def reset_password(session: Session, token: str, new: str, now: datetime) -> Actor:
    """Set a new password with a reset link, once: the link is used up (of two uses at once,
    one wins), and every session of the account ends."""
    reset_target(session, token, now)
    _check_password(new)
    found = find_password_reset(session, _token_hash(token.strip()))
    assert found is not None  # checked by reset_target
    if not claim_password_reset(session, found.id, now):
        raise InputError("this reset link has been used already: ask for a new one")
    set_password_hash(session, found.user_id, _HASHER.hash(new))
    user = get_user(session, found.user_id)
    assert user is not None
    return _actor(user)


def athlete_for(session: Session, actor: Actor, athlete_id: int | None = None) -> Athlete:
    """The athlete ``actor`` may act for: their own (``athlete_id`` None or theirs), or, for a
    coach, one linked to them. Everything else is ``AccessDenied``, whether it exists or not."""
    if athlete_id is None:
        if actor.athlete_id is None:
            raise InputError("choose an athlete")
        athlete_id = actor.athlete_id
    if actor.is_owner:
        owned = athlete_by_id(session, athlete_id)
        if owned is None:
            raise InputError(f"there is no athlete with id {athlete_id}")
        return owned
    allowed = (
        athlete_id in athlete_ids_of_coach(session, actor.user_id)
        if actor.is_coach
        else athlete_id == actor.athlete_id
    )
    athlete = athlete_by_id(session, athlete_id) if allowed else None
    if athlete is None:
        raise AccessDenied("you do not have access to this athlete")
    return athlete


def visible_athletes(session: Session, actor: Actor) -> tuple[Athlete, ...]:
    """The athletes ``actor`` may see: their own, or a coach's linked athletes."""
    ids = athlete_ids_of_coach(session, actor.user_id) if actor.is_coach else (actor.athlete_id,)
    found = (athlete_by_id(session, i) for i in ids if i is not None)
    return tuple(a for a in found if a is not None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(session: Session, actor: Actor, now: datetime) -> Invitation:
    """A new invitation from a coach; its token is shown once and stored only as a hash."""
    if not actor.is_coach:
        raise AccessDenied("only a coach can invite athletes")
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(days=INVITATION_DAYS)
    save_invitation(session, actor.user_id, _token_hash(token), expires)
    return Invitation(token, expires)


def _open_invitation(
    session: Session, actor: Actor, token: str, now: datetime
) -> tuple[StoredInvitation, User]:
    """The invitation ``token`` and its coach, while ``actor`` can still accept it."""
    if actor.athlete_id is None:
        raise InputError("an invitation is for an athlete: sign in with an athlete's account")
    found = find_invitation(session, _token_hash(token.strip()))
    if found is None:
        raise InputError("this invitation is not known: ask your coach for a new link")
    if found.accepted_by is not None and found.accepted_by != actor.user_id:
        raise InputError("this invitation has been used already: ask your coach for a new link")
    if found.expires_at <= now:
        raise InputError("this invitation has expired: ask your coach for a new link")
    coach = get_user(session, found.coach_id)
    if coach is None:
        raise InputError("the coach who sent this invitation has left")
    return found, coach


def inviting_coach(session: Session, actor: Actor, token: str, now: datetime) -> Actor:
    """The coach who made the invitation ``token``, while ``actor`` can still accept it
    (shown before accepting, so the athlete knows who will see their training)."""
    return _actor(_open_invitation(session, actor, token, now)[1])


def accept_invitation(session: Session, actor: Actor, token: str, now: datetime) -> Actor:
    """Link the signed-in athlete to the coach who made the invitation; returns the coach.

    The invitation is claimed first with a conditional UPDATE: of several athletes accepting
    at once exactly one is linked, the others get a sentence. The same athlete accepting
    twice is linked once."""
    found, coach = _open_invitation(session, actor, token, now)
    assert actor.athlete_id is not None  # checked by _open_invitation
    if found.accepted_by is None and not claim_invitation(session, found.id, actor.user_id, now):
        again = find_invitation(session, _token_hash(token.strip()))
        if again is None or again.accepted_by != actor.user_id:
            raise InputError("this invitation has been used already: ask your coach for a new link")
    link_coach(session, coach.id, actor.athlete_id)
    return _actor(coach)
