"""The HTTP API: checks, rules, keys, limits, problem+json errors, and that no plan text leaks."""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from fixtures.build import build_docx
from pathway_audit.api.app import create_app
from pathway_audit.api.security import hash_key
from pathway_audit.api.settings import Settings, SettingsError
from pathway_audit.auditor import Auditor
from pathway_audit.ingest import Limits
from pathway_audit.report import Report

ROOT = Path(__file__).resolve().parents[1]

PLANS = ROOT / "fixtures" / "plans"
KEY = "test-key-1"
SECRET = "Zebedee-Quillfeather"  # a marker that must never come back in an error
LOCAL, REMOTE = ("127.0.0.1", 50000), ("203.0.113.9", 50000)
PROBLEM = "application/problem+json"


def client_for(auditor, *, remote: bool = True, **settings) -> TestClient:
    settings.setdefault("api_key_hashes", (hash_key(KEY),))
    return TestClient(create_app(Settings(**settings), auditor=auditor), client=REMOTE if remote else LOCAL)


@pytest.fixture(scope="module")
def client(auditor):
    with client_for(auditor) as c:
        c.headers["X-API-Key"] = KEY
        yield c


@pytest.fixture(scope="module")
def poor_docx() -> bytes:
    return build_docx((PLANS / "example-poor.md").read_text(encoding="utf-8"), "headings")


def upload(name: str, data: bytes) -> dict:
    return {"file": (name, data, "application/octet-stream")}


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert SECRET not in response.text
    if code:
        assert body["code"] == code
    return body


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["ruleset"]


def test_upload_md_returns_a_report(client, auditor, today):
    data = (PLANS / "example-good.md").read_bytes()
    response = client.post("/v1/checks", params={"today": today.isoformat()}, files=upload("good plan.md", data))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    report = Report.model_validate_json(response.content)
    assert report.document.source == "good plan.md"
    assert report == auditor.check_bytes(data, "good plan.md", today)


def test_upload_docx_same_result_as_the_auditor(client, auditor, today, poor_docx):
    response = client.post(f"/v1/checks?today={today}", files=upload("C:\\plans\\poor.docx", poor_docx))
    report = Report.model_validate_json(response.content)
    assert report.document.source == "poor.docx"
    assert report.overall == auditor.check_bytes(poor_docx, "poor.docx", today).overall
    assert report.overall.grade in ("inadequate", "requires_improvement")


def test_json_plan_body(client, today):
    plan = {"metadata": {"plan_date": "2026-10-01", "next_review": "2027-04-01"},
            "sections": [{"heading": "Accommodation", "text": "I live in a flat in Leeds and I like it.",
                          "actions": [{"what": "Apply for a council tenancy", "who": "Sam (PA)",
                                       "when": "by 31 January 2027", "outcome": "Application accepted"}]}]}
    response = client.post(f"/v1/checks?today={today}", json=plan)
    report = Report.model_validate_json(response.content)
    assert report.document.plan_date.isoformat() == "2026-10-01"
    assert any(a.owner for a in report.actions)


def test_html_fragment(client, poor_docx):
    response = client.post("/v1/checks?format=html", files=upload("poor.docx", poor_docx))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'class="pa-grade' in response.text and "<html" not in response.text


@pytest.mark.parametrize("body", [
    {"sections": [{"heading": "Health", "text": SECRET, "colour": SECRET}]},
    {"sections": [], "metadata": {"adviser": SECRET * 50}},
])
def test_bad_json_plan_is_422_without_echo(client, body):
    assert_problem(client.post("/v1/checks", json=body), 422, "bad_json")


def test_broken_json_is_422_without_echo(client):
    response = client.post("/v1/checks", content=b'{"sections": [' + SECRET.encode(),
                           headers={"content-type": "application/json"})
    assert_problem(response, 422, "bad_json")


def test_fastapi_validation_error_is_problem_without_input(client):
    body = assert_problem(client.post("/v1/checks", params={"today": SECRET}, files=upload("p.txt", b"x")), 422,
                          "invalid_request")
    assert body["errors"][0]["loc"] == ["query", "today"]
    assert "input" not in body["errors"][0]


def test_binary_file_is_415(client):
    assert_problem(client.post("/v1/checks", files=upload("p.bin", b"\x00\x01" * 100 + SECRET.encode())), 415)


def test_old_word_file_is_415(client):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + SECRET.encode() * 10
    assert_problem(client.post("/v1/checks", files=upload("p.doc", data)), 415, "encrypted_or_legacy")


