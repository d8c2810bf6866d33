"""The settings of ``hipthrust serve``, ``hipthrust worker`` and the rest of the CLI, in one place.

Every setting has a default, so ``hipthrust serve`` needs none. They are read once, from the
environment and the command's flags (``load_settings``), and handed down as one frozen
``Settings``; nothing below the command line reads the environment for them again.

- ``HIPTHRUST_HOME``: the data folder (the SQLite log, uploads, analyses, the job queue, the
  secret key; default: the user's data folder);
- ``HIPTHRUST_DATABASE_URL`` (or ``--database``): the training log (default: SQLite in the data
  folder);
- ``HIPTHRUST_REDIS_URL``: Redis for the job queue and the login throttle (default: none, the
  queue is a SQLite file beside the database and the throttle lives in memory);
- ``HIPTHRUST_SECRET_KEY``: signs session cookies (default: a random key made once and kept
  in ``<data folder>/secret_key``, readable by its owner only);
- ``HIPTHRUST_SECURE_COOKIES=1``: cookies only over HTTPS (set it behind a TLS proxy);
- ``HIPTHRUST_MAX_UPLOAD_MB``: the largest video accepted (default 200 MB);
- ``HIPTHRUST_TRUSTED_PROXIES``: the reverse proxies in front of the app, comma-separated
  addresses or networks (``127.0.0.1``, ``10.0.0.0/8``); only from them are
  ``X-Forwarded-For`` and ``X-Forwarded-Proto`` believed (default: none, the socket's peer is
  the client);
- ``HIPTHRUST_ANALYSIS_ATTEMPTS``: how many times an analysis may stop its worker before it is
  marked failed (default 3).

A process started by ``hipthrust serve`` (its video worker) gets these through its environment
(``Settings.environment``), never on its command line, where every local user could read a
password in the database or Redis URL.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hipthrust.errors import InputError
from hipthrust.store.db import ENV_DATABASE_URL, ENV_HOME
from hipthrust.store.db import data_dir as store_data_dir

__all__ = [
    "ENV_ANALYSIS_ATTEMPTS",
    "ENV_MAX_UPLOAD_MB",
    "ENV_REDIS_URL",
    "ENV_SECRET_KEY",
    "ENV_SECURE_COOKIES",
    "ENV_TRUSTED_PROXIES",
    "MAX_ANALYSIS_ATTEMPTS",
    "SECRET_FILE",
    "Settings",
    "load_settings",
]

ENV_REDIS_URL = "HIPTHRUST_REDIS_URL"
ENV_SECRET_KEY = "HIPTHRUST_SECRET_KEY"
ENV_SECURE_COOKIES = "HIPTHRUST_SECURE_COOKIES"
ENV_MAX_UPLOAD_MB = "HIPTHRUST_MAX_UPLOAD_MB"
ENV_ANALYSIS_ATTEMPTS = "HIPTHRUST_ANALYSIS_ATTEMPTS"
ENV_TRUSTED_PROXIES = "HIPTHRUST_TRUSTED_PROXIES"
SECRET_FILE = "secret_key"
MAX_ANALYSIS_ATTEMPTS = 3  # [design] a video that stopped the worker three times is not tried again


@dataclass(frozen=True)
class Settings:
    secret_key: str
    data_dir: Path  # uploads, analysis outputs and the embedded job queue live here
    database: str | None = None  # a SQLAlchemy URL; None: SQLite in ``data_dir``
    redis_url: str | None = None
    secure_cookies: bool = False
    max_upload_bytes: int = 200 * 1024 * 1024
    session_days: int = 14
    analysis_attempts: int = MAX_ANALYSIS_ATTEMPTS
    trusted_proxies: tuple[str, ...] = ()  # addresses or networks of the reverse proxies

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    def environment(self) -> dict[str, str]:
        """These settings as the environment of a child process (``load_settings`` reads them
        back): the way ``serve`` hands them to its worker, with no secret on a command line."""
        env = {
            ENV_HOME: str(self.data_dir),
            ENV_SECRET_KEY: self.secret_key,
            ENV_MAX_UPLOAD_MB: repr(self.max_upload_bytes / (1024 * 1024)),
            ENV_ANALYSIS_ATTEMPTS: str(self.analysis_attempts),
            ENV_TRUSTED_PROXIES: ",".join(self.trusted_proxies),
            ENV_SECURE_COOKIES: "1" if self.secure_cookies else "0",
        }
        if self.database:
            env[ENV_DATABASE_URL] = self.database
        if self.redis_url:
            env[ENV_REDIS_URL] = self.redis_url
        return env


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


def _upload_limit(environ: Mapping[str, str]) -> int:
    megabytes = environ.get(ENV_MAX_UPLOAD_MB, "200")
    try:
        limit = int(float(megabytes) * 1024 * 1024)
    except ValueError:
        raise InputError(f"{ENV_MAX_UPLOAD_MB}={megabytes} is not a number of megabytes") from None
    if limit <= 0:
        raise InputError(f"{ENV_MAX_UPLOAD_MB} must be more than 0")
    return limit


def _attempts(environ: Mapping[str, str]) -> int:
    text = environ.get(ENV_ANALYSIS_ATTEMPTS, str(MAX_ANALYSIS_ATTEMPTS))
    try:
        attempts = int(text)
    except ValueError:
        attempts = 0
    if not 1 <= attempts <= 100:
        raise InputError(f"{ENV_ANALYSIS_ATTEMPTS}={text} must be a whole number from 1 to 100")
    return attempts


def load_settings(
    env: Mapping[str, str] | None = None, home: Path | None = None, database: str | None = None
) -> Settings:
    """The settings from the environment (see the module docstring); ``home`` and ``database``
    are the command's flags, which win over the environment."""
    environ = os.environ if env is None else env
    folder = store_data_dir(home, environ)
    return Settings(
        secret_key=environ.get(ENV_SECRET_KEY) or _secret(folder),
        data_dir=folder,
        database=database or environ.get(ENV_DATABASE_URL) or None,
        redis_url=environ.get(ENV_REDIS_URL) or None,
        secure_cookies=environ.get(ENV_SECURE_COOKIES, "") in ("1", "true", "yes"),
        max_upload_bytes=_upload_limit(environ),
        analysis_attempts=_attempts(environ),
        trusted_proxies=_proxies(environ),
    )


def _proxies(environ: Mapping[str, str]) -> tuple[str, ...]:
    entries = tuple(p.strip() for p in environ.get(ENV_TRUSTED_PROXIES, "").split(",") if p.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise InputError(
                f"{ENV_TRUSTED_PROXIES}: {entry!r} is not an address or a network (e.g. "
                "127.0.0.1 or 10.0.0.0/8)"
            ) from None
    return entries
