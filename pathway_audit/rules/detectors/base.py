"""What every detector shares: its parameters' base class, its result and evidence helpers."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from ...ingest.shape import is_placeholder
from ...nlp.annotate import AnnotatedPlan, Hit
from ..schema import Vocabulary


class Params(BaseModel):
    """Detector parameters; unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def names(self) -> set[str]:
        """Lexicon or pattern names this detector reads (checked against the vocabulary at load)."""
        return set()

    def areas_used(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class Evidence:
    """Where in the plan a finding comes from. `start`/`end` are offsets in the block's text."""

    section: str
    block: int
    start: int
    end: int
    text: str
    note: str = ""


@dataclass(frozen=True)
class Result:
    """A detector fired. `factor` (0-1) scales the rule's weight; `detail` never quotes the plan."""

    factor: float
    evidence: tuple[Evidence, ...] = ()
    detail: str = ""


def evidence_of(ap: AnnotatedPlan, block: int, start: int, end: int) -> Evidence:
    b = ap.plan.blocks[block]
    return Evidence(section=b.section, block=block, start=start, end=end, text=b.text[start:end])


def hit_evidence(ap: AnnotatedPlan, hits: list[Hit], limit: int = 20) -> tuple[Evidence, ...]:
    return tuple(evidence_of(ap, h.block, h.start, h.end) for h in hits[:limit])


def heading_evidence(ap: AnnotatedPlan, areas: set[str]) -> tuple[Evidence, ...]:
    """The headings of sections in these areas (where an adviser should add content)."""
    return tuple(evidence_of(ap, b.index, 0, len(b.text)) for b in ap.plan.blocks
                 if b.kind == "heading" and areas & set(b.areas))


def in_scope(ap: AnnotatedPlan, block: int, areas: set[str], exclude: set[str] = frozenset()) -> bool:
    b = ap.plan.blocks[block]
    return (not areas or bool(areas & set(b.areas))) and not (exclude & set(b.areas))


def names_of(value: str | tuple[str, ...] | None) -> set[str]:
    """A rule's `find`-style parameter (one name or a list) as a set of names."""
    if not value:
        return set()
    return {value} if isinstance(value, str) else set(value)


def labels_a_value(ap: AnnotatedPlan, block: int) -> bool:
    """The heading is a label with a real value after it in the same area ("Independent reviewing officer" then
    "Delroy Grant"), not one with nothing, another heading or a stand-in ("Awaiting authorisation") after it."""
    blocks = ap.plan.blocks
    after = blocks[block + 1] if block + 1 < len(blocks) else None
    return (after is not None and after.kind != "heading" and after.areas == blocks[block].areas
            and not is_placeholder(after.text))


def phrase_hits(ap: AnnotatedPlan, finds: set[str], unless: set[str] = frozenset(), areas: set[str] = frozenset(),
                exclude: set[str] = frozenset(), headings: bool = False) -> list[Hit]:
    """Hits of these lexicons or patterns in scope, in document order: outside headings, or with `headings` also in
    a heading that labels a value. A hit that overlaps a match of an `unless` name does not count ("placement" in
    "work placement"; "If things go wrong, ring me" when "if things go wrong" is an exception)."""
    exceptions = {(h.block, h.start, h.end) for name in unless for h in ap.hits(name)}
    hits = [h for name in sorted(finds) for h in ap.hits(name)
            if in_scope(ap, h.block, areas, exclude)
            and (ap.plan.blocks[h.block].kind != "heading" or headings and labels_a_value(ap, h.block))
            and not any(b == h.block and s < h.end and h.start < e for b, s, e in exceptions)]
    return sorted(hits, key=lambda h: (h.block, h.start))


def check_names(params: Params, vocab: Vocabulary) -> list[str]:
    """Problems with names a rule refers to."""
    problems = [f"unknown lexicon or pattern '{n}'" for n in sorted(params.names())
                if n not in vocab.lexicons and n not in vocab.patterns]
    problems += [f"unknown area '{a}'" for a in sorted(params.areas_used()) if a not in vocab.areas]
    return problems
