"""Installing the app and using it without signal: the web app manifest and the service worker.

``/manifest.webmanifest`` names the app for "Add to home screen" (our own SVG icon, opening on
``/`` in its own window); ``/sw.js`` is the service worker, served from the site's root so its
scope is the whole site. The worker keeps the app's files and the last copy of the athlete's
Today and Plan pages, so they open without signal; ``static/offline.js`` queues a set logged
without signal and sends it (with an idempotency key) when the signal returns. docs/web-training.md
("Offline and installing") says what a person sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

__all__ = ["MANIFEST", "router"]

router = APIRouter()

_STATIC = Path(__file__).resolve().parents[1] / "static"
THEME = "#1565c0"  # app.css's --accent, as the favicon's tile
BACKGROUND = "#f6f8fa"  # app.css's --bg

MANIFEST: dict[str, Any] = {
    "id": "/",
    "name": "hipthrust",
    "short_name": "hipthrust",
    "description": "Hip thrust coaching: today's session, the plan and the log, on the gym floor.",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "orientation": "portrait",
    "theme_color": THEME,
    "background_color": BACKGROUND,
    "icons": [
        {
            "src": "/static/favicon.svg",
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any",
        }
    ],
}


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> JSONResponse:
    """The web app manifest (application/manifest+json)."""
    return JSONResponse(
        MANIFEST,
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> FileResponse:
    """The service worker, from the root so that it may control every page of the site.

    ``no-cache``: the browser asks for a new one on each visit (a changed worker installs)."""
    return FileResponse(
        _STATIC / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )
