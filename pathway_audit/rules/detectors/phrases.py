"""`phrases`: words or patterns (named by `find`) that must appear, in enough sections, or must not appear.

With `require` or `require_sections` the words are wanted; with neither, each one found is a finding.
Words inside a match of the `unless` lexicon do not count (e.g. "placement" in "work placement").
"""

from __future__ import annotations

from dataclasses import replace

from ...nlp.annotate import AnnotatedPlan
from ..schema import Vocabulary
from .base import Params, Result, heading_evidence, hit_evidence, in_scope


class PhraseParams(Params):
    find: str | tuple[str, ...]
    areas: tuple[str, ...] = ()
    exclude_areas: tuple[str, ...] = ()
    require: int | None = None
    require_sections: int | None = None
    saturation: int = 1
    alternatives: bool = False
    unless: str | None = None
    scaled: bool = True

    def names(self) -> set[str]:
        names = {self.find} if isinstance(self.find, str) else set(self.find)
        return names | ({self.unless} if self.unless else set())

    def areas_used(self) -> set[str]:
        return set(self.areas) | set(self.exclude_areas)


def run(params: PhraseParams, ap: AnnotatedPlan, vocab: Vocabulary) -> Result | None:
    areas, exclude = set(params.areas), set(params.exclude_areas)
    if areas and not (areas & ap.plan.areas()):  # the section rules report a missing area
        return None
    finds = {params.find} if isinstance(params.find, str) else set(params.find)
    exceptions = {(h.block, h.start, h.end) for h in ap.hits(params.unless)} if params.unless else set()
    hits = [h for name in sorted(finds) for h in ap.hits(name)
            if in_scope(ap, h.block, areas, exclude) and ap.plan.blocks[h.block].kind != "heading"
            and not any(b == h.block and s <= h.start and h.end <= e for b, s, e in exceptions)]
    hits.sort(key=lambda h: (h.block, h.start))
    if params.require is None and params.require_sections is None:
        if not hits:
            return None
        evidence = hit_evidence(ap, hits)
        if params.alternatives:
            evidence = tuple(replace(e, note=f"Try: {vocab.jargon.get(e.text.lower(), '')}") for e in evidence)
        return Result(min(1.0, len(hits) / params.saturation), evidence, f"{len(hits)} found")
    if params.require is not None and len(hits) < params.require:
        factor = 1.0 - len(hits) / params.require if params.scaled else 1.0
        return Result(factor, heading_evidence(ap, areas) or hit_evidence(ap, hits),
                      f"{len(hits)} found; {params.require} expected")
    if params.require_sections is not None:
        sections = {ap.plan.blocks[h.block].section for h in hits}
        if len(sections) < params.require_sections:
            factor = 1.0 - len(sections) / params.require_sections if params.scaled else 1.0
            return Result(factor, hit_evidence(ap, hits),
                          f"found in {len(sections)} sections; {params.require_sections} expected")
    return None
