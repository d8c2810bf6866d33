"""Accounts: sign up, sign in, sign out (here or everywhere), passwords, invitations.

Pages: ``/signup``, ``/login``, ``POST /logout``, ``/account`` (change the password, sign out
everywhere), ``/reset/{token}`` (a one-time link from ``hipthrust users reset-link``),
``/invite/{token}`` (a signed-in athlete accepts with one tap; anyone else is sent to sign
up or in and comes back). API: ``POST /api/v1/signup``, ``GET``/``POST``/``DELETE
/api/v1/session``, ``POST /api/v1/account/password``, ``POST
/api/v1/account/sign-out-everywhere``, ``POST /api/v1/invitations``, ``POST
/api/v1/invitations/{token}/accept``.

Signing in (or up) rotates the session: whatever the browser's session held before is
dropped and a new CSRF token is made, so a session planted before sign-in is worth nothing.
The session carries the user's session epoch; signing out everywhere or a new password moves
it on, and every other session (a copied cookie included) is signed out. Failed sign-ins
(and wrong current passwords) are limited per account and client address and per address
(``web.throttle``): 429 and a sentence saying when to try again.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from hipthrust.errors import InputError
from hipthrust.service.accounts import (
    MIN_PASSWORD,
    Actor,
    accept_invitation,
    authenticate,
    change_password,
    end_sessions,
    invite,
    inviting_coach,
    reset_password,
    reset_target,
    sign_up,
)
from hipthrust.web.deps import (
    DB,
    SESSION_EPOCH,
    SESSION_USER,
    CurrentActor,
    MaybeActor,
    config_of,
    render,
)
from hipthrust.web.security import csrf_token
from hipthrust.web.throttle import (
    LoginThrottle,
    MemoryThrottle,
    RedisThrottle,
    TooManyAttempts,
    TrustedProxies,
    client_address,
)

__all__ = [
    "client_of",
    "invitation_url",
    "login_throttle",
    "router",
    "safe_next",
    "start_session",
]

router = APIRouter()
_throttle_lock = threading.Lock()


# --------------------------------------------------------------------------- helpers


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site, else ``default`` (no open redirects)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ch in target for ch in "\r\n\\")
    ):
        return default
    return target


def start_session(request: Request, actor: Actor) -> str:
    """Sign ``actor`` in on a fresh session; returns its new CSRF token."""
    request.session.clear()
    request.session[SESSION_USER] = actor.user_id
    request.session[SESSION_EPOCH] = actor.session_epoch
    return csrf_token(request)


def login_throttle(request: Request) -> LoginThrottle:
    """The app's login throttle: in Redis when ``config.redis_url`` is set, else in memory."""
    state = request.app.state
    with _throttle_lock:
        throttle: LoginThrottle | None = getattr(state, "login_throttle", None)
        if throttle is None:
            config = config_of(request)
            throttle = (
                RedisThrottle.from_url(config.redis_url) if config.redis_url else MemoryThrottle()
            )
            state.login_throttle = throttle
    return throttle


def client_of(request: Request) -> str:
    """The client's address for the throttle: the socket's peer, or, when the peer is one of
    the configured trusted proxies, what ``X-Forwarded-For`` says (``web.throttle``)."""
    state = request.app.state
    trusted: TrustedProxies | None = getattr(state, "trusted_proxies", None)
    if trusted is None:
        trusted = TrustedProxies(config_of(request).trusted_proxies)
        state.trusted_proxies = trusted
    peer = request.client.host if request.client is not None else None
    return client_address(peer, request.headers.getlist("x-forwarded-for"), trusted)


def _now() -> datetime:
    return datetime.now(UTC)


def invitation_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/invite/{quote(token, safe='')}"


def _signup_field(message: str) -> str:
    """Which field of the sign-up form a refusal of ``sign_up`` is about."""
    if message.startswith("the password"):
        return "password"
    if message.endswith(("is not an e-mail address", "already has an account: sign in instead")):
        return "email"
    if message.startswith("unknown role"):
        return "role"
    if message.startswith("unknown units"):
        return "units"
    return "display_name"


# --------------------------------------------------------------------------- pages


@router.get("/signup", include_in_schema=False)
def signup_page(request: Request, actor: MaybeActor, next: str | None = None) -> Response:
    if actor is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "auth_signup.html", next=safe_next(next, ""), values={}, errors={})


@router.post("/signup", include_in_schema=False)
def signup_submit(
    request: Request,
    session: DB,
    role: Annotated[str, Form()] = "athlete",
    display_name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    units: Annotated[str, Form()] = "kg",
    next: Annotated[str, Form()] = "",
) -> Response:
    values = {"role": role, "display_name": display_name, "email": email, "units": units}
    try:
        actor = sign_up(session, email, password, role, display_name, units)
    except InputError as error:
        errors = {_signup_field(str(error)): str(error)}
        return render(
            request, "auth_signup.html", 400, next=safe_next(next, ""), values=values, errors=errors
        )
    start_session(request, actor)
    return RedirectResponse(safe_next(next), status_code=303)


