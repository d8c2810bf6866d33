from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hipthrust.errors import InputError
from hipthrust.web.throttle import (
    LoginThrottle,
    MemoryThrottle,
    RedisThrottle,
    ThrottleLimits,
    TooManyAttempts,
    TrustedProxies,
    _keys,
    client_address,
    wait_sentence,
)

LIMITS = ThrottleLimits(per_email=3, per_client=5, window_s=600)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wrong() -> str:
    raise InputError("the e-mail or the password is wrong")


def right() -> str:
    return "signed in"


def fail(throttle: LoginThrottle, email: str, client: str = "10.0.0.1") -> None:
    with pytest.raises(InputError):
        throttle.guard(email, client, wrong)


def test_the_e_mail_is_shut_after_its_failures_even_for_the_right_password() -> None:
    clock = Clock()
    throttle = MemoryThrottle(LIMITS, clock)
    for _ in range(3):
        fail(throttle, "ann@example.com")
    clock.now += 60
    with pytest.raises(TooManyAttempts) as refused:
        throttle.guard("ann@example.com", "10.0.0.1", right)
    assert refused.value.retry_after_s == 540
    assert str(refused.value) == "too many failed sign-ins: wait 9 minutes and try again"
    # Another account from the same address is not shut by Ann's failures.
    assert throttle.guard("bea@example.com", "10.0.0.1", right) == "signed in"


def test_the_window_ends_and_a_success_clears_the_e_mail_count() -> None:
    clock = Clock()
    throttle = MemoryThrottle(LIMITS, clock)
    for _ in range(3):
        fail(throttle, "ann@example.com")
    clock.now += 600
    assert throttle.guard("ann@example.com", "10.0.0.1", right) == "signed in"
    for _ in range(2):
        fail(throttle, "Ann@Example.com ")  # the same account, however it is typed
    assert throttle.guard("ann@example.com", "10.0.0.1", right) == "signed in"
    for _ in range(2):  # the count started again from nothing
        fail(throttle, "ann@example.com")
    assert throttle.guard("ann@example.com", "10.0.0.1", right) == "signed in"


def test_one_address_trying_many_accounts_is_shut() -> None:
    throttle = MemoryThrottle(LIMITS, Clock())
    for n in range(5):
        fail(throttle, f"user{n}@example.com", "203.0.113.9")
    with pytest.raises(TooManyAttempts):
        throttle.guard("fresh@example.com", "203.0.113.9", right)
    assert throttle.guard("fresh@example.com", "198.51.100.2", right) == "signed in"


def owner_is_not_locked_out(throttle: LoginThrottle) -> None:
    """A stranger fails Ann's password from their address until it is shut; Ann, at home,
    still signs in; the stranger's address stays shut for every account."""
    for _ in range(3):
        fail(throttle, "ann@example.com", "203.0.113.66")
    with pytest.raises(TooManyAttempts):
        throttle.guard("ann@example.com", "203.0.113.66", right)
    assert throttle.guard("ann@example.com", "198.51.100.7", right) == "signed in"
    # Ann's own typos still count at her address (and her success cleared them).
    for _ in range(3):
        fail(throttle, "ann@example.com", "198.51.100.7")
    with pytest.raises(TooManyAttempts):
        throttle.guard("ann@example.com", "198.51.100.7", right)
    # A stranger cycling through accounts is shut by the per-address count.
    fail(throttle, "bea@example.com", "203.0.113.66")
    fail(throttle, "cat@example.com", "203.0.113.66")
    with pytest.raises(TooManyAttempts):
        throttle.guard("dan@example.com", "203.0.113.66", right)


def test_a_stranger_elsewhere_never_locks_the_owner_out() -> None:
    owner_is_not_locked_out(MemoryThrottle(LIMITS, Clock()))


