"""`section_present`: is there real content for these areas?"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...ingest.shape import is_placeholder
from ...nlp.annotate import AnnotatedPlan
from .base import Params, Result, heading_evidence, hit_evidence, names_of, phrase_hits


class SectionParams(Params):
    """`missing`: fewer than `min_words` words of content. `thin`: some content but under `min_words`
    (the deduction shrinks as the section grows, unless `scaled` is false). With `also_find`, at least
    `also_require` of those words anywhere in the plan (not inside an `also_unless` match) count as covering
    the area (for plans without headings); with `elsewhere_factor` too, they only soften a missing section to
    that share of the weight (a stray "if ..., Priya will ..." line is a start, not a plan B). Words in
    `exclude_areas` (such as a manager's comment on the plan) never count."""

    areas: tuple[str, ...]
    min_words: int = 1
    mode: Literal["missing", "thin"] = "missing"
    scaled: bool = True
    also_find: str | tuple[str, ...] | None = None
    also_unless: str | tuple[str, ...] | None = None
    also_require: int = 3
    elsewhere_factor: float = Field(0.0, ge=0.0, le=1.0)
    exclude_areas: tuple[str, ...] = ()

    def areas_used(self) -> set[str]:
        return set(self.areas) | set(self.exclude_areas)

    def names(self) -> set[str]:
        return names_of(self.also_find) | names_of(self.also_unless)


def content_words(ap: AnnotatedPlan, areas: set[str]) -> int:
    """Words in non-heading blocks of these areas, not counting placeholders like 'N/A'."""
    return sum(len(b.text.split()) for b in ap.plan.blocks
               if b.kind != "heading" and areas & set(b.areas) and not is_placeholder(b.text))


def run(params: SectionParams, ap: AnnotatedPlan) -> Result | None:
    areas = set(params.areas)
    words = content_words(ap, areas)
    if params.also_find:
        hits = phrase_hits(ap, names_of(params.also_find), names_of(params.also_unless),
                           exclude=set(params.exclude_areas))
        if len(hits) >= params.also_require:
            if params.elsewhere_factor and params.mode == "missing" and words < params.min_words:
                return Result(params.elsewhere_factor, hit_evidence(ap, hits),
                              f"no section; {len(hits)} related lines elsewhere")
            return None
    if params.mode == "missing" and words < params.min_words:
        return Result(1.0, heading_evidence(ap, areas), f"{words} words found")
    if params.mode == "thin" and 0 < words < params.min_words:
        factor = 1.0 - words / params.min_words if params.scaled else 1.0
        return Result(factor, heading_evidence(ap, areas),
                      f"{words} words; at least {params.min_words} expected")
    return None