def test_unsupported_media_type_is_415(client):
    response = client.post("/v1/checks", content=SECRET.encode(), headers={"content-type": "application/xml"})
    assert_problem(response, 415, "unsupported_media_type")


def test_empty_file_is_400(client):
    assert_problem(client.post("/v1/checks", files=upload("p.txt", b"  ")), 400, "empty")


def test_multipart_without_file_field_is_400(client):
    other = {"attachment": ("p.txt", SECRET.encode(), "text/plain")}
    assert_problem(client.post("/v1/checks", data={"plan": SECRET}, files=other), 400, "no_file")


def test_upload_over_the_size_limit_is_413(auditor):
    with client_for(auditor, remote=False, max_upload_bytes=2048) as c:
        body = assert_problem(c.post("/v1/checks", files=upload("p.txt", (SECRET + " ").encode() * 200)), 413,
                              "too_large")
        assert "2 KB" in body["detail"]
        assert_problem(c.post("/v1/checks", json={"x": SECRET * 200}), 413, "too_large")


def test_plan_over_the_word_limit_is_413(auditor):
    small = Auditor(ruleset=auditor.ruleset, limits=Limits(max_words=50))
    with client_for(small, remote=False) as c:
        assert_problem(c.post("/v1/checks", files=upload("p.txt", (SECRET + " ").encode() * 60)), 413, "too_long")


