"""``hipthrust worker``: analyse uploaded videos in the background, until stopped.

    hipthrust worker                 # one analysis at a time (it already uses two processes)
    hipthrust worker --workers 2     # two at a time, on a machine with cores to spare

It reads the same settings as ``hipthrust serve`` (docs/jobs.md): the queue is a SQLite file in
the data folder unless HIPTHRUST_REDIS_URL names a Redis server, which workers on several
machines can share (with HIPTHRUST_DATABASE_URL naming the same database). Started by
``hipthrust serve``, it gets those settings through its environment and stops when the server
stops, even one killed outright (``hipthrust.jobs.supervisor.follow_supervisor``).
"""

from __future__ import annotations

import typer

from hipthrust.cli.common import DATABASE_OPTION

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker_command(
        workers: int = typer.Option(
            1, "--workers", "-w", help="Analyses run at once (each uses two processes)."
        ),
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Run the background video analysis of uploads until stopped with Ctrl-C."""
        import logging

        from hipthrust.errors import InputError
        from hipthrust.jobs.supervisor import follow_supervisor
        from hipthrust.jobs.worker import MAX_WORKERS, quiet_idle_sweeps, run_worker
        from hipthrust.settings import load_settings

        follow_supervisor()
        if not 1 <= workers <= MAX_WORKERS:
            raise InputError(f"--workers must be from 1 to {MAX_WORKERS}, not {workers}")
        config = load_settings(database=database)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
        for handler in logging.getLogger().handlers:
            handler.addFilter(quiet_idle_sweeps)
        logging.getLogger("alembic").setLevel(logging.WARNING)
        where = "Redis" if config.redis_url else f"{config.data_dir / 'jobs.sqlite3'}"
        typer.echo(f"hipthrust: worker started ({workers} at a time; queue: {where})", err=True)
        run_worker(config, workers)
