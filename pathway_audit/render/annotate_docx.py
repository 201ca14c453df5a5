"""A copy of a .docx plan with one Word comment per finding, on the passage the finding is about.

Evidence is found again by its words, in the paragraphs and table rows walked in the same order
as the .docx reader; when the same words occur more than once, the place nearest the evidence's
block number wins. Findings about something missing go on the first paragraph.
"""

from __future__ import annotations

import copy
import io
import re
from dataclasses import dataclass

from ..errors import PlanError
from ..ingest import Limits, sniff
from ..ingest.safety import open_docx_zip
from ..report import Evidence, Finding, Report

AUTHOR, INITIALS = "pathway-audit", "PA"
MAX_ALSO = 5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Unit:
    """A paragraph, or a table row's paragraphs, with roughly the block number the reader gave it."""

    position: int
    paragraphs: tuple
    text: str


def annotate_docx(data: bytes, report: Report) -> bytes:
    """Return `data` (a .docx) with a comment for each finding in `report`."""
    if sniff(data) != "docx":
        raise PlanError("Only Word (.docx) plans can be sent back with comments.", code="not_docx", status=415)
    open_docx_zip(data, Limits()).close()
    import docx

    document = docx.Document(io.BytesIO(data))
    units = _units(document)
    first = next((u for u in units if _runs(u.paragraphs)), None)
    for finding in (f for c in report.criteria for f in c.findings):
        runs = next((r for r in (_locate(units, e) for e in finding.evidence) if r), None)
        runs = runs or (_runs(first.paragraphs) if first else None)
        if runs:
            document.add_comment(runs, text=comment_text(finding), author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def comment_text(finding: Finding) -> str:
    """The message, what to do, and where else the same finding applies."""
    lines = [finding.message, f"What to do: {finding.suggestion}"]
    if finding.evidence and finding.evidence[0].note:
        lines.append(finding.evidence[0].note)
    for ev in finding.evidence[1:MAX_ALSO + 1]:
        where = f"{ev.section}, " if ev.section else ""
        note = f" ({ev.note})" if ev.note else ""
        lines.append(f"Also: “{_short(ev.text)}” [{where}paragraph {ev.block + 1}]{note}")
    if len(finding.evidence) > MAX_ALSO + 1:
        lines.append(f"… and {len(finding.evidence) - MAX_ALSO - 1} more.")
    return "\n".join(lines)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _units(document) -> list[_Unit]:
    """Body paragraphs and table rows in reading order; header paragraphs only count towards positions."""
    from docx.table import Table

    position = len({" ".join(p.text.split()) for s in document.sections for p in s.header.paragraphs} - {""})
    units: list[_Unit] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = _unique_cells(row)
                paragraphs = tuple(p for c in cells for p in c.paragraphs)
                units.append(_Unit(position, paragraphs, "\n".join(_text(p) for p in paragraphs)))
                position += 1
        elif item.text.strip():
            units.append(_Unit(position, (item,), _text(item)))
            position += 1
    return units


def _unique_cells(row) -> list:
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is s._tc for s in seen):
            seen.append(cell)
    return seen


def _runs(paragraphs) -> list:
    """The paragraphs' text runs, including those inside hyperlinks."""
    from docx.text.hyperlink import Hyperlink

    out = []
    for paragraph in paragraphs:
        for item in paragraph.iter_inner_content():
            out.extend(item.runs if isinstance(item, Hyperlink) else [item])
    return out


def _text(paragraph) -> str:
    return "".join(r.text for r in _runs([paragraph]))


def _pattern(evidence: Evidence) -> re.Pattern[str] | None:
    """The evidence's words in order, with anything but letters and digits between them."""
    words = _WORD.findall(evidence.text)
    return re.compile(r"\W+".join(map(re.escape, words))) if words else None


def _locate(units: list[_Unit], evidence: Evidence) -> list | None:
    """The runs to anchor a comment on, split so they cover the evidence's words."""
    pattern = _pattern(evidence)
    if pattern is None:
        return None
    found = [(abs(u.position - evidence.block), i, m) for i, u in enumerate(units)
             if (m := pattern.search(u.text))]
    if not found:
        return None
    _, index, match = min(found, key=lambda t: t[:2])
    return _anchor(units[index], match.start(), match.end())


def _anchor(unit: _Unit, start: int, end: int) -> list | None:
    """Runs covering [start, end) of the unit's text, splitting the first and last where possible."""
    spans, offset = [], 0
    for k, paragraph in enumerate(unit.paragraphs):
        if k:
            offset += 1  # the "\n" between paragraphs in the unit's text
        for run in _runs([paragraph]):
            spans.append((offset, offset + len(run.text), run))
            offset += len(run.text)
    chosen = [(s, e, r) for s, e, r in spans if s < end and e > start and e > s]
    if not chosen:
        return None
    (first_start, _, first), (last_start, last_end, last) = chosen[0], chosen[-1]
    if first_start < start and _is_plain(first):
        first = _split(first, start - first_start)[1]
        if len(chosen) == 1:
            last, last_start = first, start
    if last_end > end and _is_plain(last):
        last = _split(last, end - last_start)[0]
        if len(chosen) == 1:
            first = last
    return [first, last]


def _is_plain(run) -> bool:
    """A run holding only formatting and one piece of text, safe to cut in two."""
    from docx.oxml.ns import qn

    tags = [child.tag for child in run._r]
    return tags.count(qn("w:t")) == 1 and all(t in (qn("w:t"), qn("w:rPr")) for t in tags)


def _split(run, at: int) -> tuple:
    """Cut a plain run at a character offset into two runs with the same formatting."""
    from docx.text.run import Run

    if at <= 0 or at >= len(run.text):
        return run, run
    text = run.text
    tail = copy.deepcopy(run._r)
    run._r.addnext(tail)
    tail_run = Run(tail, run._parent)
    run.text, tail_run.text = text[:at], text[at:]
    return run, tail_run
