from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hipthrust.cli import main
from hipthrust.settings import load_settings
from hipthrust.store import open_store
from jobs.uploads import alive, analysis_of, upload_for_ann
from video.clips import film, rendered_set

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


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in _children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _group(pgid: int) -> list[int]:
    """The live processes of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(entry.name))
    return members


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HIPTHRUST_HOME": str(home), **extra}
    for name in ("HIPTHRUST_DATABASE_URL", "HIPTHRUST_REDIS_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


@contextmanager
def _serving(home: Path, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """The real ``hipthrust serve`` on ``port``, once it answers; killed if still running."""
    log = home / "serve.log"
    home.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(HIPTHRUST), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    assert b"Sign up" in answer.read()
                    break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        yield server
    finally:
        for pid in _descendants(server.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.kill()
        server.wait(10)


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.slow
def test_serve_answers_on_sqlite_with_a_worker_beside_it_and_stops_both(tmp_path: Path) -> None:
    with _serving(tmp_path, _free_port(), _environment(tmp_path)) as server:
        assert (tmp_path / "hipthrust.sqlite3").is_file()  # the log, with no configuration
        workers = _children(server.pid)
        assert len(workers) == 1  # the video worker
        server.send_signal(signal.SIGINT)
        server.wait(30)
        assert not alive(workers[0])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop", "status"), [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGINT, 130)]
)
def test_serve_stopped_by_a_signal_leaves_no_worker(
    tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    with _serving(tmp_path, _free_port(), _environment(tmp_path)) as server:
        (worker,) = _children(server.pid)
        assert _group(worker) == [worker]  # the worker leads a process group of its own
        server.send_signal(stop)
        assert server.wait(30) == status  # as the signal meant, once the worker is stopped
        assert _wait_for(lambda: not alive(worker) and not _group(worker), 5)


@pytest.mark.slow
def test_serve_killed_outright_takes_its_worker_along(tmp_path: Path) -> None:
    with _serving(tmp_path, _free_port(), _environment(tmp_path)) as server:
        (worker,) = _children(server.pid)
        server.kill()  # no handler runs: the kernel tells the worker (PR_SET_PDEATHSIG)
        server.wait(10)
        assert _wait_for(lambda: not alive(worker), 20)


def test_serve_on_a_port_in_use_says_so_in_one_line_before_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HIPTHRUST_HOME", str(tmp_path))
    monkeypatch.delenv("HIPTHRUST_DATABASE_URL", raising=False)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-worker"]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # no "serving http://..."
    assert err == (
        f"hipthrust: error: port {port} on 127.0.0.1 is already in use (is another server "
        "running?): stop it, or choose another port with --port\n"
    )


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("nowhere.invalid", "--host nowhere.invalid is not an address this machine can listen on"),
        ("192.0.2.1", "cannot listen on 192.0.2.1:8123: cannot assign requested address"),
    ],
)
def test_serve_on_an_address_it_cannot_take_says_so_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    host: str,
    said: str,
) -> None:
    monkeypatch.setenv("HIPTHRUST_HOME", str(tmp_path))
    monkeypatch.delenv("HIPTHRUST_DATABASE_URL", raising=False)
    assert main(["serve", "--host", host, "--port", "8123", "--no-worker"]) == 2
    assert capsys.readouterr() == ("", f"hipthrust: error: {said}\n")


@pytest.mark.slow
@pytest.mark.postgres
def test_no_secret_on_the_command_line_of_any_child(
    tmp_path: Path, new_postgres_schema: Callable[[], AbstractContextManager[str]]
) -> None:
    with new_postgres_schema() as url:
        secret_url = make_url(url).set(password="s3cret").render_as_string(hide_password=False)
        env = _environment(tmp_path, HIPTHRUST_DATABASE_URL=secret_url)
        with _serving(tmp_path, _free_port(), env) as server:
            (worker,) = _children(server.pid)
            time.sleep(2)  # the worker has connected and started its consumer
            children = _descendants(server.pid)
            assert worker in children
            for pid in children:
                line = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                assert b"s3cret" not in line, line
            assert alive(worker)
            server.send_signal(signal.SIGTERM)
            server.wait(30)


@pytest.mark.slow
def test_a_worker_killed_under_serve_is_started_again_and_its_analysis_finished(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    clip = film(tmp_path / "set.mp4", rendered_set(reps=2, width=320, height=180))
    with _serving(home, _free_port(), _environment(home)) as server:
        (first,) = _children(server.pid)
        with open_store(None, home=home) as store:
            analysis = upload_for_ann(load_settings({"HIPTHRUST_HOME": str(home)}), store, clip)
            assert _wait_for(lambda: analysis_of(store, analysis.id).status != "pending", 120)
            assert analysis_of(store, analysis.id).status == "running"
            os.kill(first, signal.SIGKILL)  # out of memory, say: no clean-up
            assert _wait_for(lambda: [p for p in _children(server.pid) if p != first] != [], 30)
            (second,) = _children(server.pid)
            assert not _group(first)  # the dead worker's pose processes went with it
            assert _wait_for(lambda: analysis_of(store, analysis.id).finished, 240)
            done = analysis_of(store, analysis.id)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    assert done.status == "done", done.error
    assert done.report is not None and done.report["rep_count"] == 2
    assert done.attempts == 2  # the killed try counts, the finished one too
    assert done.claimed_by is not None and done.claimed_by["pid"] == second


@pytest.mark.slow
def test_serve_stopped_mid_analysis_hands_it_back_for_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    clip = film(tmp_path / "set.mp4", rendered_set(reps=2, width=320, height=180))
    with open_store(None, home=home) as store:
        analysis = upload_for_ann(load_settings({"HIPTHRUST_HOME": str(home)}), store, clip)
        with _serving(home, _free_port(), _environment(home)) as server:
            assert _wait_for(lambda: analysis_of(store, analysis.id).status != "pending", 120)
            assert analysis_of(store, analysis.id).status == "running"
            server.send_signal(signal.SIGTERM)  # a supervisor restarting the app, say
            assert server.wait(30) == -signal.SIGTERM
        back = analysis_of(store, analysis.id)
        assert (back.status, back.attempts, back.error) == ("pending", 0, None)
        with _serving(home, _free_port(), _environment(home)):  # started again
            assert _wait_for(lambda: analysis_of(store, analysis.id).finished, 240)
            done = analysis_of(store, analysis.id)
    assert done.status == "done" and done.attempts == 1, done.error
