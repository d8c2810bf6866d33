"""How the web app is set up: every setting has a default, so ``hipthrust serve`` needs none.

From the environment (``load_config``):

- ``HIPTHRUST_DATABASE_URL``: the training log (default: SQLite in the data folder);
- ``HIPTHRUST_REDIS_URL``: Redis for the job queue and the login throttle (default: none,
  the queue is a SQLite file beside the database and the throttle lives in memory);
- ``HIPTHRUST_SECRET_KEY``: signs session cookies (default: a random key made once and kept
  in ``<data folder>/secret_key``, readable by its owner only);
- ``HIPTHRUST_SECURE_COOKIES=1``: cookies only over HTTPS (set it behind a TLS proxy);
- ``HIPTHRUST_MAX_UPLOAD_MB``: the largest video accepted (default 200 MB);
- ``HIPTHRUST_TRUSTED_PROXIES``: the reverse proxies in front of the app, comma-separated
  addresses or networks (``127.0.0.1``, ``10.0.0.0/8``); only from them are
  ``X-Forwarded-For`` and ``X-Forwarded-Proto`` believed (default: none, the socket's peer
  is the client).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hipthrust.errors import InputError
from hipthrust.store.db import data_dir as store_data_dir
from hipthrust.web.throttle import TrustedProxies

__all__ = ["WebConfig", "load_config"]

ENV_REDIS_URL = "HIPTHRUST_REDIS_URL"
ENV_SECRET_KEY = "HIPTHRUST_SECRET_KEY"
ENV_SECURE_COOKIES = "HIPTHRUST_SECURE_COOKIES"
ENV_MAX_UPLOAD_MB = "HIPTHRUST_MAX_UPLOAD_MB"
ENV_TRUSTED_PROXIES = "HIPTHRUST_TRUSTED_PROXIES"
SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class WebConfig:
    secret_key: str
    data_dir: Path  # uploads, analysis outputs and the embedded job queue live here
    database: str | None = None  # a SQLAlchemy URL; None: SQLite in ``data_dir``
    redis_url: str | None = None
    secure_cookies: bool = False
    max_upload_bytes: int = 200 * 1024 * 1024
    session_days: int = 14
    trusted_proxies: tuple[str, ...] = ()  # addresses or networks of the reverse proxies

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


def _secret(folder: Path) -> str:
    path = folder / SECRET_FILE
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(key + "\n")
        return key
    except OSError as error:
        raise InputError(f"{path}: cannot keep the secret key there ({error.strerror})") from None


def load_config(
    env: Mapping[str, str] | None = None, home: Path | None = None, database: str | None = None
) -> WebConfig:
    """The configuration from the environment (see the module docstring)."""
    environ = os.environ if env is None else env
    folder = store_data_dir(home, environ)
    megabytes = environ.get(ENV_MAX_UPLOAD_MB, "200")
    try:
        limit = int(float(megabytes) * 1024 * 1024)
    except ValueError:
        raise InputError(f"{ENV_MAX_UPLOAD_MB}={megabytes} is not a number of megabytes") from None
    if limit <= 0:
        raise InputError(f"{ENV_MAX_UPLOAD_MB} must be more than 0")
    proxies = tuple(p.strip() for p in environ.get(ENV_TRUSTED_PROXIES, "").split(",") if p.strip())
    try:
        TrustedProxies(proxies)
    except InputError as error:
        raise InputError(f"{ENV_TRUSTED_PROXIES}: {error}") from None
    return WebConfig(
        secret_key=environ.get(ENV_SECRET_KEY) or _secret(folder),
        data_dir=folder,
        database=database or environ.get("HIPTHRUST_DATABASE_URL") or None,
        redis_url=environ.get(ENV_REDIS_URL) or None,
        secure_cookies=environ.get(ENV_SECURE_COOKIES, "") in ("1", "true", "yes"),
        max_upload_bytes=limit,
        trusted_proxies=proxies,
    )
