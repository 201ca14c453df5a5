"""Batch caseload audit: a generated caseload of 200+ plans through the CLI, the API and the parts."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from fixtures.caseload import TEMPLATE_SENTENCE, generate
from pathway_audit.batch import runner
from pathway_audit.batch.copypaste import PlanText, find_shared, sentence_digests
from pathway_audit.batch.inputs import Inputs, add_zip_members, open_inputs
from pathway_audit.batch.runner import COULD_NOT_CHECK, check_one
from pathway_audit.batch.summary import quantifier
from pathway_audit.cli import main
from pathway_audit.errors import PlanError
from pathway_audit.ingest import Limits

N_PLANS = 210


@pytest.fixture(scope="module")
def caseload():
    return generate(N_PLANS, seed=7)


@pytest.fixture(scope="module")
def batch_run(caseload, tmp_path_factory):
    """Write the caseload to a folder, add a manifest, run `pathway-audit batch` with 2 workers."""
    root = tmp_path_factory.mktemp("batch")
    plans = root / "caseload"
    plans.mkdir()
    for name, data in caseload.files:
        (plans / name).write_bytes(data)
    manifest = root / "manifest.csv"
    no_adviser = [n for n in caseload.author_only if not n.endswith(".docx")]
    manifest.write_text("File,Personal adviser,Team\n" + "".join(f"{n},Manifest Adviser,Manifest Team\n"
                                                                  for n in no_adviser), encoding="utf-8")
    out = root / "out"
    args = ["batch", str(plans), "--out", str(out), "--workers", "2", "--today", "2026-11-24", "--no-progress",
            "--manifest", str(manifest)]
    assert main(args) == 0
    return root, out, args, no_adviser


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "caseload.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_outputs_have_one_row_per_plan(caseload, batch_run):
    _, out, _, _ = batch_run
    rows = _rows(out)
    assert len(rows) == len(caseload.files) >= 200
    assert {r["File"] for r in rows} == {f"caseload/{n}" for n, _ in caseload.files}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["plans"] == len(rows) and summary["checked"] + summary["not_checked"] == len(rows)
    for c in summary["criteria"]:
        assert c["met"] + c["partly_met"] + c["not_met"] + c["not_applicable"] == summary["checked"]
    from openpyxl import load_workbook
    sheet = load_workbook(out / "caseload.xlsx", read_only=True).active
    assert sheet.max_row == len(rows) + 1
    checked = [r for r in rows if r["Checked"] == "Yes"]
    assert all((out / r["Report"]).is_file() and (out / r["Report"]).with_suffix(".json").is_file() for r in checked)
    assert all(r["Contingency: a real plan B"] in ("Met", "Partly met", "Not met") for r in checked)


def test_bad_files_are_reported_not_fatal(caseload, batch_run):
    _, out, _, _ = batch_run
    failed = {r["File"]: r["Problem"] for r in _rows(out) if r["Checked"] == "No"}
    assert set(failed) == {f"caseload/{n}" for n in caseload.broken}
    assert all(message and "Traceback" not in message for message in failed.values())
    assert "The file is empty." in failed.values()


def test_metadata_from_plan_docx_properties_and_manifest(caseload, batch_run):
    _, out, _, no_adviser = batch_run
    rows = {r["File"]: r for r in _rows(out)}
    from_docx = [n for n in caseload.author_only if n.endswith(".docx")]
    assert from_docx and no_adviser
    assert all(rows[f"caseload/{n}"]["Adviser"] not in ("", "Manifest Adviser") for n in from_docx)
    assert all(rows[f"caseload/{n}"]["Team"] == "Manifest Team" for n in no_adviser)
    checked = [r for r in rows.values() if r["Checked"] == "Yes"]
    assert all(r["Young person ID"].startswith("YP-") and r["Plan date"] for r in checked)


def test_copied_passages_are_found_across_young_people(caseload, batch_run):
    _, out, _, _ = batch_run
    passages = json.loads((out / "summary.json").read_text(encoding="utf-8"))["copy_paste"]
    shared = [set(p["plans"]) for p in passages]
    for group in caseload.planted:
        assert any({f"caseload/{n}" for n in group} <= plans for plans in shared), group
    assert all(p["young_people"] >= 2 for p in passages)
    assert not any(TEMPLATE_SENTENCE in p["text"] for p in passages)
    for earlier, later in caseload.same_person:
        assert {f"caseload/{earlier}", f"caseload/{later}"} not in shared


def test_dashboard_has_tables_and_no_outside_resources(caseload, batch_run):
    _, out, _, _ = batch_run
    page = (out / "caseload.html").read_text(encoding="utf-8")
    assert "Plans by personal adviser" in page and "Plans by team" in page
    assert "Alex Morgan" in page and "North Leaving Care Team" in page
    assert "Passages copied between young people" in page and "Reviews overdue or due soon" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page


def test_skip_unchanged_rechecks_only_new_or_changed_files(caseload, batch_run, monkeypatch):
    root, out, args, _ = batch_run
    before = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    changed = next(n for n, _ in caseload.files if n.endswith(".md"))
    path = root / "caseload" / changed
    original = path.read_bytes()
    path.write_bytes(original + b"\nYou told me you are happy with this plan.\n")
    checked: list[str] = []
    real_pool_run = runner._pool_run

    def spy(todo, *rest):
        def recorded():
            for task in todo:
                checked.append(task[1])
                yield task
        return real_pool_run(recorded(), *rest)

    monkeypatch.setattr(runner, "_pool_run", spy)
    try:
        assert main([*args, "--skip-unchanged"]) == 0
    finally:
        path.write_bytes(original)
    assert checked == [f"caseload/{changed}"]
    after = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert after["plans"] == before["plans"] and after["copy_paste"] == before["copy_paste"]


def test_find_shared_ignores_same_young_person_and_template_text():
    plans = [PlanText("a", "yp1", ("t", "x", "y")), PlanText("a2", "yp1", ("t", "x")),
             PlanText("b", "yp2", ("t", "y")), *(PlanText(f"c{i}", f"yp{i + 3}", ("t",)) for i in range(8))]
    found = find_shared(plans)
    assert [(p.digests, p.plans) for p in found] == [(("y",), ("a", "b"))]


def test_short_sentences_are_not_compared():
    assert sentence_digests(["Plan date: 3 May 2026. Next review due soon."]) == []
    assert len(sentence_digests(["You told us you want to live near your sister and keep your job at the cafe."])) == 1


def test_unexpected_error_gives_a_safe_message():
    class Broken:
        def annotate(self, data, name, today):
            raise RuntimeError("secret plan text")

    class Unreadable:
        def annotate(self, data, name, today):
            raise PlanError("The file is empty.", code="empty")

    result = check_one(Broken(), "plan.txt", b"secret plan text", None)
    assert result.error == COULD_NOT_CHECK and not result.ok and "secret" not in result.error
    assert check_one(Unreadable(), "plan.txt", b"x", None).error == "The file is empty."


def test_zip_members_are_read_safely(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("folder/", "")
        archive.writestr("folder/plan.md", "# Plan\n\nHello")
        archive.writestr("__MACOSX/folder/._plan.md", "junk")
        archive.writestr("notes.xlsx", "not a plan")
        archive.writestr("huge.txt", "a" * 3_000_000)
    found = Inputs()
    add_zip_members(found, zipfile.ZipFile(io.BytesIO(buffer.getvalue())), "upload.zip", Limits(max_bytes=1_000_000))
    assert [s.name for s in found.sources] == ["upload.zip/folder/plan.md"]
    assert found.sources[0].load() == b"# Plan\n\nHello"
    assert found.problems == [("upload.zip/huge.txt", "This file is too big to be a plan. It was skipped.")]
    assert found.ignored == 1
    (tmp_path / "plans.zip").write_bytes(buffer.getvalue())
    with open_inputs([str(tmp_path / "*.zip"), str(tmp_path / "missing")]) as found:
        assert [s.name for s in found.sources] == ["plans.zip/folder/plan.md"]
        assert found.problems[-1] == (str(tmp_path / "missing"), "Nothing found here.")
    assert not list(tmp_path.glob("folder"))


@pytest.mark.parametrize(("part", "word"), [(0, "no"), (3, "a small number of"), (30, "some"), (55, "many"),
                                            (80, "most"), (95, "almost all"), (100, "all")])
def test_quantifiers(part, word):
    assert quantifier(part, 100) == word


def test_api_batch_zip_job(caseload, auditor):
    import time

    from fastapi.testclient import TestClient

    from pathway_audit.api.app import create_app
    from pathway_audit.api.security import hash_key
    from pathway_audit.api.settings import Settings

    group = caseload.planted[0]
    names = [*group, *caseload.broken[:1]] + [n for n, _ in caseload.files[:20] if n not in group]
    data = dict(caseload.files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(f"team/{name}", data[name])
    app = create_app(Settings(api_key_hashes=(hash_key("test-key"),), allow_anonymous_localhost=False), auditor)
    key = {"X-API-Key": "test-key"}
    upload = {"file": ("caseload.zip", buffer.getvalue(), "application/zip")}
    with TestClient(app) as client:
        assert client.post("/v1/batches", files=upload).status_code == 401
        not_zip = client.post("/v1/batches", files={"file": ("plan.txt", b"hello", "text/plain")}, headers=key)
        assert not_zip.status_code == 415 and not_zip.headers["content-type"].startswith("application/problem+json")
        started = client.post("/v1/batches", files=upload, headers=key)
        assert started.status_code == 202
        job_id = started.json()["id"]
        assert client.get(f"/v1/batches/{job_id}").status_code == 401
        for _ in range(600):
            body = client.get(f"/v1/batches/{job_id}", headers=key).json()
            if body["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert client.get("/v1/batches/nope", headers=key).status_code == 404
    assert body["status"] == "done"
    assert body["progress"] == {"done": len(names), "total": len(names)}
    assert len(body["results"]) == len(names) and body["summary"]["not_checked"] == 1
    failed = [r for r in body["results"] if not r["checked"]]
    assert [r["file"] for r in failed] == [f"caseload.zip/team/{caseload.broken[0]}"] and failed[0]["problem"]
    assert all(r["report"]["overall"]["score"] == r["score"] for r in body["results"] if r["checked"])
    shared = [set(p["plans"]) for p in body["summary"]["copy_paste"]]
    assert any({f"caseload.zip/team/{n}" for n in group} <= plans for plans in shared)


def test_copied_passage_with_the_name_changed_still_matches():
    first = sentence_digests(["Sam will continue to be supported by his personal adviser to maintain his tenancy "
                              "and engage with services over the coming months."])
    second = sentence_digests(["Leah will continue to be supported by her personal adviser to maintain her tenancy "
                               "and engage with services over the coming months."])
    other = sentence_digests(["Leah will apply for the Level 2 plumbing course at Riverside College before the "
                              "end of January with help from her personal adviser."])
    assert first[0][0] == second[0][0] != other[0][0]
