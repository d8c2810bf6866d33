"""Login rate limiting: too many failed sign-ins in a while, and the door stays shut a while.

One seam, ``LoginThrottle.guard(email, client, attempt)``: it refuses the attempt with
``TooManyAttempts`` (the route answers 429 with when to try again) while the account has too
many recent failures *from this client address*, or the address has too many failures over
all accounts; otherwise it runs ``attempt``, counts a failure when it raises ``InputError``
(a wrong e-mail or password) and clears the account's count at this address when it
succeeds. A refused attempt does not run ``attempt`` at all: no password is checked, so a
correct guess cannot be told from a wrong one while the door is shut.

The per-account count is kept per (account, address): a stranger's failures from elsewhere
never shut the owner out of their own account from their own address. The per-address count
still shuts one address that tries many accounts (or one account many times).

Counts are kept per fixed window that opens with the first failure (e.g. at most 5 failures
per account and address and 20 per address in 15 minutes): in memory (``MemoryThrottle``,
one process) or in Redis (``RedisThrottle``, shared by every process and machine; keys expire
by themselves). When Redis cannot be reached, the Redis throttle counts in this process's
memory until it comes back, so sign-in keeps working and keeps being limited. ``close()``
lets go of what a throttle holds (the Redis connections it opened); the app calls it when it
stops.

The client address is the socket's peer unless that peer is a configured trusted proxy
(``client_address``): only then is ``X-Forwarded-For`` read, from the right, skipping the
trusted proxies, so a client cannot pick its own address by sending the header.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from hipthrust.errors import HipthrustError, InputError

__all__ = [
    "DEFAULT_LIMITS",
    "LoginThrottle",
    "MemoryThrottle",
    "RedisThrottle",
    "ThrottleLimits",
    "TooManyAttempts",
    "TrustedProxies",
    "client_address",
    "wait_sentence",
]

T = TypeVar("T")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThrottleLimits:
    """How many failed sign-ins are allowed per account at one client address
    (``per_email``) and per client address over all accounts (``per_client``) in a window.

    [design, after OWASP's authentication cheat sheet: limit per account and per source after
    a handful of failures, for minutes rather than for ever; the account's limit is counted
    per source so that nobody can lock the owner out.]
    """

    per_email: int = 5
    per_client: int = 20
    window_s: float = 15 * 60

    def __post_init__(self) -> None:
        if self.per_email < 1 or self.per_client < 1 or not self.window_s > 0:
            raise InputError("throttle limits must be at least 1 attempt in more than 0 s")


DEFAULT_LIMITS = ThrottleLimits()


class TooManyAttempts(HipthrustError):
    """Sign-in is refused for ``retry_after_s`` more seconds."""

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after_s = max(1, math.ceil(retry_after_s))
        super().__init__(wait_sentence(self.retry_after_s))


def wait_sentence(seconds: float) -> str:
    """The sentence a person sees: when they may try again."""
    if seconds <= 90:
        when = f"{max(1, math.ceil(seconds))} seconds"
    else:
        minutes = math.ceil(seconds / 60)
        when = f"{minutes} minutes"
    return f"too many failed sign-ins: wait {when} and try again"


class LoginThrottle(Protocol):
    def guard(self, email: str, client: str, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` unless ``email`` failed too often lately from ``client``, or
        ``client`` did over all accounts (``TooManyAttempts``); count its ``InputError`` as a
        failure, clear the account's count at ``client`` on success."""
        ...

    def close(self) -> None:
        """Let go of any connection the throttle opened (the app calls it when it stops)."""
        ...


def _keys(email: str, client: str) -> tuple[str, str]:
    """The account-at-this-address key and the address key. E-mails are hashed (with the
    address) so the counters (in Redis, say) hold no e-mail addresses."""
    account = f"{email.strip().lower()}\n{client}"
    digest = hashlib.sha256(account.encode()).hexdigest()[:32]
    return f"account:{digest}", f"client:{client}"


_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    """The proxies allowed to say who the client is: addresses and networks
    (``"127.0.0.1"``, ``"10.0.0.0/8"``, ``"::1"``). Empty: nobody is (the default)."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        networks: list[_Network] = []
        for entry in entries:
            text = entry.strip()
            if not text:
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                raise InputError(
                    f"{text!r} is not an address or a network (e.g. 127.0.0.1 or 10.0.0.0/8)"
                ) from None
        self.networks = tuple(networks)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def __contains__(self, host: object) -> bool:
        if not isinstance(host, str) or not self.networks:
            return False
        try:
            address = ipaddress.ip_address(host.strip().strip("[]"))
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def client_address(peer: str | None, forwarded_for: Sequence[str], trusted: TrustedProxies) -> str:
    """Who is signing in: the socket's ``peer``, unless the peer is a trusted proxy; then the
    right-most ``X-Forwarded-For`` entry that is not a trusted proxy (what the nearest
    untrusted hop said about itself cannot be forged by the client, what it wrote to the left
    can). Entries that are not addresses end the walk: the last trusted hop's word is used."""
    host = peer or "unknown"
    if host not in trusted:
        return host
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        if not hop:
            continue
        if hop in trusted:
            host = hop
            continue
        try:
            return str(ipaddress.ip_address(hop.strip("[]")))
        except ValueError:
            return host  # not an address: keep the last hop we trust
    return host


