"""Load on the web app: logging a set and the coach's dashboard, on SQLite and on PostgreSQL.

For each backend: a new database (a SQLite file in a temporary folder; a fresh schema on the
test PostgreSQL server, dropped afterwards) is seeded through the service layer with a coach
and ``--athletes`` athletes linked by invitation, each with ``--weeks`` weeks of history (an
active plan, two sessions a week of a warm-up and three working sets, a next-morning check-in,
some of them painful). Then ``hipthrust serve`` runs it in a subprocess on 127.0.0.1 (one
uvicorn process, as a user would start it) and ``--clients`` concurrent HTTP clients (asyncio,
one keep-alive HTTP/1.1 connection each: ``KeepAlive``, leaner than httpx) send
``--requests`` requests to each endpoint, in ``--rounds`` rounds that alternate the
endpoints, with at most ``--seconds`` for each endpoint (a warm-up first):

- baseline: ``GET /api/v1/session`` (who is signed in: the app's cheapest authenticated call),
  measured on the same server in the same run, since this machine is noisy;
- ``GET /api/v1/coach/dashboard``, as the coach;
- ``POST /api/v1/athletes/{id}/sets``, each client an athlete logging their own sets.

Every answer must be a success; the table gives requests, requests/s, p50/p95/p99 latency,
the ratios to the baseline (p50 latency, and requests/s), and the CPU time per request of the
server process (user and system, read from ``/proc``; not the PostgreSQL server's own
processes) and of the load generator (this
process). The latency is measured by the client, from sending the request to having the whole
answer; the clients send their next request at once (no think time), so with the server's one
process busy the whole time a request waits for about ``clients - 1`` others: its latency is
about ``clients`` times the server's CPU per request, and the load generator's own CPU (its
column) adds to it on the same two cores. Then the issue's targets beside the
figures (POST p99 under 100 ms with 8 clients on SQLite, under 50 ms with 32 clients on
PostgreSQL, ``--postgres-clients``; the dashboard's p99 under 150 ms on SQLite), and the
check that every acknowledged set (every 201, by the ids in its answer) is in the database
after the run. Exits 1 when a target is missed or an acknowledged set is missing.

Each person signs in once through the API (``POST /api/v1/session`` with the CSRF token of
``GET /api/v1/session``), before the clock starts; their clients share that session.
The load generator runs on the same 2-core machine as the server, so absolute numbers are low.

    .venv/bin/python benchmarks/web_load.py [--backend sqlite|postgresql|both] [--clients 8]
        [--requests 1000] [--seconds 60] [--rounds 4] [--athletes 30] [--weeks 4]
        [--compare-write-queue]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx
import numpy as np
from sqlalchemy.orm import Session

import _testkit  # noqa: F401  (puts the test kit on the path)
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.service.accounts import (
    Actor,
    accept_invitation,
    athlete_for,
    invite,
    sign_up,
)
from hipthrust.service.plans import remember_plan
from hipthrust.service.training import SetEntry, check_in, log_sets
from hipthrust.store import Athlete, open_store, transaction
from hipthrust_testkit.scratch import scratch_schema

LOOPBACK = "127.0.0.1"
SECRET = "web-load-benchmark-secret"  # the server signs its cookies with it
COOKIE = "hipthrust_session"
PASSWORD = "benchmark password"
POSTGRES_URL = os.environ.get(
    "HIPTHRUST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
REQUEST_TIMEOUT_S = 30.0
TRAINING_DAYS = ("mon", "thu")


# --------------------------------------------------------------------------- seeding


@dataclass(frozen=True)
class Seeded:
    coach: Actor
    athletes: tuple[Actor, ...]
    sets: int
    checkins: int


def seed(url: str, home: Path, athletes: int, weeks: int, now: datetime) -> Seeded:
    """A coach and ``athletes`` linked athletes with ``weeks`` weeks of training each."""
    rng = random.Random(6)
    store = open_store(url, home=home)
    sets = notes = 0
    try:
        with transaction(store) as session:
            coach = sign_up(session, "coach@example.com", PASSWORD, "coach", "Coach Cora")
        people: list[Actor] = []
        for n in range(athletes):
            with transaction(store) as session:
                units = "lb" if n % 4 == 3 else "kg"
                person = sign_up(
                    session, f"athlete{n}@example.com", PASSWORD, "athlete", f"Athlete {n}", units
                )
                token = invite(session, coach, now - timedelta(weeks=weeks, days=1)).token
                accept_invitation(session, person, token, now - timedelta(weeks=weeks, days=1))
                athlete = athlete_for(session, person)
                start = (now - timedelta(weeks=weeks)).date()
                request = PlanRequest(
                    goal=Goal.HYPERTROPHY if n % 2 else Goal.STRENGTH,
                    weeks=max(1, min(weeks + 4, 52)),
                    days_per_week=2,
                    start_rung=5,
                    e1rm_kg=80.0 + 2.5 * (n % 12),
                    training_days=TRAINING_DAYS,  # type: ignore[arg-type]
                )
                saved_at = datetime.combine(start, clock_time(8, 0), UTC)
                remember_plan(session, athlete, request, build_plan(request), saved_at)
                made_sets, made_notes = _history(session, athlete, start, now, n, rng)
                sets += made_sets
                notes += made_notes
            people.append(person)
        return Seeded(coach, tuple(people), sets, notes)
    finally:
        store.close()


def _history(
    session: Session, athlete: Athlete, start: date, now: datetime, n: int, rng: random.Random
) -> tuple[int, int]:
    """Two sessions a week since ``start`` (a few skipped) and the next mornings' check-ins."""
    sets = notes = 0
    sore = n % 5 == 0  # every fifth athlete reports pain: the dashboard's alerts
    day = start
    while day < now.date():
        if day.strftime("%a").lower() in TRAINING_DAYS and rng.random() < 0.85:
            week = (day - start).days // 7
            load = 60.0 + 2.5 * (n % 12) + 2.5 * week
            moment = datetime.combine(day, clock_time(18, 0), UTC)
            entries = [
                SetEntry(("barbell hip thrust",), reps=10, load=f"{load / 2:g}kg", warmup=True)
            ]
            entries += [
                SetEntry(
                    ("barbell hip thrust",),
                    reps=8 + rng.randint(-1, 1),
                    load=f"{load:g}kg",
                    rpe=float(rng.choice((7, 7.5, 8, 8.5))),
                    hold=str(rng.choice((1, 2))),
                    pain=rng.randint(3, 6) if sore else rng.randint(0, 2),
                )
                for _ in range(3)
            ]
            for k, entry in enumerate(entries):
                at = (moment + timedelta(minutes=4 * k)).isoformat()
                log_sets(session, athlete, _at(entry, at), now)
                sets += 1
            morning = datetime.combine(day + timedelta(days=1), clock_time(7, 0), UTC)
            if morning <= now:
                pain = rng.randint(4, 6) if sore else rng.randint(0, 2)
                check_in(session, athlete, now=now, pain=pain, day=morning.date().isoformat())
                notes += 1
        day += timedelta(days=1)
    return sets, notes


