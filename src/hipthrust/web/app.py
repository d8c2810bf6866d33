"""The FastAPI application: pages for people, ``/api/v1`` for scripts, OpenAPI at ``/docs``.

``create_app(config, queue)`` builds it; ``hipthrust serve`` runs it with uvicorn. The store
is opened (created and migrated on first use) when the app starts and closed when it stops,
with what else the app opened: the login throttle's Redis connections and the job queue it
made (a queue given to ``create_app`` is the giver's to close).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from hipthrust import __version__
from hipthrust.errors import AccessDenied, InputError, NotSignedIn
from hipthrust.jobs import AnalysisQueue, RecordingQueue
from hipthrust.settings import Settings
from hipthrust.store import open_store
from hipthrust.web.deps import render, signed_in_actor
from hipthrust.web.guard import API_PREFIX, Guard, wants_json
from hipthrust.web.openapi import install_docs
from hipthrust.web.request_limits import RequestLimits
from hipthrust.web.routes import ROUTERS
from hipthrust.web.security import check_csrf

__all__ = ["API_PREFIX", "create_app"]

_STATIC = Path(__file__).parent / "static"
# Charting: plotly.js as the plotly package ships it (installed from PyPI, never copied here).
_PLOTLY_JS = Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def _wants_json(request: Request) -> bool:
    return wants_json(request.url.path)


def create_app(config: Settings, queue: AnalysisQueue | None = None) -> FastAPI:
    """The app over the store named by ``config``; ``queue`` runs uploaded videos' analyses
    (default: the Huey queue the configuration names)."""

    own_queue = queue is None  # the app made it, so the app closes it

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        config.data_dir.mkdir(parents=True, exist_ok=True)
        app.state.store = open_store(config.database, home=config.data_dir)
        try:
            yield
        finally:
            _close_resources(app, own_queue)

    app = FastAPI(
        title="hipthrust",
        version=__version__,
        summary="Coaching for the hip thrust: assess, plan, log, decide, and watch the set.",
        lifespan=lifespan,
        dependencies=[Depends(check_csrf)],
        docs_url=None,  # web.openapi serves /docs itself, offline
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.config = config
    app.state.queue = queue if queue is not None else _default_queue(config)
    # The last added runs first: the guard (headers, the 500), then the session, then the
    # body limits (which need the session to know who may send a video).
    app.add_middleware(RequestLimits, video_bytes=config.max_upload_bytes)
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key,
        session_cookie="hipthrust_session",
        max_age=config.session_days * 24 * 3600,
        same_site="lax",
        https_only=config.secure_cookies,
    )
    app.add_middleware(Guard)

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(AccessDenied)
    async def access_denied(request: Request, error: AccessDenied) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=403)
        actor = signed_in_actor(request)
        return render(request, "error.html", 403, message=str(error), actor=actor)

    @app.exception_handler(InputError)
    async def input_error(request: Request, error: InputError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=400)
        actor = signed_in_actor(request)
        return render(request, "error.html", 400, message=str(error), actor=actor)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        # A page nobody has (404) or a method a route lacks gets a page with the navigation;
        # the API keeps FastAPI's JSON answer.
        if _wants_json(request) or error.status_code not in (404, 405):
            return await http_exception_handler(request, error)
        actor = signed_in_actor(request)
        return render(request, "not_found.html", error.status_code, actor=actor)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        message = _first_problem(error)
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=400)
        return render(request, "error.html", 400, message=message)

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_PLOTLY_JS, media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=_STATIC), name="static")
    install_docs(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


def _close_resources(app: FastAPI, own_queue: bool) -> None:
    """Close what the app opened while it ran; one failure does not keep the rest open."""
    closers: list[Callable[[], object]] = []
    throttle = getattr(app.state, "login_throttle", None)
    if throttle is not None:
        app.state.login_throttle = None  # a restarted app makes a new one
        closers.append(throttle.close)
    queue_close = getattr(app.state.queue, "close", None) if own_queue else None
    if callable(queue_close):
        closers.append(queue_close)
    closers.append(app.state.store.close)
    with ExitStack() as stack:
        for close in reversed(closers):  # ExitStack runs them last in, first out
            stack.callback(close)


def _first_problem(error: RequestValidationError) -> str:
    """A request that does not fit its model, in one line: ``reps: input should be ...``."""
    problems = error.errors()
    if not problems:
        return "the request is not valid"
    first = problems[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    text = str(first.get("msg", "is not valid"))
    text = text[:1].lower() + text[1:]
    more = len(problems) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return (f"{where}: {text}" if where else text) + suffix


def _default_queue(config: Settings) -> AnalysisQueue:
    try:
        from hipthrust.jobs.queue import huey_queue  # the real queue (hipthrust worker)
    except ImportError:  # pragma: no cover - until the queue module lands
        return RecordingQueue()
    return huey_queue(config)
