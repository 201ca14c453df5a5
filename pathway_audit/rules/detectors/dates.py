"""`dates`: is the plan dated, reviewed within six months, with the next review set?"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ...ingest.shape import FIELD
from ...nlp.annotate import AnnotatedPlan
from ...nlp.dates import months_between
from ...sections import normalise
from ..schema import Vocabulary
from .base import Evidence, Params, Result, evidence_of

Check = Literal["plan_date_missing", "plan_older_than", "next_review_missing", "next_review_after", "review_overdue"]


class DateParams(Params):
    check: Check
    months: float = 6.0


def _field_evidence(ap: AnnotatedPlan, vocab: Vocabulary, *fields: str) -> tuple[Evidence, ...]:
    """The plan's "Label: value" lines for these fields, labelled as the vocabulary knows them."""
    labels = {normalise(label) for name in fields for label in vocab.fields.get(name, ())}
    return tuple(evidence_of(ap, b.index, 0, len(b.text)) for b in ap.plan.blocks
                 if (m := FIELD.match(b.text)) and normalise(m.group(1)) in labels)[:3]


def run(params: DateParams, ap: AnnotatedPlan, vocab: Vocabulary) -> Result | None:
    meta = ap.plan.metadata
    latest = max((d for d in (meta.plan_date, meta.last_review) if d), default=None)

    def plan_ev() -> tuple[Evidence, ...]:
        return _field_evidence(ap, vocab, "plan_date", "last_review")

    def next_ev() -> tuple[Evidence, ...]:
        return _field_evidence(ap, vocab, "next_review")

    if params.check == "plan_date_missing":
        return None if latest else Result(1.0, (), "no plan or review date found")
    if params.check == "plan_older_than":
        if latest and months_between(latest, ap.today) > params.months:
            return Result(1.0, plan_ev(), f"last dated {months_between(latest, ap.today):.0f} months ago")
        return None
    if params.check == "next_review_missing":
        return None if meta.next_review or not latest else Result(1.0, plan_ev(), "no next review date found")
    if params.check == "next_review_after":
        if meta.next_review and latest and months_between(latest, meta.next_review) > params.months + 0.5:
            return Result(1.0, next_ev(), f"next review {months_between(latest, meta.next_review):.0f} months after the plan")
        return None
    if meta.next_review and meta.next_review < ap.today and _not_older(latest, ap.today, params.months):
        return Result(1.0, next_ev(), f"next review was due {(ap.today - meta.next_review).days} days ago")
    return None


def _not_older(latest: date | None, today: date, months: float) -> bool:
    return bool(latest) and months_between(latest, today) <= months
