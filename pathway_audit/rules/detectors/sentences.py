"""`sentences`: enough sentences (or paragraphs, with `window: block`) that say a thing in the right way:
words from `find`, together with words from `with`, and none from `unless`, in the same sentence or paragraph.
For example: identity mentioned together with the young person's view or an action. With `model`, a trained
sentence model must also say yes (at least `threshold` sure): for example, that a sentence with goal words
states a clear goal of the young person's own.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from pydantic import Field

from ...nlp.annotate import AnnotatedPlan, Sentence
from ...nlp.text_model import shipped
from .base import Params, Result, evidence_of, heading_evidence, in_scope, names_of


class SentenceParams(Params):
    find: str | tuple[str, ...]
    with_: str | tuple[str, ...] = Field((), alias="with")
    unless: str | tuple[str, ...] = ()
    require: int
    window: Literal["sentence", "block"] = "sentence"
    areas: tuple[str, ...] = ()
    scaled: bool = True
    model: Literal["goal_sentences"] | None = None
    threshold: float = Field(0.5, gt=0, lt=1)

    def names(self) -> set[str]:
        return names_of(self.find) | names_of(self.with_) | names_of(self.unless)

    def areas_used(self) -> set[str]:
        return set(self.areas)


def _units(ap: AnnotatedPlan, window: str) -> list[Sentence]:
    """The spans that words must share: sentences, or whole blocks (paragraphs, list items, table rows)."""
    if window == "sentence":
        return ap.sentences
    return [Sentence(b.index, 0, len(b.text), b.text) for b in ap.plan.blocks]


def _units_with(ap: AnnotatedPlan, units: list[Sentence], names: set[str], among: set[int] | None = None) -> set[int]:
    """Indexes of the units holding a hit of any of these lexicons or patterns (only `among` these, if given:
    patterns then run on those units' blocks alone)."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for i, u in enumerate(units):
        if among is None or i in among:
            starts.setdefault(u.block, []).append((u.start, i))
    found: set[int] = set()
    for name in names:
        for h in (ap.hits(name) if among is None else ap.hits_in(name, set(starts))):
            in_block = starts.get(h.block)
            pos = bisect_right(in_block, (h.start, len(units))) - 1 if in_block else -1
            if pos >= 0 and h.start < units[in_block[pos][1]].end:
                found.add(in_block[pos][1])
    return found


def _in_scope(params: SentenceParams, ap: AnnotatedPlan, units: list[Sentence], chosen: set[int]) -> list[Sentence]:
    areas = set(params.areas)
    return [units[i] for i in sorted(chosen)
            if in_scope(ap, units[i].block, areas) and ap.plan.blocks[units[i].block].kind != "heading"]


def candidates_and_matches(params: SentenceParams, ap: AnnotatedPlan) -> tuple[list[Sentence], list[Sentence]]:
    """The sentences (or blocks) with `find` words, and those of them that also pass `with` and `unless`."""
    units = _units(ap, params.window)
    candidates = _units_with(ap, units, names_of(params.find))
    chosen = set(candidates)
    if params.with_:
        chosen &= _units_with(ap, units, names_of(params.with_), among=chosen)
    if params.unless:
        chosen -= _units_with(ap, units, names_of(params.unless), among=chosen)
    if params.model and chosen:
        order = sorted(chosen)
        said = shipped(params.model).yes_probability([units[i].text for i in order])
        chosen = {i for i, p in zip(order, said) if p >= params.threshold}
    return _in_scope(params, ap, units, candidates), _in_scope(params, ap, units, chosen)


def matching(params: SentenceParams, ap: AnnotatedPlan) -> list[Sentence]:
    """The sentences (or blocks) that count, in document order."""
    return candidates_and_matches(params, ap)[1]


def run(params: SentenceParams, ap: AnnotatedPlan) -> Result | None:
    candidates, found = candidates_and_matches(params, ap)
    if len(found) >= params.require:
        return None
    factor = 1.0 - len(found) / params.require if params.scaled else 1.0
    shown = found or candidates  # what counts so far; else the lines that need the missing words
    evidence = tuple(evidence_of(ap, s.block, s.start, s.end) for s in shown[:20])
    return Result(factor, evidence or heading_evidence(ap, set(params.areas)),
                  f"{len(found)} found; {params.require} expected")