class _Throttle:
    """The policy; subclasses keep the counts (``_count``, ``_fail``, ``_clear``)."""

    limits: ThrottleLimits

    def guard(self, email: str, client: str, attempt: Callable[[], T]) -> T:
        by_account, by_client = _keys(email, client)
        wait = max(
            self._blocked_for(by_account, self.limits.per_email),
            self._blocked_for(by_client, self.limits.per_client),
        )
        if wait > 0:
            raise TooManyAttempts(wait)
        try:
            result = attempt()
        except InputError:
            self._fail(by_account)
            self._fail(by_client)
            raise
        self._clear(by_account)
        return result

    def _blocked_for(self, key: str, limit: int) -> float:
        count, remaining = self._count(key)
        return remaining if count >= limit else 0.0

    def _count(self, key: str) -> tuple[int, float]:
        """The failures counted under ``key`` and the seconds left in its window."""
        raise NotImplementedError

    def _fail(self, key: str) -> None:
        raise NotImplementedError

    def _clear(self, key: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Nothing to let go of (counts in memory)."""


class MemoryThrottle(_Throttle):
    """Counts in this process's memory (thread-safe); ``clock`` is monotonic seconds."""

    def __init__(
        self,
        limits: ThrottleLimits = DEFAULT_LIMITS,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limits = limits
        self._clock = clock
        self._max_keys = max_keys
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, window ends at)
        self._lock = threading.Lock()

    def _count(self, key: str) -> tuple[int, float]:
        now = self._clock()
        with self._lock:
            count, ends = self._windows.get(key, (0, now))
            if ends <= now:
                self._windows.pop(key, None)
                return 0, 0.0
            return count, ends - now

    def _fail(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            count, ends = self._windows.get(key, (0, now))
            if ends <= now:
                count, ends = 0, now + self.limits.window_s
            self._windows[key] = (count + 1, ends)
            if len(self._windows) > self._max_keys:  # forget what has expired
                self._windows = {k: w for k, w in self._windows.items() if w[1] > now}

    def _clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)


class RedisThrottle(_Throttle):
    """Counts in Redis under ``prefix``: INCR, with the window's expiry set by the first
    failure, so every worker and machine shares the counts and Redis forgets them itself.

    When Redis fails, the counts go to this process's memory for ``pause_s`` seconds before
    Redis is tried again, so a Redis that is down does not hold every sign-in up.

    ``close()`` closes the client when the throttle made it (``from_url``); a client given to
    the constructor is the giver's to close."""

    def __init__(
        self,
        client: Any,  # a redis.Redis
        limits: ThrottleLimits = DEFAULT_LIMITS,
        prefix: str = "hipthrust:login:",
        pause_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        owns_client: bool = False,
    ) -> None:
        self.limits = limits
        self._redis = client
        self._owns_client = owns_client
        self._prefix = prefix
        self._pause_s = pause_s
        self._clock = clock
        self._down_until = float("-inf")
        self._fallback = MemoryThrottle(limits, clock)

    @classmethod
    def from_url(cls, url: str, limits: ThrottleLimits = DEFAULT_LIMITS) -> RedisThrottle:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            url, socket_timeout=1, socket_connect_timeout=1, retry=Retry(NoBackoff(), 0)
        )
        return cls(client, limits, owns_client=True)

    def close(self) -> None:
        """Close the Redis client (and its connections) when this throttle opened it."""
        if self._owns_client:
            self._redis.close()

    def _up(self) -> bool:
        return self._clock() >= self._down_until

    def _down(self, error: Exception) -> None:
        _log.warning("login throttle: Redis unreachable (%s); counting in memory", error)
        self._down_until = self._clock() + self._pause_s

    def _count(self, key: str) -> tuple[int, float]:
        import redis

        if self._up():
            try:
                pipe = self._redis.pipeline()
                pipe.get(self._prefix + key)
                pipe.pttl(self._prefix + key)
                value, ttl_ms = pipe.execute()
            except redis.RedisError as error:
                self._down(error)
            else:
                count = int(value or 0)
                if ttl_ms is None or ttl_ms < 0:  # no expiry (should not be): a whole window
                    return count, (self.limits.window_s if count else 0.0)
                return count, ttl_ms / 1000
        return self._fallback._count(key)

    def _fail(self, key: str) -> None:
        import redis

        if self._up():
            window_ms = max(1, round(self.limits.window_s * 1000))
            try:
                pipe = self._redis.pipeline()
                pipe.incr(self._prefix + key)
                pipe.pexpire(self._prefix + key, window_ms, nx=True)  # only the first failure
                pipe.execute()
                return
            except redis.RedisError as error:
                self._down(error)
        self._fallback._fail(key)

    def _clear(self, key: str) -> None:
        import redis

        if self._up():
            try:
                self._redis.delete(self._prefix + key)
            except redis.RedisError as error:
                self._down(error)
        self._fallback._clear(key)