def test_the_client_is_the_peer_unless_the_peer_is_a_trusted_proxy() -> None:
    nobody = TrustedProxies()
    local = TrustedProxies(["127.0.0.1", "10.0.0.0/8"])
    # Not behind a configured proxy: whatever the header says, the peer is the client.
    assert client_address("127.0.0.1", ["6.6.6.6"], nobody) == "127.0.0.1"
    assert client_address("203.0.113.5", ["6.6.6.6"], local) == "203.0.113.5"
    # Behind one: the right-most address that is not a trusted proxy.
    assert client_address("127.0.0.1", ["203.0.113.5"], local) == "203.0.113.5"
    assert client_address("127.0.0.1", ["6.6.6.6, 203.0.113.5, 10.1.2.3"], local) == "203.0.113.5"
    assert client_address("127.0.0.1", ["6.6.6.6", "203.0.113.5"], local) == "203.0.113.5"
    assert client_address("127.0.0.1", [], local) == "127.0.0.1"
    assert client_address("127.0.0.1", ["10.0.0.9"], local) == "10.0.0.9"
    assert client_address("127.0.0.1", ["garbage, 10.0.0.9"], local) == "10.0.0.9"
    assert client_address("127.0.0.1", ["[2001:db8::1]"], local) == "2001:db8::1"
    assert client_address(None, ["6.6.6.6"], local) == "unknown"
    with pytest.raises(InputError, match="is not an address or a network"):
        TrustedProxies(["proxy.local"])


def test_a_refused_attempt_checks_no_password() -> None:
    throttle = MemoryThrottle(LIMITS, Clock())
    for _ in range(3):
        fail(throttle, "ann@example.com")
    tried: list[str] = []

    def attempt() -> str:
        tried.append("checked")
        return "signed in"

    with pytest.raises(TooManyAttempts):
        throttle.guard("ann@example.com", "10.0.0.1", attempt)
    assert tried == []


def test_the_sentence_says_when_to_try_again() -> None:
    assert wait_sentence(30) == "too many failed sign-ins: wait 30 seconds and try again"
    assert wait_sentence(14 * 60 + 1) == "too many failed sign-ins: wait 15 minutes and try again"
    with pytest.raises(InputError):
        ThrottleLimits(per_email=0)


