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
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LOOPBACK", "Running", "free_port", "start", "wait_until_answering"]

LOOPBACK = "127.0.0.1"
# No proxy, whatever the environment says: the server is on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


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
