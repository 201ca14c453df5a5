"""Property-based tests: any input gives a report or a PlanError, and every report keeps its promises.

Budgets are fixed (max_examples, no deadline, derandomized) so CI runs the same cases every time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures.build import STYLES, build_docx
from pathway_audit.auditor import Auditor
from pathway_audit.errors import PlanError
from pathway_audit.ingest import read_plan
from pathway_audit.report import Report
from pathway_audit.rules.schema import CRITERIA

ROOT = Path(__file__).resolve().parents[1]

TODAY = date(2026, 11, 24)
BUDGET = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SMALL_BUDGET = settings(BUDGET, max_examples=40)
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

MAGIC = [b"", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.7\n", b"{", b"[", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf",
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"# Plan\n\n"]
NAMES = ["plan.docx", "plan.pdf", "plan.txt", "plan.md", "plan.json", "plan"]


def _fixture_lines() -> tuple[list[str], list[str], list[str]]:
    """Headings, paragraphs and action-table rows from the fixture plans, to build plans from."""
    headings, paragraphs, rows = set(), set(), set()
    for path in sorted((ROOT / "fixtures" / "plans").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("## "):
                headings.add(line)
            elif line.startswith("|") and "---" not in line and line.count("|") == 5:
                rows.add(line)
            elif line and not line.startswith(("#", "|")):
                paragraphs.add(line)
    return sorted(headings), sorted(paragraphs), sorted(rows)


HEADINGS, PARAGRAPHS, ROWS = _fixture_lines()
ACTION_HEADER = "| What | Who | By when | How will we know |\n|---|---|---|---|"
noise = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
paragraph = st.one_of(st.sampled_from(PARAGRAPHS),
                      st.builds(lambda a, b: a + " " + b, st.sampled_from(PARAGRAPHS), noise))


@st.composite
def plans(draw) -> str:
    """A Markdown plan: fixture sections in any order and number, some noise, maybe an action table."""
    parts = ["# Pathway plan"]
    for _ in range(draw(st.integers(0, 6))):
        parts.append(draw(st.sampled_from(HEADINGS)))
        parts.extend(draw(st.lists(paragraph, min_size=0, max_size=4)))
        if draw(st.booleans()):
            rows = draw(st.lists(st.sampled_from(ROWS), min_size=1, max_size=4))
            parts.append(ACTION_HEADER + "\n" + "\n".join(rows))
    parts.extend(draw(st.lists(paragraph, max_size=2)))
    return "\n\n".join(parts)


def _refuses_or_reads(data: bytes, name: str) -> None:
    try:
        read_plan(data, name)
    except PlanError as exc:
        assert exc.message and 400 <= exc.status < 500


@BUDGET
@given(data=st.builds(bytes.__add__, st.sampled_from(MAGIC), st.binary(max_size=3000)), name=st.sampled_from(NAMES))
def test_any_bytes_give_a_plan_or_a_plan_error(data: bytes, name: str) -> None:
    _refuses_or_reads(data, name)


@BUDGET
@given(text=st.text(max_size=2000), name=st.sampled_from(NAMES), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_any_text_checks_or_gives_a_plan_error(auditor: Auditor, text: str, name: str, encoding: str) -> None:
    try:
        report = auditor.check_bytes(text.encode(encoding, "surrogatepass"), name, TODAY)
    except PlanError as exc:
        assert exc.message
    else:
        _assert_report(auditor, report)


@st.composite
def damaged_docx(draw, base: bytes) -> bytes:
    """A valid .docx with some bytes overwritten, or cut short."""
    data = bytearray(base)
    if draw(st.booleans()):
        return bytes(data[:draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at:at + 4] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


BASE_DOCX = build_docx("# Plan\n\n## Where I live\n\nYou live with Sue.\n", "headings")


@BUDGET
@given(data=damaged_docx(BASE_DOCX))
def test_damaged_docx_gives_a_plan_or_a_plan_error(data: bytes) -> None:
    _refuses_or_reads(data, "plan.docx")


@BUDGET
@given(xml=st.text(max_size=500))
def test_any_document_xml_gives_a_plan_or_a_plan_error(xml: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(BASE_DOCX)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            body = xml.encode("utf-8", "surrogatepass") if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info, body)
    _refuses_or_reads(buffer.getvalue(), "plan.docx")


@BUDGET
@given(plan=plans())
def test_generated_plans_keep_report_promises(auditor: Auditor, plan: str) -> None:
    _check_plan(auditor, plan.encode("utf-8"), "plan.md")


@SMALL_BUDGET
@given(plan=plans(), style=st.sampled_from(STYLES))
def test_generated_docx_plans_keep_report_promises(auditor: Auditor, plan: str, style: str) -> None:
    _check_plan(auditor, build_docx(plan, style), "plan.docx")


def _check_plan(auditor: Auditor, data: bytes, name: str) -> None:
    try:
        annotated = auditor.annotate(data, name, TODAY)
    except PlanError as exc:
        assert exc.code in {"no_text", "empty"}, exc.message
        return
    report = auditor.report(annotated)
    blocks = annotated.plan.blocks
    for finding in (f for c in report.criteria for f in c.findings):
        for evidence in finding.evidence:
            block = blocks[evidence.block]
            assert block.text[evidence.start:evidence.end] == evidence.text, finding.rule
            assert evidence.section == block.section, finding.rule
    for action in report.actions:
        assert 0 <= action.start <= action.end <= len(blocks[action.block].text)
    _assert_report(auditor, report)


def _assert_report(auditor: Auditor, report: Report) -> None:
    rule_ids = {r.id for r in auditor.ruleset.rules}
    assert [c.id for c in report.criteria] == list(CRITERIA) and len(CRITERIA) == 10
    assert 0 <= report.overall.score <= 100
    for criterion in report.criteria:
        assert 0 <= criterion.score <= 100
        for finding in criterion.findings:
            assert finding.rule in rule_ids
            assert finding.deduction >= 0
    assert Report.model_validate_json(report.model_dump_json()) == report
