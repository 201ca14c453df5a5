"""`phrases`: words or patterns (named by `find`) that must appear, in enough sections, or must not appear.

With `require`, `require_sections` or `require_kinds` the words are wanted; with none, each one found is a
finding. `require_kinds` counts how many of the lists in `find` appear (e.g. faith, language, documents).
Words overlapping a match of the `unless` lexicon do not count (e.g. "placement" in "work placement").
"""

from __future__ import annotations

from dataclasses import replace

from ...nlp.annotate import AnnotatedPlan
from ..schema import Vocabulary
from .base import Params, Result, heading_evidence, hit_evidence, names_of, phrase_hits


class PhraseParams(Params):
    find: str | tuple[str, ...]
    areas: tuple[str, ...] = ()
    exclude_areas: tuple[str, ...] = ()
    require: int | None = None
    require_sections: int | None = None
    require_kinds: int | None = None
    saturation: int = 1
    alternatives: bool = False
    unless: str | tuple[str, ...] | None = None
    scaled: bool = True
    headings: bool = False  # also count words in a label with a value ("Team manager: Jo Bell")

    def names(self) -> set[str]:
        return names_of(self.find) | names_of(self.unless)

    def areas_used(self) -> set[str]:
        return set(self.areas) | set(self.exclude_areas)


def run(params: PhraseParams, ap: AnnotatedPlan, vocab: Vocabulary) -> Result | None:
    areas, exclude = set(params.areas), set(params.exclude_areas)
    if areas and not (areas & ap.plan.areas()):  # the section rules report a missing area
        return None
    hits = phrase_hits(ap, names_of(params.find), names_of(params.unless), areas, exclude, params.headings)
    if params.require is None and params.require_sections is None and params.require_kinds is None:
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
    if params.require_kinds is not None:
        kinds = {h.name for h in hits}
        if len(kinds) < params.require_kinds:
            factor = 1.0 - len(kinds) / params.require_kinds if params.scaled else 1.0
            return Result(factor, hit_evidence(ap, hits) or heading_evidence(ap, areas),
                          f"{len(kinds)} kinds found; {params.require_kinds} expected")
    return None
