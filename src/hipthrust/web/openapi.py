"""The API's OpenAPI document as the app really answers, and ``/docs`` to read it offline.

FastAPI's document says 422 for a request that does not fit its model; this app answers 400
(``{"detail": "<one sentence>"}``), so ``api_document`` rewrites it: 400 on every operation,
401 and 403 where a signed-in person is needed, 403 on every change (the CSRF token), 413 where
a body is sent, all with the ``Error`` schema; ids in paths bounded by what the databases hold;
and the limits the service layer enforces written into the schemas (a password of at least
``MIN_PASSWORD`` characters). ``/docs`` is Swagger UI from the ``swagger-ui-bundle`` package
(PyPI), served by the app itself under its own Content-Security-Policy: the page loads nothing
from another site and runs no inline script (``static/docs.js`` starts it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from hipthrust.service.accounts import MAX_PASSWORD, MIN_PASSWORD
from hipthrust.store.checks import MAX_ID
from hipthrust.web.guard import API_PREFIX

__all__ = ["SWAGGER_UI", "api_document", "install_docs"]

SWAGGER_UI = "/vendor/swagger-ui"
_ERROR = {"$ref": "#/components/schemas/Error"}
# Operations anyone may call: everything else under the API needs a signed-in person.
_OPEN = frozenset(
    {
        f"{API_PREFIX}/signup",
        f"{API_PREFIX}/session",
        f"{API_PREFIX}/questions",
        f"{API_PREFIX}/exercises/{{variation_id}}",
    }
)
_UNSAFE = frozenset({"post", "put", "patch", "delete"})
_SAID = {
    400: "The request is refused: `detail` says why in one sentence.",
    401: "Nobody is signed in.",
    403: "Not this person's to see or change (or the CSRF token is missing or wrong).",
    413: "The body is larger than this route takes.",
}

_DOCS_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hipthrust API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{SWAGGER_UI}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-spec="{API_PREFIX}/openapi-3.0.json"></div>
<script src="{SWAGGER_UI}/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def _error_response(status: int, said: dict[str, Any] | None) -> dict[str, Any]:
    description = (said or {}).get("description") or _SAID.get(status, "Refused.")
    if status == 400 and description == "Validation Error":
        description = _SAID[400]
    return {"description": description, "content": {"application/json": {"schema": _ERROR}}}


def _refine_operation(path: str, method: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    statuses = {400}
    if path not in _OPEN:
        statuses |= {401, 403}
    if method in _UNSAFE:
        statuses.add(403)
    if "requestBody" in operation:
        statuses.add(413)
    for status in sorted(statuses):
        responses[str(status)] = _error_response(status, responses.get(str(status)))
    for status, said in list(responses.items()):
        if status.isdigit() and int(status) >= 400 and "content" not in said:
            responses[status] = _error_response(int(status), said)
    for parameter in operation.get("parameters", ()):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and schema.get("type") == "integer":
            schema.setdefault("minimum", 1)
            schema.setdefault("maximum", MAX_ID)


def refine(document: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's document, rewritten to say what the app answers (see the module docstring)."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = {
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string", "description": "What went wrong, in one sentence."},
            "field": {"type": "string", "description": "The form field it is about (uploads)."},
        },
    }
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                _refine_operation(path, method, operation)
    password = schemas.get("SignUpIn", {}).get("properties", {}).get("password")
    if password is not None:  # the service's rule, said where a client reads it
        password["minLength"] = MIN_PASSWORD
        password["maxLength"] = MAX_PASSWORD
    return document


def api_document(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """``app.openapi``: the document made once, refined."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = refine(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    summary=app.summary,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    return openapi


def as_openapi_30(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` (OpenAPI 3.1) in OpenAPI 3.0's words: ``anyOf`` with ``{"type": "null"}``
    becomes the other schema marked ``nullable``; everything else is kept as it is."""

    def said(node: Any) -> Any:
        if isinstance(node, list):
            return [said(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: said(value) for key, value in node.items()}
        choices = node.get("anyOf")
        if isinstance(choices, list) and {"type": "null"} in choices:
            rest = [choice for choice in choices if choice != {"type": "null"}]
            node.pop("anyOf")
            if len(rest) == 1 and "$ref" not in rest[0]:
                node = {**rest[0], **node}
            else:
                node["anyOf"] = rest
            node["nullable"] = True
        return node

    converted: dict[str, Any] = said(document)
    converted["openapi"] = "3.0.3"
    return converted


def install_docs(app: FastAPI) -> None:
    """``/docs`` and Swagger UI's files, all served by the app."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_PAGE)

    @app.get(f"{API_PREFIX}/openapi-3.0.json", include_in_schema=False)
    def document_for_swagger_ui() -> JSONResponse:
        """The same document said in OpenAPI 3.0 (``openapi.json`` is 3.1): the Swagger UI of
        the ``swagger-ui-bundle`` package (4.x) draws only 3.0."""
        return JSONResponse(as_openapi_30(app.openapi()))

    app.mount(SWAGGER_UI, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    app.openapi = api_document(app)  # type: ignore[method-assign]
