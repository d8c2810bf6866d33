"""The OpenAPI document says what the app answers, and ``/docs`` needs nothing from elsewhere."""

from __future__ import annotations

import re
from typing import Any

from web.browsers import People

_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in _METHODS
    ]


def test_the_document_says_400_not_422_and_401_403_where_they_are_answered(
    people: People,
) -> None:
    spec = people.stranger().get("/api/v1/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, method, operation in _operations(spec):
        responses = operation["responses"]
        assert "422" not in responses, (method, path)
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
        needs_sign_in = path not in (
            "/api/v1/signup",
            "/api/v1/session",
            "/api/v1/questions",
            "/api/v1/exercises/{variation_id}",
        )
        assert ("401" in responses) == needs_sign_in, (method, path)
        if needs_sign_in or method != "get":
            assert "403" in responses, (method, path)
        if "requestBody" in operation:
            assert "413" in responses, (method, path)
        for parameter in operation.get("parameters", ()):
            if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                assert parameter["schema"]["maximum"] == 2**63 - 1


def test_the_document_carries_the_limits_the_app_enforces(people: People) -> None:
    schemas = people.stranger().get("/api/v1/openapi.json").json()["components"]["schemas"]
    password = schemas["SignUpIn"]["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (10, 1024)
    checkin = schemas["CheckinIn"]
    assert [sorted(branch["required"]) for branch in checkin["anyOf"]] == [
        ["pain"],
        ["bodyweight"],
        ["notes"],
    ]
    assert checkin["properties"]["notes"]["maxLength"] == 2000
    assert schemas["SetIn"]["properties"]["notes"]["maxLength"] == 2000


def test_what_the_document_says_is_what_the_app_answers(people: People) -> None:
    stranger = people.stranger()
    short = stranger.api(
        "POST",
        "/api/v1/signup",
        json={"role": "athlete", "display_name": "A", "email": "a@example.com", "password": "x"},
    )
    assert short.status_code == 400
    assert short.json() == {"detail": "the password is too short: use at least 10 characters"}
    ann = people.athlete("Ann")
    assert ann.actor is not None
    empty = ann.api("POST", f"/api/v1/athletes/{ann.actor.athlete_id}/checkins", json={})
    assert empty.status_code == 400 and "nothing to check in" in empty.json()["detail"]
    assert stranger.get(f"/api/v1/athletes/{ann.actor.athlete_id}/today").status_code == 401


def test_the_docs_page_runs_only_scripts_from_this_site(people: People) -> None:
    stranger = people.stranger()
    page = stranger.get("/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all(body.strip() == "" for _, body in scripts)  # no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/") for source in sources)  # none elsewhere
    for source in sources:
        served = stranger.get(source)
        assert served.status_code == 200, source
    bundle = stranger.get("/vendor/swagger-ui/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text
    assert stranger.get("/redoc").status_code == 404  # it would load its script from a CDN
