"""Fuzz the HTTP API from its own OpenAPI schema: no 5xx, and every error is problem+json.

A fixed, derandomized budget per operation keeps CI runs the same and short.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from pathway_audit.api.app import create_app
from pathway_audit.api.security import hash_key
from pathway_audit.api.settings import Settings
from pathway_audit.auditor import Auditor

API_KEY = "schemathesis-key"
APP = create_app(Settings(api_key_hashes=(hash_key(API_KEY),), timeout_seconds=30), auditor=Auditor())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def started_app():
    """Run the app's start-up (the check runner) around the module's requests."""
    from fastapi.testclient import TestClient

    with TestClient(APP):
        yield


def problem_json_on_errors(ctx, response, case) -> bool | None:
    """Every 4xx or 5xx response is application/problem+json with a status and a plain detail."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type") or response.headers.get("Content-Type") or [""]
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/problem+json"), f"{response.status_code} sent as {content_type!r}"
    body = response.json()
    assert body["status"] == response.status_code and isinstance(body["detail"], str) and body["detail"]
    return True


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_on_any_request(case) -> None:
    case.headers = {**(case.headers or {}), "X-API-Key": API_KEY}
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, problem_json_on_errors])
