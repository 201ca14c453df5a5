"""A plain-text report a personal adviser can read in a terminal."""

from __future__ import annotations

import textwrap

from ..report import Report
from . import GRADE_WORDS, STATUS_WORDS

MARK = {"met": "[ok]", "partly_met": "[~~]", "not_met": "[!!]", "not_applicable": "[--]"}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=92, initial_indent=indent, subsequent_indent=indent)


def to_text(report: Report, max_evidence: int = 3) -> str:
    doc = report.document
    lines = [f"Pathway plan check: {doc.source}",
             f"Overall: {GRADE_WORDS[report.overall.grade]} ({report.overall.score}/100)"]
    if report.overall.capped_by:
        lines.append(_wrap("Grade held at this level because these are not met: "
                           + ", ".join(c.replace("_", " ") for c in report.overall.capped_by) + ".", ""))
    dated = f"Plan date: {doc.plan_date or 'not found'}   Next review: {doc.next_review or 'not found'}"
    lines += [dated, f"Words: {doc.words:,}   Actions found: {len(report.actions)} "
              f"({sum(a.smart for a in report.actions)} clear on what, who and when)", ""]
    for crit in report.criteria:
        lines.append(f"{MARK[crit.status]} {crit.title or crit.id}: {STATUS_WORDS[crit.status]} ({crit.score}/100)")
        for finding in crit.findings:
            lines.append(_wrap(f"- {finding.message}", "    "))
            lines.append(_wrap(f"What to do: {finding.suggestion}", "      "))
            for ev in finding.evidence[:max_evidence]:
                quote = ev.text if len(ev.text) <= 140 else ev.text[:137] + "..."
                where = f"{ev.section}, " if ev.section else ""
                note = f"  ({ev.note})" if ev.note else ""
                lines.append(_wrap(f'"{quote}" [{where}paragraph {ev.block + 1}]{note}', "        "))
            if len(finding.evidence) > max_evidence:
                lines.append(f"        ... and {len(finding.evidence) - max_evidence} more")
        lines.append("")
    lines.append(f"Checked on {report.checked_on} with rules {report.ruleset.name} {report.ruleset.version}.")
    return "\n".join(lines)
