"""No plan text in logs, error messages, error responses or leftover temp files: CLI, Python API, HTTP API, batch.

The plans carry made-up canary strings. A report asked for may contain them (it quotes the plan);
nothing else may.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import pytest

import pathway_audit
from pathway_audit.auditor import Auditor
from pathway_audit.errors import PlanError
from pathway_audit.render import render
from tests.hostile import make_corpus as corpus

ROOT = Path(__file__).resolve().parents[1]
NAME = "Zebulon Quartzfield"
PHRASE = "marmalade-quetzal-7731"
CANARIES = (NAME, PHRASE, "Zebulon", "Quartzfield", "quetzal")
BROKEN = ("truncated.docx", "corrupt_member.docx", "not_xml.docx", "billion_laughs_late.docx", "encrypted.pdf",
          "wrong_shape.json", "list.json", "broken.json", "deep_nesting.docx", "random.pdf")


def _canary_plan() -> str:
    text = (ROOT / "fixtures" / "plans" / "example-good.md").read_text(encoding="utf-8")
    text = text.replace("Maya Kowalczyk", NAME).replace("Maya", "Zebulon")
    return text.replace("## Where I live\n", f"## Where I live\n\nYour code word is {PHRASE}.\n", 1)


PLAN = _canary_plan()


def _assert_clean(text: str, where: str) -> None:
    lowered = text.lower()
    for canary in CANARIES:
        assert canary.lower() not in lowered, f"plan text {canary!r} found in {where}:\n{text[:3000]}"


def _quotes_plan(text: str) -> bool:
    return any(canary in text for canary in CANARIES)


def _app_logs(caplog: pytest.LogCaptureFixture) -> str:
    """Everything logged, except the test client's own request lines (which show the URL it sent)."""
    return "\n".join(caplog.handler.format(r) for r in caplog.records if not r.name.startswith("httpx"))


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The canary plan as .md, .docx and JSON, plus broken files that carry the canaries."""
    from fixtures.build import build_docx

    folder = tmp_path_factory.mktemp("privacy-plans")
    (folder / "plan.md").write_text(PLAN, encoding="utf-8")
    (folder / "plan.docx").write_bytes(build_docx(PLAN, "form-table"))
    json_plan = {"metadata": {"adviser": NAME, "plan_date": "2026-11-03"},
                 "sections": [{"heading": "Where I live", "text": f"{NAME} lives in Harfield. Code {PHRASE}.",
                               "actions": [{"what": f"Visit {NAME}", "who": "PA", "when": "by 1 December 2026"}]}]}
    (folder / "plan.json").write_text(json.dumps(json_plan), encoding="utf-8")
    corpus.write_corpus(folder / "broken", set(BROKEN))
    return folder


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that tempfile (and any child process) uses for temporary files."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every logger at DEBUG."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(Path(pathway_audit.__file__).resolve().parents[1]))
    return subprocess.run([sys.executable, "-m", "pathway_audit.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_keeps_plan_text_to_the_report(plans: Path, private_tmp: Path, tmp_path: Path) -> None:
    for fmt, name in (("json", "plan.md"), ("html", "plan.docx"), ("text", "plan.json")):
        out = tmp_path / f"report.{fmt}"
        done = _cli(["check", str(plans / name), "--format", fmt, "-o", str(out), "--today", "2026-11-24"], tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "" and done.stderr == ""
        assert _quotes_plan(out.read_text(encoding="utf-8")), "the report asked for should quote the plan"
    for name in BROKEN[:5]:
        done = _cli(["check", str(plans / "broken" / name)], tmp_path)
        assert done.returncode == 2, (name, done.stderr)
        _assert_clean(done.stdout + done.stderr, f"the CLI's output for {name}")
    assert not list(private_tmp.iterdir()), "temporary files were left behind"


def test_python_api_logs_nothing(auditor: Auditor, today, plans: Path, private_tmp: Path,
                                 all_logs: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in ("plan.md", "plan.docx", "plan.json"):
            report = auditor.check_file(plans / name, today)
            assert _quotes_plan(render(report, "json")), "the report asked for should quote the plan"
            for fmt in ("text", "html"):
                render(report, fmt)
        for path in sorted((plans / "broken").iterdir()):
            with pytest.raises(PlanError) as refused:
                auditor.check_file(path, today)
            _assert_clean(refused.value.message, f"the error for {path.name}")
            _assert_clean(str(refused.value), f"the exception text for {path.name}")
    out, err = capfd.readouterr()
    _assert_clean(out + err, "stdout/stderr")
    _assert_clean(_app_logs(all_logs), "the logs")
    _assert_clean("\n".join(str(w.message) for w in caught), "warnings")
    assert not list(private_tmp.iterdir()), "temporary files were left behind"


def _api_client(auditor: Auditor):
    pytest.importorskip("pathway_audit.api.app", reason="the HTTP API (api/app.py) is not there")
    from fastapi.testclient import TestClient

    from pathway_audit.api.app import create_app
    from pathway_audit.api.security import hash_key
    from pathway_audit.api.settings import Settings

    app = create_app(Settings(api_key_hashes=(hash_key("test-key"),)), auditor=auditor)
    return TestClient(app, headers={"X-API-Key": "test-key"})


def test_http_api_errors_and_logs_hold_no_plan_text(auditor: Auditor, plans: Path, private_tmp: Path,
                                                    all_logs: pytest.LogCaptureFixture,
                                                    capfd: pytest.CaptureFixture) -> None:
    with _api_client(auditor) as client:
        good = client.post("/v1/checks", files={"file": ("plan.docx", (plans / "plan.docx").read_bytes())})
        assert good.status_code == 200 and _quotes_plan(good.text)
        bodies = []
        for path in sorted((plans / "broken").iterdir()):
            for upload_name in (path.name, f"{NAME}{path.suffix}"):
                response = client.post("/v1/checks", files={"file": (upload_name, path.read_bytes())})
                bodies.append(response)
        bodies.append(client.post("/v1/checks", content=(plans / "broken" / "wrong_shape.json").read_bytes(),
                                  headers={"Content-Type": "application/json"}))
        bodies.append(client.post("/v1/checks", content=f"{NAME}\x00{PHRASE}".encode(),
                                  headers={"Content-Type": "text/plain"}))
        bodies.append(client.post("/v1/checks", content=f"--x\r\n{NAME}\r\n{PHRASE}".encode(),
                                  headers={"Content-Type": "multipart/form-data; boundary=x"}))
        bodies.append(client.post("/v1/checks", params={"today": NAME}, content=PLAN.encode(),
                                  headers={"Content-Type": "text/plain"}))
        bodies.append(client.post("/v1/annotations", files={"file": ("plan.md", PLAN.encode())}))
        bodies.append(client.post("/v1/annotations",
                                  files={"file": (f"{NAME}.docx", (plans / "broken" / "truncated.docx").read_bytes())}))
        for response in bodies:
            assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
            assert response.headers["content-type"].startswith("application/problem+json")
            _assert_clean(response.text, f"the error response ({response.status_code})")
            _assert_clean(json.dumps(dict(response.headers)), "the response headers")
    out, err = capfd.readouterr()
    _assert_clean(out + err, "stdout/stderr")
    _assert_clean(_app_logs(all_logs), "the logs")
    assert not list(private_tmp.iterdir()), "temporary files were left behind"


def test_http_batch_results_hold_no_plan_text(auditor: Auditor, plans: Path, private_tmp: Path,
                                              all_logs: pytest.LogCaptureFixture) -> None:
    with _api_client(auditor) as client:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted((plans / "broken").iterdir()):
                archive.writestr(f"caseload/{path.name}", path.read_bytes())
        started = client.post("/v1/batches", files={"file": ("caseload.zip", buffer.getvalue())})
        assert started.status_code == 202, started.text
        deadline = time.monotonic() + 60
        while (job := client.get(started.headers["Location"]).json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, "the batch did not finish"
            time.sleep(0.05)
    assert job["status"] == "done"
    assert [r["checked"] for r in job["results"]] == [False] * len(BROKEN)
    _assert_clean(json.dumps(job), "the batch results")
    _assert_clean(_app_logs(all_logs), "the logs")
    assert not list(private_tmp.iterdir()), "temporary files were left behind"


def test_batch_error_report_holds_no_plan_text(plans: Path, private_tmp: Path, tmp_path: Path) -> None:
    caseload = tmp_path / "caseload"
    caseload.mkdir()
    (caseload / "good.md").write_text((ROOT / "fixtures" / "plans" / "example-good.md").read_text(encoding="utf-8"))
    for path in sorted((plans / "broken").iterdir()):
        (caseload / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    done = _cli(["batch", str(caseload), "--out", str(out), "--workers", "1", "--no-progress",
                 "--today", "2026-11-24"], tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    _assert_clean(done.stdout + done.stderr, "the batch command's output")
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written, "the batch wrote nothing"
    for path in written:
        _assert_clean(_readable_text(path), f"batch output {path.relative_to(out)}")
    assert not list(private_tmp.iterdir()), "temporary files were left behind"


def _readable_text(path: Path) -> str:
    """A file's text, with zip-based files (.xlsx, .docx) unpacked."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return data.decode("utf-8", "replace")
