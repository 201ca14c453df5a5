"""The .docx plan with Word comments: one per finding, on the passage it is about."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from fixtures.build import build_docx
from pathway_audit.cli import main
from pathway_audit.errors import PlanError
from pathway_audit.render.annotate_docx import AUTHOR, INITIALS, annotate_docx
from pathway_audit.report import Evidence, Finding

ROOT = Path(__file__).resolve().parents[1]

PLANS = ROOT / "fixtures" / "plans"


def anchored_texts(document) -> dict[int, str]:
    """The text between each comment's range start and end, by comment id."""
    open_ranges: dict[str, list[str]] = {}
    texts: dict[int, str] = {}
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ranges[element.get(qn("w:id"))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            cid = element.get(qn("w:id"))
            texts[int(cid)] = "".join(open_ranges.pop(cid))
        elif element.tag == qn("w:t"):
            for parts in open_ranges.values():
                parts.append(element.text or "")
        elif element.tag == qn("w:p"):
            for parts in open_ranges.values():
                parts.append("\n")
    return texts


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def body_text(document) -> list[str]:
    return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]


@pytest.mark.parametrize("name,style", [("example-poor", "headings"), ("example-poor", "form-table"),
                                        ("letter-amira", "bold"), ("custody-connor", "caps")])
def test_one_comment_per_finding_on_its_evidence(auditor, today, name, style):
    data = build_docx((PLANS / f"{name}.md").read_text(encoding="utf-8"), style)
    report = auditor.check_bytes(data, f"{name}.docx", today)
    findings = [f for c in report.criteria for f in c.findings]
    reviewed = docx.Document(io.BytesIO(annotate_docx(data, report)))
    comments = list(reviewed.comments)
    assert len(comments) == len(findings) > 0
    anchors = anchored_texts(reviewed)
    first_paragraph = next(p.text for p in reviewed.paragraphs if p.text.strip())
    for finding, comment in zip(findings, comments):
        assert comment.author == AUTHOR and comment.initials == INITIALS
        assert comment.text.startswith(f"{finding.message}\nWhat to do: {finding.suggestion}")
        anchored = anchors[comment.comment_id]
        if finding.evidence:
            assert words(anchored) == words(finding.evidence[0].text), finding.rule
        else:
            assert anchored.strip() == first_paragraph
    assert body_text(reviewed) == body_text(docx.Document(io.BytesIO(data)))  # the plan's text is unchanged


def test_comment_covers_only_the_evidence_and_keeps_formatting(auditor, today):
    document = docx.Document()
    document.add_paragraph("Plan date: 1 October 2026")
    run = document.add_paragraph().add_run("Sam is a service user who will engage with the team.")
    run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    report = auditor.check_bytes(data, "plan.docx", today)
    evidence = Evidence(section="", block=1, start=9, end=21, text="service user")
    extra = Evidence(section="", block=1, start=0, end=3, text="Sam", note="Use their name")
    finding = Finding(rule="plain.test", severity="minor", message="Say it plainly.", suggestion="Use their name.",
                      evidence=[evidence, extra])
    report = report.model_copy(update={"criteria": [report.criteria[0].model_copy(update={"findings": [finding]})]})
    reviewed = docx.Document(io.BytesIO(annotate_docx(data, report)))
    (comment,) = reviewed.comments
    assert anchored_texts(reviewed)[comment.comment_id] == "service user"
    assert "Also: “Sam” [paragraph 2] (Use their name)" in comment.text
    runs = [r for r in reviewed.paragraphs[1].runs if r.text]
    assert "".join(r.text for r in runs) == "Sam is a service user who will engage with the team."
    assert all(r.bold for r in runs) and len(runs) == 3


def test_evidence_not_found_goes_on_the_first_paragraph(auditor, today):
    data = build_docx((PLANS / "example-good.md").read_text(encoding="utf-8"), "headings")
    report = auditor.check_bytes(data, "good.docx", today)
    lost = Finding(rule="x.y", severity="info", message="M.", suggestion="S.",
                   evidence=[Evidence(section="", block=3, start=0, end=5, text="words that are nowhere")])
    report = report.model_copy(update={"criteria": [report.criteria[0].model_copy(update={"findings": [lost]})]})
    reviewed = docx.Document(io.BytesIO(annotate_docx(data, report)))
    (comment,) = reviewed.comments
    assert anchored_texts(reviewed)[comment.comment_id].strip() == reviewed.paragraphs[0].text


def test_only_docx_can_be_annotated(auditor, today):
    text = (PLANS / "example-good.md").read_bytes()
    report = auditor.check_bytes(text, "good.md", today)
    with pytest.raises(PlanError) as info:
        annotate_docx(text, report)
    assert info.value.status == 415


def test_cli_annotate(tmp_path, capsys):
    plan = tmp_path / "PLAN.docx"
    plan.write_bytes(build_docx((PLANS / "example-poor.md").read_text(encoding="utf-8"), "headings"))
    out = tmp_path / "PLAN.reviewed.docx"
    assert main(["annotate", str(plan), "-o", str(out), "--today", "2026-11-24"]) == 0
    assert len(list(docx.Document(str(out)).comments)) > 0
    assert "PLAN.reviewed.docx" in capsys.readouterr().out


def test_repeated_words_take_the_place_nearest_the_block(auditor, today):
    document = docx.Document()
    for text in ("Plan date: 1 October 2026", "YP to engage.", "Sam wants to study music.", "YP to engage."):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    report = auditor.check_bytes(data, "plan.docx", today)
    finding = Finding(rule="x.y", severity="minor", message="M.", suggestion="S.",
                      evidence=[Evidence(section="", block=3, start=0, end=12, text="YP to engage")])
    report = report.model_copy(update={"criteria": [report.criteria[0].model_copy(update={"findings": [finding]})]})
    reviewed = docx.Document(io.BytesIO(annotate_docx(data, report)))
    marked = [i for i, p in enumerate(reviewed.paragraphs) if p._p.find(qn("w:commentRangeStart")) is not None]
    assert marked == [3]
