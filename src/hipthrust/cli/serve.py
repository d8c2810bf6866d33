"""``hipthrust serve``: the web app, on SQLite with no other server and no configuration.

    hipthrust serve                      # http://127.0.0.1:8000
    hipthrust serve --host 0.0.0.0 --port 8080

Settings come from the environment (docs/web.md): HIPTHRUST_DATABASE_URL for PostgreSQL,
HIPTHRUST_REDIS_URL for a shared job queue, HIPTHRUST_SECRET_KEY, HIPTHRUST_SECURE_COOKIES.
Uploaded videos are analysed by ``hipthrust worker`` (``--worker`` starts one beside it).
"""

from __future__ import annotations

import typer

from hipthrust.cli.common import DATABASE_OPTION
from hipthrust.errors import InputError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", help="Port to listen on."),
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Run the web app (athletes and coaches, phone first) until stopped with Ctrl-C."""
        import uvicorn

        from hipthrust.web import create_app, load_config

        if not 0 < port < 65536:
            raise InputError(f"--port {port} is not a port: use 1-65535")
        config = load_config(database=database)
        typer.echo(f"hipthrust: serving http://{host}:{port} (data in {config.data_dir})")
        uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
