"""`conditional`: when a trigger appears, something else must appear near it."""

from __future__ import annotations

from typing import Literal

from ...nlp.annotate import AnnotatedPlan, Hit
from .base import Params, Result, hit_evidence, in_scope


class ConditionalParams(Params):
    trigger: str
    require: str
    window: Literal["sentence", "block", "section", "plan"] = "section"
    areas: tuple[str, ...] = ()
    saturation: int = 1

    def names(self) -> set[str]:
        return {self.trigger, self.require}

    def areas_used(self) -> set[str]:
        return set(self.areas)


def _key(ap: AnnotatedPlan, hit: Hit, window: str) -> tuple:
    block = ap.plan.blocks[hit.block]
    if window == "sentence":
        sent = next((s for s in ap.sentences if s.block == hit.block and s.start <= hit.start < s.end), None)
        return (hit.block, sent.start if sent else 0)
    return {"block": (hit.block,), "section": (block.section,), "plan": ()}[window]


def run(params: ConditionalParams, ap: AnnotatedPlan) -> Result | None:
    triggers = [h for h in ap.hits(params.trigger) if in_scope(ap, h.block, set(params.areas))]
    if not triggers:
        return None
    satisfied = {_key(ap, h, params.window) for h in ap.hits(params.require)}
    unmet = [h for h in triggers if _key(ap, h, params.window) not in satisfied]
    if not unmet:
        return None
    return Result(min(1.0, len(unmet) / params.saturation), hit_evidence(ap, unmet),
                  f"{len(unmet)} of {len(triggers)} without a response nearby")
