"""`metric`: numbers about the writing (sentence length, who it is written to, acronyms, repeats)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Literal

from ...nlp.annotate import AnnotatedPlan
from ..schema import Vocabulary
from .base import Evidence, Params, Result, evidence_of, hit_evidence

Metric = Literal["avg_sentence_words", "third_person_share", "unexpanded_acronyms", "repeated_sentences"]


class MetricParams(Params):
    metric: Metric
    max: float
    saturation: float = 1.0

    def names(self) -> set[str]:
        return {"first_person", "second_person", "third_person"} if self.metric == "third_person_share" else set()


def run(params: MetricParams, ap: AnnotatedPlan, vocab: Vocabulary) -> Result | None:
    value, evidence = MEASURES[params.metric](ap, vocab)
    if value <= params.max:
        return None
    factor = min(1.0, (value - params.max) / params.saturation) if params.saturation > 0 else 1.0
    return Result(max(factor, 0.05), evidence, f"{params.metric.replace('_', ' ')} is {value:.2f}; limit {params.max:g}")


def _prose(ap: AnnotatedPlan):
    return [s for s in ap.sentences if ap.plan.blocks[s.block].kind in ("paragraph", "list_item")]


def avg_sentence_words(ap: AnnotatedPlan, vocab: Vocabulary) -> tuple[float, tuple[Evidence, ...]]:
    sents = [s for s in _prose(ap) if len(s.text.split()) >= 3]
    if not sents:
        return 0.0, ()
    avg = sum(len(s.text.split()) for s in sents) / len(sents)
    longest = sorted(sents, key=lambda s: -len(s.text.split()))[:5]
    return avg, tuple(evidence_of(ap, s.block, s.start, s.end) for s in longest)


def third_person_share(ap: AnnotatedPlan, vocab: Vocabulary) -> tuple[float, tuple[Evidence, ...]]:
    third = [h for h in ap.hits("third_person") if ap.plan.blocks[h.block].kind != "heading"]
    others = len(ap.hits("first_person")) + len(ap.hits("second_person"))
    total = len(third) + others
    return (len(third) / total if total else 0.0), hit_evidence(ap, third, 10)


def unexpanded_acronyms(ap: AnnotatedPlan, vocab: Vocabulary) -> tuple[float, tuple[Evidence, ...]]:
    """Acronyms from the list used but never spelt out, as in 'personal adviser (PA)' or 'PA (personal adviser)'."""
    if not vocab.acronyms:
        return 0.0, ()
    rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, vocab.acronyms)) + r")(?![\w-])")
    first: dict[str, Evidence] = {}
    expanded: set[str] = set()
    for b in ap.plan.blocks:
        for m in rx.finditer(b.text):
            acr = m.group(1)
            before, after = b.text[max(0, m.start() - 2):m.start()], b.text[m.end():m.end() + 3]
            if before.endswith("(") or after.startswith(" (") or after.startswith(" - "):
                expanded.add(acr)
            first.setdefault(acr, evidence_of(ap, b.index, m.start(), m.end()))
    missing = [e for a, e in first.items() if a not in expanded]
    return float(len(missing)), tuple(missing)


def repeated_sentences(ap: AnnotatedPlan, vocab: Vocabulary) -> tuple[float, tuple[Evidence, ...]]:
    """Sentences of eight words or more that appear more than once."""
    seen: dict[str, list] = defaultdict(list)
    for s in _prose(ap):
        key = " ".join(re.findall(r"\w+", s.text.lower()))
        if len(key.split()) >= 8:
            seen[key].append(s)
    repeats = [s for group in seen.values() if len(group) > 1 for s in group[1:]]
    return float(len(repeats)), tuple(evidence_of(ap, s.block, s.start, s.end) for s in repeats[:10])


MEASURES = {"avg_sentence_words": avg_sentence_words, "third_person_share": third_person_share,
            "unexpanded_acronyms": unexpanded_acronyms, "repeated_sentences": repeated_sentences}
