"""`section_present`: is there real content for these areas?"""

from __future__ import annotations

import re
from typing import Literal

from ...nlp.annotate import AnnotatedPlan
from .base import Params, Result, heading_evidence

_PLACEHOLDER = re.compile(r"^\W*(?:n/?a|none|nil|tbc|to be confirmed|not applicable|no|-+|\?)\W*$", re.I)


class SectionParams(Params):
    """`missing`: fewer than `min_words` words of content. `thin`: some content but under `min_words`
    (the deduction shrinks as the section grows, unless `scaled` is false)."""

    areas: tuple[str, ...]
    min_words: int = 1
    mode: Literal["missing", "thin"] = "missing"
    scaled: bool = True

    def areas_used(self) -> set[str]:
        return set(self.areas)


def content_words(ap: AnnotatedPlan, areas: set[str]) -> int:
    """Words in non-heading blocks of these areas, not counting placeholders like 'N/A'."""
    return sum(len(b.text.split()) for b in ap.plan.blocks
               if b.kind != "heading" and areas & set(b.areas) and not _PLACEHOLDER.match(b.text))


def run(params: SectionParams, ap: AnnotatedPlan) -> Result | None:
    areas = set(params.areas)
    words = content_words(ap, areas)
    if params.mode == "missing" and words < params.min_words:
        return Result(1.0, heading_evidence(ap, areas), f"{words} words found")
    if params.mode == "thin" and 0 < words < params.min_words:
        factor = 1.0 - words / params.min_words if params.scaled else 1.0
        return Result(factor, heading_evidence(ap, areas),
                      f"{words} words; at least {params.min_words} expected")
    return None
