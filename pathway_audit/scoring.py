"""From findings to criterion statuses, an overall score and a grade (declared in the pack's `scoring`)."""

from __future__ import annotations

from .report import Overall
from .rules.schema import CRITERIA, Scoring

GRADE_ORDER = ["inadequate", "requires_improvement", "good", "outstanding"]


def criterion_score(deductions: list[float]) -> int:
    """100 less the points the findings took, never below 0."""
    return max(0, round(100 - sum(deductions)))


def status_for(score: int, scoring: Scoring) -> str:
    if score >= scoring.met:
        return "met"
    return "partly_met" if score >= scoring.partly_met else "not_met"


def overall(scores: dict[str, int], statuses: dict[str, str], scoring: Scoring) -> Overall:
    """Weighted mean of criterion scores, graded by band, capped when a gate criterion is not met."""
    weights = {c: scoring.criteria[c].weight for c in CRITERIA if c in scoring.criteria}
    total = sum(weights.values()) or 1
    score = round(sum(scores[c] * w for c, w in weights.items()) / total)
    grade = next(g.grade for g in sorted(scoring.grades, key=lambda g: -g.min_score) if score >= g.min_score)
    gates = [c for c in CRITERIA if c in scoring.criteria and scoring.criteria[c].gate and statuses[c] == "not_met"]
    if gates and GRADE_ORDER.index(grade) > GRADE_ORDER.index(scoring.gate_cap):
        grade = scoring.gate_cap
    return Overall(score=score, grade=grade, capped_by=gates)
