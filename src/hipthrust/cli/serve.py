"""``hipthrust serve``: the web app, on SQLite with no other server and no configuration.

    hipthrust serve                      # http://127.0.0.1:8000, with a video worker beside it
    hipthrust serve --host 0.0.0.0 --port 8080
    hipthrust serve --no-worker          # workers run elsewhere (hipthrust worker)

Settings come from the environment (docs/web.md): HIPTHRUST_DATABASE_URL for PostgreSQL,
HIPTHRUST_REDIS_URL for a shared job queue, HIPTHRUST_SECRET_KEY, HIPTHRUST_SECURE_COOKIES.
Uploaded videos are analysed by ``hipthrust worker``; by default ``serve`` starts one beside
itself (a child process, stopped with the server), so one command gives the whole app.
"""

from __future__ import annotations

import subprocess
import sys

import typer

from hipthrust.cli.common import DATABASE_OPTION
from hipthrust.errors import InputError

__all__ = ["register"]

_WORKER_STOP_S = 10.0


def _start_worker(database: str | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "hipthrust", "worker"]
    if database:
        command += ["--database", database]
    return subprocess.Popen(command)


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(_WORKER_STOP_S)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


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
        import uvicorn

        from hipthrust.web import create_app, load_config

        if not 0 < port < 65536:
            raise InputError(f"--port {port} is not a port: use 1-65535")
        config = load_config(database=database)
        application = create_app(config)
        typer.echo(f"hipthrust: serving http://{host}:{port} (data in {config.data_dir})")
        child = _start_worker(database) if worker else None
        try:
            # X-Forwarded-For/-Proto are believed only from the configured proxies (none by
            # default: uvicorn would otherwise believe any local process that sends them).
            uvicorn.run(
                application,
                host=host,
                port=port,
                log_level="warning",
                proxy_headers=bool(config.trusted_proxies),
                forwarded_allow_ips=list(config.trusted_proxies) or None,
            )
        finally:
            if child is not None:
                _stop_worker(child)