def _at(entry: SetEntry, at: str) -> SetEntry:
    return SetEntry(**{**entry.__dict__, "at": at})


# --------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Login:
    """A signed-in browser session: its cookie and the CSRF token that goes with it."""

    cookie: str
    csrf: str


def sign_in(base: str, email: str) -> Login:
    """Sign in through the API, as a script would: the session's CSRF token, then the password."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S, trust_env=False) as http:
        token = http.get("/api/v1/session").json()["csrf_token"]
        answer = http.post(
            "/api/v1/session",
            json={"email": email, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        if answer.status_code != 200:
            raise SystemExit(f"cannot sign in as {email}: {answer.status_code} {answer.text}")
        return Login(http.cookies[COOKIE], answer.json()["csrf_token"])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    """A running ``hipthrust serve``: its base URL and process id."""

    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """The CPU time the server process has used so far (user and system, all threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(url: str, home: Path, extra: dict[str, str] | None = None) -> Iterator[Server]:
    """``hipthrust serve`` over the database ``url`` on a free loopback port.
    ``extra``: more environment for the server (``HIPTHRUST_SQLITE_WRITE_QUEUE=off``)."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIPTHRUST_")}
    env.update(HIPTHRUST_HOME=str(home), HIPTHRUST_DATABASE_URL=url, HIPTHRUST_SECRET_KEY=SECRET)
    env.update(extra or {})
    log = (home / "server.log").open("wb")
    # The server alone: no video worker beside it (nothing is uploaded here).
    command = [str(Path(sys.executable).parent / "hipthrust"), "serve", "--no-worker"]
    process = subprocess.Popen(
        [*command, "--host", LOOPBACK, "--port", str(port)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{LOOPBACK}:{port}"
    try:
        _wait_for(base + "/api/v1/openapi.json", process, home / "server.log")
        yield Server(base, process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT_S)
        log.close()


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with opener.open(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within {START_TIMEOUT_S:.0f} s")


# --------------------------------------------------------------------------- the load


@dataclass(frozen=True)
class Client:
    """One simulated person: their signed-in session and the request they repeat."""

    login: Login
    method: str
    path: str
    body: Callable[[int], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Result:
    backend: str
    endpoint: str
    requests: int
    seconds: float
    latencies_ms: np.ndarray
    acknowledged: tuple[int, ...] = ()  # ids of the sets answered 201
    clients: int = 0
    server_cpu_s: float = 0.0  # CPU time of the server process during the requests
    client_cpu_s: float = 0.0  # and of the load generator (this process)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        return float(np.percentile(self.latencies_ms, p))


class KeepAlive:
    """One keep-alive HTTP/1.1 connection that speaks only what the measured requests need
    (a request line, a few fixed headers, an optional JSON body; an answer with
    ``Content-Length`` or chunked). httpx spent 2.5-5 ms of CPU per request here, as much as
    the server's cheapest call, in the one process all the clients share, so an answer could
    wait in the client for others to be parsed; this costs a small fraction of that."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or LOOPBACK, parts.port or 80
        fixed = {"Host": f"{self.host}:{self.port}", **headers}
        self.headers = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: bytes | None) -> tuple[int, bytes]:
        async with asyncio.timeout(REQUEST_TIMEOUT_S):
            if self.streams is None:
                self.streams = await asyncio.open_connection(self.host, self.port)
            reader, writer = self.streams
            head = f"{method} {path} HTTP/1.1\r\n{self.headers}"
            if body is not None:
                head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            writer.write((head + "\r\n").encode() + (body or b""))
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError(f"the server closed the connection: {method} {path}")
            status = int(status_line.split()[1])
            length, chunked, close = None, False, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                name, value = name.strip().lower(), value.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding":
                    chunked = b"chunked" in value
                elif name == b"connection":
                    close = value == b"close"
            if chunked:
                answer = b""
                while size := int((await reader.readline()).split(b";")[0], 16):
                    answer += (await reader.readexactly(size + 2))[:-2]  # and its CRLF
                while await reader.readline() not in (b"\r\n", b""):  # trailers
                    pass
            elif length is not None:
                answer = await reader.readexactly(length)
            else:
                answer, close = await reader.read(), True
            if close:
                await self.close()
            return status, answer

    async def close(self) -> None:
        if self.streams is not None:
            writer = self.streams[1]
            self.streams = None
            writer.close()
            with suppress(OSError):
                await writer.wait_closed()


