"""Name redaction: names found from cues are hidden everywhere; roles, places and scores stay."""

from __future__ import annotations

from datetime import date

from pathway_audit.auditor import Auditor
from pathway_audit.redact import MASK, redact_report

PLAN = """# Pathway plan

Personal adviser: Hannah Doyle
Plan date: 3 November 2026
Next review: 28 April 2027

## Where I live

You live in supported lodgings in Harfield. Hannah visits every four weeks. The leaving care team pays the rent.

## My health

You see the counsellor, Jo, every Tuesday. Mrs Ahmed helps with your college forms.

## Action plan

| What | Who | By when | How will we know |
|---|---|---|---|
| Book a GP appointment for your asthma review | Hannah (PA) | by 15 December 2026 | You have a date |
| Apply for a passport | Zebulon, with Mrs Ahmed | by 31 January 2027 | It arrives |
| Find a Polish class | Leaving care team | by 31 March 2027 | You go to the first class |

## Manager's comments

Gareth Lloyd, Team Manager, 10 November 2026: Hannah must chase the passport. Plan authorised.
"""
NAMES = ("Hannah", "Doyle", "Ahmed", "Zebulon", "Gareth", "Lloyd")


def _report(auditor: Auditor, today: date, text: str = PLAN, name: str = "plan.md"):
    return auditor.check_bytes(text.encode("utf-8"), name, today)


def _shown_text(report) -> str:
    parts = [report.document.adviser or "", report.document.source]
    parts += [e.text for c in report.criteria for f in c.findings for e in f.evidence]
    parts += [f"{a.text} {a.owner or ''}" for a in report.actions]
    return "\n".join(parts)


def test_names_are_hidden_everywhere(auditor: Auditor, today: date) -> None:
    report = _report(auditor, today, name="Hannah Doyle - plan.md")
    assert all(n in _shown_text(report) for n in ("Hannah", "Ahmed", "Zebulon")), "the plan should show names"
    redacted = redact_report(report)
    shown = _shown_text(redacted)
    for name in NAMES:
        assert name not in shown, name
    assert redacted.document.adviser == MASK
    assert redacted.document.source == f"{MASK} - plan.md"
    owners = [a.owner for a in redacted.actions]
    assert f"{MASK} (PA)" in owners and f"{MASK}, with Mrs {MASK}" in owners


def test_roles_places_and_scores_stay(auditor: Auditor, today: date) -> None:
    report = _report(auditor, today)
    redacted = redact_report(report)
    assert "Leaving care team" in [a.owner for a in redacted.actions]
    assert redacted.overall == report.overall
    def scores(r):
        return [(c.id, c.score, c.status) for c in r.criteria]

    assert scores(redacted) == scores(report)
    assert [a.due_date for a in redacted.actions] == [a.due_date for a in report.actions]
    assert redacted.document.team == report.document.team


def test_a_plan_without_names_is_unchanged(auditor: Auditor, today: date) -> None:
    text = "# Plan\n\n## Where I live\n\nYou live in a flat. You like it there.\n"
    report = _report(auditor, today, text)
    assert redact_report(report) == report


def test_redaction_is_idempotent(auditor: Auditor, today: date) -> None:
    once = redact_report(_report(auditor, today))
    assert redact_report(once) == once
