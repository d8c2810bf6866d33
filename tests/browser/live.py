"""The real thing for browser tests: ``hipthrust serve`` and ``hipthrust worker`` as processes.

Each runs in its own process group with its output in a log file, so a test that fails can show
what the server said, and stopping it (SIGTERM, then SIGKILL after a timeout) leaves no child
behind. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, BrowserContext

__all__ = [
    "BIN",
    "LOOPBACK",
    "PHONE",
    "Live",
    "Running",
    "environment",
    "free_port",
    "live_site",
    "phone_context",
    "start",
    "wait_until_answering",
]

LOOPBACK = "127.0.0.1"
# No proxy, whatever the environment says: the server is on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
BIN = Path(sys.executable).parent  # the venv's scripts: hipthrust lives beside python
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel's choice) on the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Running:
    """A started process: its name for messages, the process and where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self, last: int = 4000) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return text[-last:]

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM to its process group, SIGKILL when it is still there after ``timeout_s``."""
        if self.process.poll() is not None:
            return
        group = self.process.pid  # start_new_session: the group's id is the leader's pid
        try:
            os.killpg(group, signal.SIGTERM)
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=timeout_s)
        except ProcessLookupError:
            self.process.wait(timeout=timeout_s)
        # Children it left in its group (pose processes, say) go with it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


def start(name: str, argv: Sequence[str], env: Mapping[str, str], logs: Path) -> Running:
    """Start ``argv`` in a new session (its own process group), output to ``logs/<name>.log``."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(argv),
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Running(name, process, log)


def wait_until_answering(url: str, watched: Sequence[Running], timeout_s: float) -> None:
    """Poll ``url`` until it answers 200; fail early when a watched process exits."""
    deadline = time.monotonic() + timeout_s
    last = "no answer yet"
    while time.monotonic() < deadline:
        for running in watched:
            if not running.alive():
                raise RuntimeError(
                    f"{running.name} exited with status {running.process.returncode}:\n"
                    f"{running.output()}"
                )
        try:
            with _OPENER.open(url, timeout=2) as answer:
                if answer.status == 200:
                    return
                last = f"status {answer.status}"
        except urllib.error.HTTPError as error:
            last = f"status {error.code}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout_s:.0f} s ({last})")


@dataclass(frozen=True)
class Live:
    """A running server and worker: the server's address and the two processes."""

    url: str
    server: Running
    worker: Running


def environment(home: Path, secret_key: str) -> dict[str, str]:
    """This environment without HIPTHRUST_* settings or proxies, over ``home``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("HIPTHRUST_") and key.lower() not in ("http_proxy", "https_proxy")
    }
    env["HIPTHRUST_HOME"] = str(home)
    env["HIPTHRUST_SECRET_KEY"] = secret_key
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextlib.contextmanager
def live_site(
    home: Path, logs: Path, secret_key: str, start_timeout_s: float, stop_timeout_s: float
) -> Iterator[Live]:
    """``hipthrust serve`` on a free loopback port and ``hipthrust worker`` over ``home``
    (their output in ``logs``), answering when this yields; both stopped afterwards."""
    env = environment(home, secret_key)
    port = free_port()
    hipthrust = str(BIN / "hipthrust")
    server = start(
        "server",
        [hipthrust, "serve", "--no-worker", "--host", LOOPBACK, "--port", str(port)],
        env,
        logs,
    )
    worker = start("worker", [hipthrust, "worker"], env, logs)
    url = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_answering(f"{url}/api/v1/openapi.json", [server, worker], start_timeout_s)
        yield Live(url, server, worker)
    finally:
        worker.stop(stop_timeout_s)
        server.stop(stop_timeout_s)


def phone_context(
    browser: Browser,
    url: str,
    color_scheme: Literal["light", "dark"],
    device_scale_factor: float,
    timeout_ms: float,
) -> BrowserContext:
    """A new person's browser on a phone (390x844, touch, en-GB, London time) at ``url``."""
    context = browser.new_context(
        color_scheme=color_scheme,
        base_url=url,
        viewport=PHONE,  # type: ignore[arg-type]
        device_scale_factor=device_scale_factor,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(timeout_ms)
    return context
