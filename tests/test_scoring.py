"""Scores trace to findings: each criterion is 100 less its findings' deductions; the grade follows the bands and gates."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathway_audit import scoring
from pathway_audit.auditor import Auditor
from pathway_audit.rules.loader import load_ruleset

PLANS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "plans").glob("*.docx"))
SCORING = load_ruleset().scoring


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_score_is_explained_by_its_findings(auditor: Auditor, today, plan: Path) -> None:
    report = auditor.check_bytes(plan.read_bytes(), plan.name, today)
    for criterion in report.criteria:
        assert criterion.score == max(0, round(100 - sum(f.deduction for f in criterion.findings)))
        assert criterion.status == scoring.status_for(criterion.score, SCORING)
        for finding in criterion.findings:
            assert finding.deduction >= 0 and finding.message and finding.suggestion and finding.source
    weights = {c: SCORING.criteria[c].weight for c in SCORING.criteria}
    expected = round(sum(c.score * weights[c.id] for c in report.criteria) / sum(weights.values()))
    assert report.overall.score == expected


def test_grade_bands_and_gate() -> None:
    all_met = {c: 100 for c in SCORING.criteria}
    statuses = {c: "met" for c in SCORING.criteria}
    assert scoring.overall(all_met, statuses, SCORING).grade == "outstanding"
    gated = {**all_met, "contingency": 0}
    result = scoring.overall(gated, {**statuses, "contingency": "not_met"}, SCORING)
    assert result.score >= 85 and result.grade == "requires_improvement" and result.capped_by == ["contingency"]
    assert scoring.overall({c: 30 for c in SCORING.criteria}, statuses, SCORING).grade == "inadequate"


@pytest.mark.parametrize("score,status", [(100, "met"), (75, "met"), (74, "partly_met"), (40, "partly_met"),
                                          (39, "not_met"), (0, "not_met")])
def test_status_thresholds(score: int, status: str) -> None:
    assert scoring.status_for(score, SCORING) == status