@router.get("/login", include_in_schema=False)
def login_page(request: Request, actor: MaybeActor, next: str | None = None) -> Response:
    if actor is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "auth_login.html", next=safe_next(next, ""), email="", error=None)


@router.post("/login", include_in_schema=False)
def login_submit(
    request: Request,
    session: DB,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    def page(status: int, error: str) -> Response:
        return render(
            request, "auth_login.html", status, next=safe_next(next, ""), email=email, error=error
        )

    try:
        actor = login_throttle(request).guard(
            email, client_of(request), lambda: authenticate(session, email, password)
        )
    except TooManyAttempts as refused:
        response: Response = page(429, str(refused))
        response.headers["Retry-After"] = str(refused.retry_after_s)
        return response
    except InputError as error:
        return page(400, str(error))
    start_session(request, actor)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _account_page(
    request: Request, actor: Actor, status: int = 200, error: str | None = None, done: str = ""
) -> Response:
    return render(
        request,
        "auth_account.html",
        status,
        actor=actor,
        error=error,
        done=done,
        min_password=MIN_PASSWORD,
    )


@router.get("/account", include_in_schema=False)
def account_page(request: Request, actor: CurrentActor, done: str = "") -> Response:
    return _account_page(request, actor, done=done if done in ("password",) else "")


@router.post("/account/password", include_in_schema=False)
def account_password(
    request: Request,
    session: DB,
    actor: CurrentActor,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
) -> Response:
    try:
        changed = _change_password(request, session, actor, current_password, new_password)
    except TooManyAttempts as refused:
        response = _account_page(request, actor, 429, str(refused))
        response.headers["Retry-After"] = str(refused.retry_after_s)
        return response
    except InputError as error:
        return _account_page(request, actor, 400, str(error))
    start_session(request, changed)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/sign-out-everywhere", include_in_schema=False)
def account_sign_out_everywhere(request: Request, session: DB, actor: CurrentActor) -> Response:
    end_sessions(session, actor)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _change_password(request: Request, session: DB, actor: Actor, current: str, new: str) -> Actor:
    """A wrong current password counts as a failed sign-in (a stolen session cannot guess)."""
    return login_throttle(request).guard(
        actor.email, client_of(request), lambda: change_password(session, actor, current, new)
    )


@router.get("/reset/{token}", include_in_schema=False)
def reset_page(request: Request, session: DB, token: str) -> Response:
    try:
        email = reset_target(session, token, _now())
    except InputError as error:
        return render(request, "auth_reset.html", 400, email=None, error=str(error), token="")
    return render(
        request,
        "auth_reset.html",
        email=email,
        error=None,
        token=token,
        min_password=MIN_PASSWORD,
    )


@router.post("/reset/{token}", include_in_schema=False)
def reset_submit(
    request: Request,
    session: DB,
    token: str,
    new_password: Annotated[str, Form()] = "",
) -> Response:
    try:
        actor = reset_password(session, token, new_password, _now())
    except InputError as error:
        try:  # the link still works (the new password was refused): offer the form again
            email: str | None = reset_target(session, token, _now())
        except InputError:
            email = None
        return render(
            request,
            "auth_reset.html",
            400,
            email=email,
            error=str(error),
            token=token if email else "",
            min_password=MIN_PASSWORD,
        )
    start_session(request, actor)
    return RedirectResponse("/", status_code=303)


@router.get("/invite/{token}", include_in_schema=False)
def invitation_page(request: Request, session: DB, actor: MaybeActor, token: str) -> Response:
    if actor is None:
        back = quote(f"/invite/{token}", safe="")
        return RedirectResponse(f"/signup?next={back}", status_code=303)
    try:
        coach = inviting_coach(session, actor, token, _now())
    except InputError as error:
        return render(request, "auth_invite.html", 400, actor=actor, coach=None, error=str(error))
    return render(request, "auth_invite.html", actor=actor, coach=coach, error=None, token=token)


@router.post("/invite/{token}", include_in_schema=False)
def invitation_accept(request: Request, session: DB, actor: CurrentActor, token: str) -> Response:
    try:
        coach = accept_invitation(session, actor, token, _now())
    except InputError as error:
        return render(request, "auth_invite.html", 400, actor=actor, coach=None, error=str(error))
    return render(request, "auth_invited.html", actor=actor, coach=coach)


# --------------------------------------------------------------------------- API


class SignUpIn(BaseModel):
    role: Literal["athlete", "coach"]
    display_name: str = Field(max_length=200, description="the name to be called by")
    email: str = Field(max_length=320)
    password: str = Field(max_length=2048, description="at least 10 characters")
    units: Literal["kg", "lb"] = "kg"


class SignInIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=2048)


class UserOut(BaseModel):
    id: int
    role: Literal["athlete", "coach"]
    display_name: str
    email: str
    athlete_id: int | None = Field(description="an athlete's own training log; None for a coach")