def test_large_upload_stays_in_memory(client, monkeypatch):
    """Uploads above Starlette's 1 MB spool size must not roll over to a temporary file on disk."""
    import starlette.formparsers as formparsers

    made = []

    class Recording(formparsers.SpooledTemporaryFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", Recording)
    data = b"word " * 500_000  # 2.5 MB, 500,000 words: refused as too long after reading
    assert_problem(client.post("/v1/checks", files=upload("p.txt", data)), 413, "too_long")
    assert made and not any(f._rolled for f in made)


def test_key_required_from_other_machines(auditor):
    with client_for(auditor) as c:
        response = c.get("/v1/rules")
        assert_problem(response, 401, "no_key")
        assert response.headers["www-authenticate"] == "Bearer"
        assert c.get("/v1/rules", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
        assert c.get("/v1/rules", headers={"X-API-Key": KEY}).status_code == 200
        assert_problem(c.post("/v1/checks", files=upload("p.txt", b"plan")), 401)


def test_wrong_key_refused_even_from_localhost(auditor):
    with client_for(auditor, remote=False) as c:
        assert_problem(c.get("/v1/rules", headers={"X-API-Key": "nope"}), 401, "bad_key")
        assert c.get("/v1/rules").status_code == 200


def test_anonymous_localhost_can_be_switched_off(auditor):
    with client_for(auditor, remote=False, allow_anonymous_localhost=False) as c:
        assert_problem(c.get("/v1/rules"), 401, "no_key")
        assert c.get("/v1/rules", headers={"X-API-Key": KEY}).status_code == 200


def test_page_needs_no_key(auditor):
    with client_for(auditor) as c:
        page = c.get("/")
        assert page.status_code == 200 and 'id="check-form"' in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert not re.search(r'(src|href)="(https?:)?//', page.text)  # nothing from a CDN
        assert c.get("/static/app.js").status_code == 200
        assert c.get("/assets/report.css").text.startswith(".pa-report")
        assert c.get("/healthz").status_code == 200


def test_rules(client, auditor):
    listing = client.get("/v1/rules").json()
    assert {r["id"] for r in listing["rules"]} == {r.id for r in auditor.ruleset.rules}
    rule_id = listing["rules"][0]["id"]
    detail = client.get(f"/v1/rules/{rule_id}").json()
    assert detail["id"] == rule_id and detail["message"] and detail["suggestion"]
    assert_problem(client.get("/v1/rules/no.such-rule"), 404, "no_such_rule")


def test_unknown_route_is_problem(client):
    assert_problem(client.get("/v2/nothing"), 404)
    assert_problem(client.delete("/v1/checks"), 405)


def test_annotations_return_commented_docx(client, today, poor_docx, auditor):
    response = client.post(f"/v1/annotations?today={today}", files=upload("poor.docx", poor_docx))
    assert response.status_code == 200
    assert "poor.reviewed.docx" in response.headers["content-disposition"]
    comments = list(docx.Document(io.BytesIO(response.content)).comments)
    report = auditor.check_bytes(poor_docx, "poor.docx", today)
    assert len(comments) == sum(len(c.findings) for c in report.criteria) > 0


def test_annotations_need_a_docx(client):
    assert_problem(client.post("/v1/annotations", files=upload("p.txt", SECRET.encode())), 415, "not_docx")


class StuckAuditor:
    """An auditor whose check waits until released, to test the request timeout."""

    def __init__(self, real: Auditor) -> None:
        self.ruleset = real.ruleset
        self.release = threading.Event()

    def check_bytes(self, data, filename, today=None):
        self.release.wait(30)
        raise RuntimeError(f"released {SECRET}")


def test_timeout_is_503(auditor):
    stuck = StuckAuditor(auditor)
    try:
        with client_for(stuck, remote=False, timeout_seconds=0.2) as c:
            response = c.post("/v1/checks", files=upload("p.txt", b"a plan"))
            assert_problem(response, 503, "timeout")
            assert response.headers["retry-after"] == "60"
    finally:
        stuck.release.set()


class BrokenAuditor(StuckAuditor):
    def check_bytes(self, data, filename, today=None):
        raise RuntimeError(f"could not parse {data.decode()}")


def test_unexpected_error_is_500_and_not_logged_with_plan_text(auditor, caplog):
    with caplog.at_level(logging.DEBUG), client_for(BrokenAuditor(auditor), remote=False) as c:
        assert_problem(c.post("/v1/checks", files=upload("p.txt", SECRET.encode())), 500, "internal")
    assert "RuntimeError" in caplog.text and SECRET not in caplog.text


def test_openapi_describes_both_bodies(client):
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/v1/checks"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert {"JsonPlan", "JsonSection", "JsonAction", "Report"} <= set(schema["components"]["schemas"])
    assert client.get("/docs").status_code == 200


def test_batches_router_is_protected(auditor):
    with client_for(auditor) as c:
        assert_problem(c.get("/v1/batches/anything"), 401)


def test_settings_from_env(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"# the case system\n{hash_key('b')}\n\n", encoding="utf-8")
    settings = Settings.from_env({"PATHWAY_AUDIT_API_KEYS": f"{hash_key('a').upper()}, ",
                                  "PATHWAY_AUDIT_API_KEYS_FILE": str(keys),
                                  "PATHWAY_AUDIT_MAX_UPLOAD_BYTES": "1000", "PATHWAY_AUDIT_MAX_WORDS": "99",
                                  "PATHWAY_AUDIT_TIMEOUT_SECONDS": "2.5",
                                  "PATHWAY_AUDIT_ALLOW_ANONYMOUS_LOCALHOST": "false"}, packs=["council.yaml"])
    assert settings.api_key_hashes == (hash_key("a"), hash_key("b"))
    assert (settings.max_upload_bytes, settings.max_words, settings.timeout_seconds) == (1000, 99, 2.5)
    assert not settings.allow_anonymous_localhost and settings.packs == ("council.yaml",)
    assert Settings.from_env({}) == Settings()


@pytest.mark.parametrize("env", [{"PATHWAY_AUDIT_API_KEYS": "my-plain-secret-key"},
                                 {"PATHWAY_AUDIT_MAX_UPLOAD_BYTES": "-1"},
                                 {"PATHWAY_AUDIT_API_KEYS_FILE": "/nonexistent/keys"}])
def test_bad_settings_are_refused_without_echoing_keys(env):
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    assert "my-plain-secret-key" not in str(info.value)
    assert "PATHWAY_AUDIT_" in str(info.value)


def test_serve_refuses_bad_settings(monkeypatch, capsys):
    from pathway_audit.api.server import serve

    monkeypatch.setenv("PATHWAY_AUDIT_API_KEYS", "plain")
    assert serve(port=0) == 2
    assert "PATHWAY_AUDIT_API_KEYS" in capsys.readouterr().err


def test_report_json_is_schema_version_1(client):
    response = client.post("/v1/checks", files=upload("p.md", (PLANS / "example-poor.md").read_bytes()))
    assert json.loads(response.content)["schema_version"] == "1"


def test_api_docs_are_served_from_this_server(auditor):
    with client_for(auditor) as c:
        page = c.get("/docs")
        assert page.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in page.text
        assert "cdn" not in page.text.lower()
        assert c.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
        assert c.get("/openapi.json").json()["paths"]["/v1/checks"]