# --- Redis, for real: 127.0.0.1:6379 ----------------------------------------------------------
REDIS_URL = os.environ.get("HIPTHRUST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_client() -> Iterator[object]:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        client.close()
        reason = f"Redis at {REDIS_URL} is unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield client
    client.close()


@pytest.fixture
def redis_throttle(redis_client: object) -> Iterator[Callable[[ThrottleLimits], RedisThrottle]]:
    prefix = f"hipthrust-test:{uuid.uuid4().hex[:12]}:"

    def make(limits: ThrottleLimits) -> RedisThrottle:
        return RedisThrottle(redis_client, limits, prefix=prefix)

    yield make
    keys = list(redis_client.scan_iter(match=prefix + "*"))  # type: ignore[attr-defined]
    if keys:
        redis_client.delete(*keys)  # type: ignore[attr-defined]


@pytest.mark.redis
def test_redis_shares_the_counts_between_processes_and_forgets_them(
    redis_throttle: Callable[[ThrottleLimits], RedisThrottle], redis_client: object
) -> None:
    limits = ThrottleLimits(per_email=2, per_client=50, window_s=0.6)
    one, other = redis_throttle(limits), redis_throttle(limits)  # two web workers
    fail(one, "ann@example.com")
    fail(other, "ann@example.com")
    with pytest.raises(TooManyAttempts) as refused:
        one.guard("ann@example.com", "10.0.0.1", right)
    assert 1 <= refused.value.retry_after_s <= 1
    ttls = [
        redis_client.pttl(key)  # type: ignore[attr-defined]
        for key in redis_client.scan_iter(match=one._prefix + "*")  # type: ignore[attr-defined]
    ]
    assert len(ttls) == 2 and all(0 < ttl <= 600 for ttl in ttls)  # e-mail and client expire
    time.sleep(0.7)
    assert other.guard("ann@example.com", "10.0.0.1", right) == "signed in"


@pytest.mark.redis
def test_redis_never_locks_the_owner_out(
    redis_throttle: Callable[[ThrottleLimits], RedisThrottle],
) -> None:
    owner_is_not_locked_out(redis_throttle(LIMITS))


@pytest.mark.redis
def test_redis_success_clears_the_e_mail_but_not_the_address(
    redis_throttle: Callable[[ThrottleLimits], RedisThrottle],
) -> None:
    throttle = redis_throttle(ThrottleLimits(per_email=2, per_client=3, window_s=60))
    fail(throttle, "ann@example.com")
    assert throttle.guard("ann@example.com", "10.0.0.1", right) == "signed in"
    fail(throttle, "ann@example.com")
    assert throttle.guard("ann@example.com", "10.0.0.1", right) == "signed in"
    fail(throttle, "bea@example.com")  # the address's third failure
    with pytest.raises(TooManyAttempts):
        throttle.guard("cat@example.com", "10.0.0.1", right)


def test_an_unreachable_redis_still_limits_in_memory_and_is_tried_again_later(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    clock = Clock()
    client = redis.Redis(
        host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)
    )
    throttle = RedisThrottle(
        client, ThrottleLimits(per_email=2, per_client=9, window_s=60), pause_s=30, clock=clock
    )
    fail(throttle, "ann@example.com")
    fail(throttle, "ann@example.com")
    with pytest.raises(TooManyAttempts):
        throttle.guard("ann@example.com", "10.0.0.1", right)
    assert caplog.text.count("Redis unreachable") == 1  # then left alone for 30 s
    clock.now += 31
    fail(throttle, "bea@example.com")
    assert caplog.text.count("Redis unreachable") == 2
    client.close()


@pytest.mark.redis
def test_the_throttle_made_from_a_url_counts_in_redis(redis_client: object) -> None:
    throttle = RedisThrottle.from_url(REDIS_URL)
    try:
        email = f"{uuid.uuid4().hex}@example.com"
        fail(throttle, email)
        assert throttle._count(_keys(email, "10.0.0.1")[0])[0] == 1
    finally:
        for key in _keys(email, "10.0.0.1"):
            throttle._redis.delete(throttle._prefix + key)
        throttle._redis.close()


def _connected(redis_client: object, client_id: int) -> bool:
    """Whether the Redis server still has the connection ``client_id`` (it may take a moment
    to see a closed one go)."""
    deadline = time.monotonic() + 2
    while True:
        ids = {int(c["id"]) for c in redis_client.client_list()}  # type: ignore[attr-defined]
        if client_id not in ids or time.monotonic() > deadline:
            return client_id in ids
        time.sleep(0.05)


@pytest.mark.redis
def test_the_throttle_closes_a_client_it_made_and_leaves_a_given_one_open(
    redis_client: object,
) -> None:
    made = RedisThrottle.from_url(REDIS_URL)
    made_id = made._redis.client_id()
    made.close()
    assert not _connected(redis_client, made_id)
    given = RedisThrottle(redis_client)
    given.close()
    assert redis_client.ping()  # type: ignore[attr-defined]
    MemoryThrottle().close()  # nothing to close, and no error


@pytest.mark.redis
def test_the_app_closes_the_throttles_redis_connections_when_it_stops(
    redis_client: object, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from hipthrust.jobs import RecordingQueue
    from hipthrust.settings import Settings
    from hipthrust.web import create_app
    from web.browsers import PASSWORD, SECRET, People

    config = Settings(secret_key=SECRET, data_dir=tmp_path / "data", redis_url=REDIS_URL)
    app = create_app(config, RecordingQueue())
    with TestClient(app):
        people = People(app)
        ann = people.athlete("Ann")
        signed_in = people.stranger().api(
            "POST", "/api/v1/session", json={"email": "ann@example.com", "password": PASSWORD}
        )
        assert signed_in.status_code == 200 and ann.actor is not None
        throttle = app.state.login_throttle
        assert isinstance(throttle, RedisThrottle)
        client_id = throttle._redis.client_id()  # the connection the sign-in used
        assert _connected(redis_client, client_id)
        for browser in people.made:
            browser.client.close()
    assert not _connected(redis_client, client_id)
    assert app.state.login_throttle is None  # a restarted app makes a new one
