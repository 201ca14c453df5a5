"""`actions`: checks on the actions found in the plan (owner, timescale, verb, measurability)."""

from __future__ import annotations

from typing import Literal

from ...nlp.annotate import Action, AnnotatedPlan
from .base import Params, Result, evidence_of

CHECKS = {
    "owner": (lambda a, ap: not a.owner, "have no owner"),
    "weak_owner": (lambda a, ap: a.weak_owner, "name no real owner"),
    "due": (lambda a, ap: not a.due, "have no timescale"),
    "vague_due": (lambda a, ap: a.vague_due, "have a vague timescale"),
    "weak_verb": (lambda a, ap: a.weak_verb, "use a vague verb"),
    "measurable": (lambda a, ap: not a.measurable, "have no way to tell when they are done"),
    "stale": (lambda a, ap: bool(a.due_date and ap.plan.metadata.plan_date and a.due_date < ap.plan.metadata.plan_date),
              "have a target date before the plan date"),
    "incomplete": (lambda a, ap: not a.owner or a.weak_owner or not a.due or a.vague_due,
                   "lack a clear owner or a clear timescale"),
}


class ActionParams(Params):
    """Fires when more than `tolerance` of the actions fail `check`; the deduction grows with that share
    unless `scaled` is false (then any share over the tolerance takes the full weight)."""

    check: Literal["count", "owner", "weak_owner", "due", "vague_due", "weak_verb", "measurable", "stale", "incomplete"]
    min_actions: int = 1
    tolerance: float = 0.0
    scaled: bool = True


def run(params: ActionParams, ap: AnnotatedPlan) -> Result | None:
    actions = ap.actions
    if params.check == "count":
        if len(actions) >= params.min_actions:
            return None
        return Result(1.0 - len(actions) / params.min_actions, _evidence(ap, actions),
                      f"{len(actions)} actions found; at least {params.min_actions} expected")
    if not actions:
        return None
    failing_test, phrase = CHECKS[params.check]
    failing = [a for a in actions if failing_test(a, ap)]
    share = len(failing) / len(actions)
    if not failing or share <= params.tolerance:
        return None
    factor = (share - params.tolerance) / (1 - params.tolerance) if params.scaled and params.tolerance < 1 else 1.0
    return Result(min(1.0, factor), _evidence(ap, failing), f"{len(failing)} of {len(actions)} actions {phrase}")


def _evidence(ap: AnnotatedPlan, actions: list[Action]):
    """The action's sentence, or the whole table row, so the owner and timescale cells show too."""
    return tuple(evidence_of(ap, a.block, 0, len(ap.plan.blocks[a.block].text)) if a.source == "table"
                 else evidence_of(ap, a.block, a.start, a.end) for a in actions[:20])