async def _run_client(
    base: str,
    client: Client,
    budget: list[int],
    deadline: float,
    latencies: list[float],
    failures: list[str],
    acknowledged: list[int],
) -> None:
    headers = {
        "Cookie": f"{COOKIE}={client.login.cookie}",
        "X-CSRF-Token": client.login.csrf,
        "Accept": "application/json",
    }
    http = KeepAlive(base, headers)
    try:
        n = 0
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            n += 1
            body = None if client.body is None else json.dumps(client.body(n)).encode()
            started = time.perf_counter()
            status, answer = await http.request(client.method, client.path, body)
            latencies.append((time.perf_counter() - started) * 1000.0)
            if status == 201:
                acknowledged.extend(int(item["id"]) for item in json.loads(answer)["logged"])
            if status >= 300:
                text = answer[:300].decode(errors="replace")
                failures.append(f"{client.method} {client.path}: {status} {text}")
                return
    finally:
        await http.close()


def measure(
    server: Server,
    backend: str,
    endpoint: str,
    clients: Sequence[Client],
    requests: int,
    seconds: float,
) -> Result:
    """``requests`` requests (or as many as fit in ``seconds``) shared by the clients, with
    the CPU time the server and this process spent meanwhile."""
    base = server.base

    acknowledged: list[int] = []

    async def run() -> tuple[list[float], list[str], float]:
        latencies: list[float] = []
        failures: list[str] = []
        budget = [requests]
        started = time.perf_counter()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _run_client(base, c, budget, deadline, latencies, failures, acknowledged)
                for c in clients
            )
        )
        return latencies, failures, time.perf_counter() - started

    server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
    latencies, failures, elapsed = asyncio.run(run())
    server_cpu, client_cpu = server.cpu_seconds() - server_cpu, time.process_time() - client_cpu
    if failures:
        raise SystemExit(f"{backend} {endpoint}: {len(failures)} failed: {failures[0]}")
    return Result(
        backend,
        endpoint,
        len(latencies),
        elapsed,
        np.array(latencies),
        tuple(acknowledged),
        len(clients),
        server_cpu,
        client_cpu,
    )