class SessionOut(BaseModel):
    signed_in: bool
    user: UserOut | None
    csrf_token: str = Field(description="send it as the X-CSRF-Token header on every change")


class PasswordChangeIn(BaseModel):
    current_password: str = Field(max_length=2048)
    new_password: str = Field(max_length=2048, description="at least 10 characters")


class InvitationOut(BaseModel):
    token: str = Field(description="shown once: only its hash is kept")
    url: str
    expires_at: datetime


class CoachOut(BaseModel):
    id: int
    display_name: str


class AcceptedOut(BaseModel):
    coach: CoachOut


def _user(actor: Actor) -> UserOut:
    return UserOut(
        id=actor.user_id,
        role=actor.role,
        display_name=actor.display_name,
        email=actor.email,
        athlete_id=actor.athlete_id,
    )


@router.post("/api/v1/signup", status_code=201, response_model=SessionOut, tags=["accounts"])
def api_sign_up(request: Request, session: DB, body: SignUpIn) -> SessionOut:
    """Make an account (an athlete's comes with an empty training log) and sign in."""
    actor = sign_up(session, body.email, body.password, body.role, body.display_name, body.units)
    return SessionOut(signed_in=True, user=_user(actor), csrf_token=start_session(request, actor))


@router.get("/api/v1/session", response_model=SessionOut, tags=["accounts"])
async def api_session(request: Request, actor: MaybeActor) -> SessionOut:
    """Who is signed in, and the CSRF token scripts send with every change."""
    # Async: no I/O here (the actor was read by its dependency), so no worker thread.
    user = None if actor is None else _user(actor)
    return SessionOut(signed_in=actor is not None, user=user, csrf_token=csrf_token(request))


@router.post(
    "/api/v1/session",
    response_model=SessionOut,
    tags=["accounts"],
    responses={400: {"description": "wrong e-mail or password"}, 429: {"description": "wait"}},
)
def api_sign_in(request: Request, session: DB, body: SignInIn) -> Response | SessionOut:
    """Sign in. Too many failures for the e-mail or from the address: 429 and Retry-After."""
    try:
        actor = login_throttle(request).guard(
            body.email, client_of(request), lambda: authenticate(session, body.email, body.password)
        )
    except TooManyAttempts as refused:
        return JSONResponse(
            {"detail": str(refused)},
            status_code=429,
            headers={"Retry-After": str(refused.retry_after_s)},
        )
    return SessionOut(signed_in=True, user=_user(actor), csrf_token=start_session(request, actor))


@router.delete("/api/v1/session", status_code=204, tags=["accounts"])
def api_sign_out(request: Request) -> Response:
    """Sign out (the session is emptied)."""
    request.session.clear()
    return Response(status_code=204)


@router.post(
    "/api/v1/account/password",
    response_model=SessionOut,
    tags=["accounts"],
    responses={
        400: {"description": "the current password is wrong, or the new one is refused"},
        429: {"description": "too many wrong passwords: wait"},
    },
)
def api_change_password(
    request: Request, session: DB, actor: CurrentActor, body: PasswordChangeIn
) -> Response | SessionOut:
    """Change the password (the current one, then a new one of at least 10 characters).
    Every other session of the account ends; this one goes on with a new CSRF token."""
    try:
        changed = _change_password(
            request, session, actor, body.current_password, body.new_password
        )
    except TooManyAttempts as refused:
        return JSONResponse(
            {"detail": str(refused)},
            status_code=429,
            headers={"Retry-After": str(refused.retry_after_s)},
        )
    return SessionOut(
        signed_in=True, user=_user(changed), csrf_token=start_session(request, changed)
    )


@router.post("/api/v1/account/sign-out-everywhere", status_code=204, tags=["accounts"])
def api_sign_out_everywhere(request: Request, session: DB, actor: CurrentActor) -> Response:
    """End every session of the account, this one and copies of any cookie included."""
    end_sessions(session, actor)
    request.session.clear()
    return Response(status_code=204)


@router.post(
    "/api/v1/invitations", status_code=201, response_model=InvitationOut, tags=["accounts"]
)
def api_invite(request: Request, session: DB, actor: CurrentActor) -> InvitationOut:
    """A coach's invitation link for one athlete (valid 14 days; the token is shown once)."""
    made = invite(session, actor, _now())
    return InvitationOut(
        token=made.token, url=invitation_url(request, made.token), expires_at=made.expires_at
    )


@router.post("/api/v1/invitations/{token}/accept", response_model=AcceptedOut, tags=["accounts"])
def api_accept(session: DB, actor: CurrentActor, token: str) -> AcceptedOut:
    """The signed-in athlete accepts a coach's invitation: the coach now sees their training."""
    coach = accept_invitation(session, actor, token, _now())
    return AcceptedOut(coach=CoachOut(id=coach.user_id, display_name=coach.display_name))
