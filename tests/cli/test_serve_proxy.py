"""``hipthrust serve`` believes X-Forwarded-For only from the configured proxies.

uvicorn's default trusts the header from 127.0.0.1, so any local process (or a proxy that
passes the header through) could give every sign-in attempt a new client address and escape
the per-address limit. Through the real server: without HIPTHRUST_TRUSTED_PROXIES the header
is ignored; with it, the address the proxy names is the client.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

HIPTHRUST = Path(sys.executable).with_name("hipthrust")
PER_CLIENT = 20  # the default per-address limit (web.throttle.DEFAULT_LIMITS)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _serve(tmp_path: Path, **env_extra: str) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "HIPTHRUST_HOME": str(tmp_path), **env_extra}
    for name in ("HIPTHRUST_DATABASE_URL", "HIPTHRUST_REDIS_URL", "FORWARDED_ALLOW_IPS"):
        env.pop(name, None)
    if "HIPTHRUST_TRUSTED_PROXIES" not in env_extra:
        env.pop("HIPTHRUST_TRUSTED_PROXIES", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(HIPTHRUST), "serve", "--port", str(port), "--no-worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/v1/session", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)


def _failed_sign_in(base: str, n: int, forwarded: str) -> int:
    """One sign-in with a wrong password for a new e-mail each time; the status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/api/v1/session", timeout=10) as answer:
        token = json.load(answer)["csrf_token"]
    body = json.dumps({"email": f"user{n}@example.com", "password": "guess guess"}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/session",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-CSRF-Token": token,
            "X-Forwarded-For": forwarded,
        },
    )
    try:
        with opener.open(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return int(refused.code)


@pytest.mark.slow
def test_a_changing_forwarded_for_from_localhost_is_one_address(tmp_path: Path) -> None:
    with _serve(tmp_path) as base:
        statuses = [_failed_sign_in(base, n, f"6.6.{n}.{n}") for n in range(PER_CLIENT + 1)]
    assert statuses == [400] * PER_CLIENT + [429]


@pytest.mark.slow
def test_behind_a_configured_proxy_the_forwarded_address_is_the_client(tmp_path: Path) -> None:
    with _serve(tmp_path, HIPTHRUST_TRUSTED_PROXIES="127.0.0.1") as base:
        statuses = [_failed_sign_in(base, n, f"6.6.{n}.{n}") for n in range(PER_CLIENT + 1)]
        assert statuses == [400] * (PER_CLIENT + 1)  # every one a different client
        same = [_failed_sign_in(base, n, "6.6.6.6") for n in range(PER_CLIENT + 1)]
    assert same[-1] == 429