def set_body(n: int) -> dict[str, Any]:
    """A working set as the phone sends it (the prescription, confirmed with one tap)."""
    return {
        "exercise": "barbell_hip_thrust",
        "load": "100kg",
        "reps": 8 + n % 3,
        "rpe": 8,
    }


# --------------------------------------------------------------------------- one backend


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file in ``folder`` or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'hipthrust.sqlite3'}"
        return
    with scratch_schema(POSTGRES_URL, "bench") as url:
        yield url


def missing_sets(url: str, home: Path, ids: Sequence[int]) -> int:
    """How many of the acknowledged set ids are not in the database."""
    from sqlalchemy import select

    from hipthrust.store import open_store, read_transaction
    from hipthrust.store.models import SetRow

    found = 0
    with open_store(url, home=home) as store, read_transaction(store) as session:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            found += len(session.scalars(select(SetRow.id).where(SetRow.id.in_(chunk))).all())
    return len(set(ids)) - found


def run_backend(
    backend: str, args: argparse.Namespace, queue: str = "on"
) -> tuple[list[Result], int, int]:
    """The results, the sets acknowledged and how many of them are missing afterwards.
    ``queue="off"`` (SQLite) serves without the process's write queue, the results labelled
    ``sqlite, write queue off``, to compare with it on."""
    now = datetime.now(UTC)
    label = backend if queue == "on" else f"{backend}, write queue off"
    extra = {} if queue == "on" else {"HIPTHRUST_SQLITE_WRITE_QUEUE": "off"}
    clients = args.postgres_clients if backend == "postgresql" else args.clients
    athletes = max(args.athletes, clients)
    with tempfile.TemporaryDirectory(prefix="hipthrust-load-") as name:
        home = Path(name)
        with database(backend, home) as url:
            started = time.perf_counter()
            seeded = seed(url, home, athletes, args.weeks, now)
            print(
                f"{backend}: seeded {len(seeded.athletes)} athletes, {seeded.sets} sets, "
                f"{seeded.checkins} check-ins in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
            with serving(url, home, extra) as server:
                base = server.base
                loggers = seeded.athletes[:clients]
                logins = {a.user_id: sign_in(base, a.email) for a in (seeded.coach, *loggers)}
                coach = logins[seeded.coach.user_id]
                plans = {
                    "baseline: GET /api/v1/session": [
                        Client(logins[a.user_id], "GET", "/api/v1/session")
                        for a in (seeded.coach, *loggers)[:clients]
                    ],
                    "GET /api/v1/coach/dashboard": [
                        Client(coach, "GET", "/api/v1/coach/dashboard") for _ in range(clients)
                    ],
                    "POST /api/v1/athletes/{id}/sets": [
                        Client(
                            logins[a.user_id],
                            "POST",
                            f"/api/v1/athletes/{a.athlete_id}/sets",
                            set_body,
                        )
                        for a in loggers
                    ],
                }
                acknowledged: list[int] = []
                for endpoint, group in plans.items():  # warm-up: imports, caches, pools
                    warm = measure(server, label, endpoint, group, max(clients, 16), args.seconds)
                    acknowledged += warm.acknowledged
                # Rounds alternate the endpoints, so a machine that gets busier or quieter
                # during the run weighs on the baseline and the endpoints alike.
                rounds: dict[str, list[Result]] = {endpoint: [] for endpoint in plans}
                share, extra = divmod(args.requests, args.rounds)
                for k in range(args.rounds):
                    for endpoint, group in plans.items():
                        count = share + (1 if k < extra else 0)
                        seconds = args.seconds / args.rounds
                        rounds[endpoint].append(
                            measure(server, label, endpoint, group, count, seconds)
                        )
            results = [_pooled(parts) for parts in rounds.values()]
            acknowledged += [i for r in results for i in r.acknowledged]
            # The server has stopped: every set it acknowledged must be stored.
            return results, len(acknowledged), missing_sets(url, home, acknowledged)


def _pooled(parts: Sequence[Result]) -> Result:
    """The rounds of one endpoint as one result: all their requests and their time."""
    return Result(
        parts[0].backend,
        parts[0].endpoint,
        sum(part.requests for part in parts),
        sum(part.seconds for part in parts),
        np.concatenate([part.latencies_ms for part in parts]),
        tuple(i for part in parts for i in part.acknowledged),
        parts[0].clients,
        sum(part.server_cpu_s for part in parts),
        sum(part.client_cpu_s for part in parts),
    )


# The targets: (backend, endpoint, clients) -> p99 ms.
TARGETS = {
    ("sqlite", "POST /api/v1/athletes/{id}/sets", 8): 100.0,
    ("postgresql", "POST /api/v1/athletes/{id}/sets", 32): 50.0,
    ("sqlite", "GET /api/v1/coach/dashboard", 8): 150.0,
}


def targets(results: Sequence[Result]) -> tuple[str, bool]:
    """The targets beside the measured p99 (a target whose client count was not run is
    shown as not run), and whether every target run was met."""
    lines = ["| target | clients | p99 ms | wanted | met |", "|---|---|---|---|---|"]
    met_all = True
    for (backend, endpoint, clients), wanted in TARGETS.items():
        found = [
            r for r in results if (r.backend, r.endpoint, r.clients) == (backend, endpoint, clients)
        ]
        if not found:
            lines.append(f"| {backend} {endpoint} | {clients} | not run | < {wanted:g} | - |")
            continue
        p99 = found[0].percentile(99)
        met = p99 < wanted
        met_all = met_all and met
        lines.append(
            f"| {backend} {endpoint} | {clients} | {p99:.1f} | < {wanted:g} "
            f"| {'yes' if met else 'NO'} |"
        )
    return "\n".join(lines), met_all


def table(results: Sequence[Result]) -> str:
    head = (
        "| backend | endpoint | requests | requests/s | p50 ms | p95 ms | p99 ms "
        "| p50 × baseline | requests/s ÷ baseline | server CPU ms/request | client CPU ms/request |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|---|---|---|"]
    baselines = {r.backend: r for r in results if r.endpoint.startswith("baseline")}
    for r in results:
        base = baselines[r.backend]
        lines.append(
            f"| {r.backend} | {r.endpoint} | {r.requests} | {r.per_second:.1f} "
            f"| {r.percentile(50):.1f} | {r.percentile(95):.1f} | {r.percentile(99):.1f} "
            f"| {r.percentile(50) / base.percentile(50):.1f} "
            f"| {r.per_second / base.per_second:.2f} "
            f"| {1000 * r.server_cpu_s / r.requests:.1f} "
            f"| {1000 * r.client_cpu_s / r.requests:.1f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=8, help="clients on SQLite")
    parser.add_argument("--postgres-clients", type=int, default=32, help="clients on PostgreSQL")
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per endpoint")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the endpoints")
    parser.add_argument("--athletes", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument(
        "--compare-write-queue",
        action="store_true",
        help="on SQLite, run once without the write queue first (same table, labelled)",
    )
    args = parser.parse_args(argv)
    if min(args.clients, args.requests, args.rounds) < 1 or args.seconds <= 0:
        parser.error("--clients, --requests, --rounds and --seconds must be positive")
    if args.requests < args.rounds:
        parser.error("--requests must be at least --rounds")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    results: list[Result] = []
    missing = 0
    lines = []
    both = ("off", "on") if args.compare_write_queue else ("on",)
    runs = [
        (backend, queue)
        for backend in backends
        for queue in (both if backend == "sqlite" else ("on",))
    ]
    for backend, queue in runs:
        measured, acknowledged, lost = run_backend(backend, args, queue)
        results += measured
        missing += lost
        one, five, _ = os.getloadavg()
        lines.append(
            f"{measured[0].backend}: {acknowledged} sets acknowledged (201), "
            f"{acknowledged - lost} of them in the database afterwards; load average at its "
            f"end {one:.2f}, {five:.2f}"
        )
    load = os.getloadavg()
    print(
        f"{args.clients} clients on SQLite, {args.postgres_clients} on PostgreSQL; up to "
        f"{args.requests} requests or {args.seconds:g} s per endpoint; coach with "
        f"{args.athletes} athletes (at least one per client), {args.weeks} weeks of history "
        f"each; load average after the run {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"
    )
    print(table(results))
    shown, met = targets(results)
    print(shown)
    print("\n".join(lines))
    return 0 if met and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
