from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hipthrust.cli import main

HIPTHRUST = Path(sys.executable).with_name("hipthrust")


def test_serve_help_names_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--port" in out and "--no-worker" in out and "--database" in out


def test_serve_refuses_a_port_that_is_not_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000", "--no-worker"]) == 2
    assert capsys.readouterr().err.strip() == (
        "hipthrust: error: --port 70000 is not a port: use 1-65535"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_serve_answers_on_sqlite_with_a_worker_beside_it_and_stops_both(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "HIPTHRUST_HOME": str(tmp_path)}
    env.pop("HIPTHRUST_DATABASE_URL", None)
    env.pop("HIPTHRUST_REDIS_URL", None)
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(HIPTHRUST), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        page = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read()
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.3)
        assert b"Sign up" in page
        assert (tmp_path / "hipthrust.sqlite3").is_file()  # the log, with no configuration
        workers = _children(server.pid)
        assert len(workers) == 1  # the video worker
        server.send_signal(signal.SIGINT)
        server.wait(30)
        assert not _alive(workers[0])
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
