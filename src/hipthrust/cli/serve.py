"""``hipthrust serve``: the web app, on SQLite with no other server and no configuration.

    hipthrust serve                      # http://127.0.0.1:8000, with a video worker beside it
    hipthrust serve --host 0.0.0.0 --port 8080
    hipthrust serve --no-worker          # workers run elsewhere (hipthrust worker)

Settings come from the environment (``hipthrust.settings``; docs/web.md): HIPTHRUST_DATABASE_URL
for PostgreSQL, HIPTHRUST_REDIS_URL for a shared job queue, HIPTHRUST_SECRET_KEY,
HIPTHRUST_SECURE_COOKIES. Uploaded videos are analysed by ``hipthrust worker``; by default
``serve`` starts one beside itself and keeps it alive (``hipthrust.jobs.supervisor``): restarted
when it dies, given the settings through its environment (never on its command line), and
stopped with the server however the server stops (Ctrl-C, SIGTERM, SIGHUP; even SIGKILL, on
Linux). The port is taken before anything is printed, so a port in use is one line.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer

from hipthrust.cli.common import DATABASE_OPTION
from hipthrust.errors import InputError

__all__ = ["register"]

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class _Signalled(BaseException):
    """SIGTERM or SIGHUP reached ``serve``: stop the worker, then die of the same signal."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _raise_signalled(number: int, frame: FrameType | None) -> None:
    raise _Signalled(number)


def _listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening (as uvicorn would bind it: IPv6 when the
    host has a colon); one sentence when it cannot be."""
    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a port: use 1-65535")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except (socket.gaierror, UnicodeError):
        listener.close()
        raise InputError(f"--host {host} is not an address this machine can listen on") from None
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise InputError(
                f"port {port} on {host} is already in use (is another server running?): "
                "stop it, or choose another port with --port"
            ) from None
        reason = (error.strerror or str(error)).lower()
        raise InputError(f"cannot listen on {host}:{port}: {reason}") from None
    return listener


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``_Signalled`` here instead of ending the process on the spot,
    so the worker is stopped first (uvicorn re-raises the signal it caught once it has shut
    down, after putting these handlers back). Ctrl-C raises KeyboardInterrupt as always."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    kept = {number: signal.signal(number, _raise_signalled) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """While stopping the worker: a second signal does not cut the clean-up short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = (*_STOP_SIGNALS, signal.SIGINT)
    kept = {number: signal.signal(number, signal.SIG_IGN) for number in numbers}
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        worker: bool = typer.Option(
            True,
            "--worker/--no-worker",
            help="Start a video worker beside the server (default), or leave it to others.",
        ),
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Run the web app (athletes and coaches, phone first) until stopped with Ctrl-C."""
        from hipthrust.settings import load_settings

        settings = load_settings(database=database)
        listener = _listening_socket(host, port)  # before anything is printed

        import logging

        import uvicorn

        from hipthrust.jobs.supervisor import WorkerSupervisor
        from hipthrust.web import create_app

        # The supervisor's and the sweep's warnings, in the worker's format.
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
        signalled: int | None = None
        supervisor: WorkerSupervisor | None = None
        try:
            with _stopped_by_signals():
                try:
                    application = create_app(settings)
                    shown = f"[{host}]" if ":" in host else host
                    typer.echo(
                        f"hipthrust: serving http://{shown}:{port} (data in {settings.data_dir})"
                    )
                    # With --no-worker the workers are elsewhere; serve still sweeps for jobs
                    # whose worker died, so none stays "running" for ever.
                    supervisor = WorkerSupervisor(settings, with_worker=worker)
                    supervisor.start()
                    # X-Forwarded-For/-Proto are believed only from the configured proxies
                    # (none by default: uvicorn would otherwise believe any local process).
                    server = uvicorn.Server(
                        uvicorn.Config(
                            application,
                            host=host,
                            port=port,
                            log_level="warning",
                            # No access log: at log level warning it printed nothing, yet
                            # every request still went through the access logger's call.
                            access_log=False,
                            proxy_headers=bool(settings.trusted_proxies),
                            forwarded_allow_ips=list(settings.trusted_proxies) or None,
                        )
                    )
                    server.run(sockets=[listener])
                except _Signalled as stop:
                    signalled = stop.number
                finally:
                    with _signals_ignored():
                        if supervisor is not None:
                            supervisor.stop()
        finally:
            listener.close()
        if signalled is not None:  # end as the signal meant, now that the worker is stopped
            signal.signal(signalled, signal.SIG_DFL)
            os.kill(os.getpid(), signalled)
