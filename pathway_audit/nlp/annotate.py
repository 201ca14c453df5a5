"""One spaCy pipeline, built once: tokens, sentences and lexicon matches for every block."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..plan import Plan
from ..rules.schema import Vocabulary


@dataclass(frozen=True)
class Hit:
    """A match of a lexicon or pattern: `start`/`end` are character offsets in the block's text."""

    name: str
    block: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    block: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Action:
    """Something a person will do, found in an action table or in a sentence."""

    block: int
    start: int
    end: int
    text: str
    section: str
    areas: tuple[str, ...]
    source: str
    owner: str | None = None
    weak_owner: bool = False
    due: str | None = None
    due_date: date | None = None
    vague_due: bool = False
    verb: str | None = None
    weak_verb: bool = False
    measurable: bool = False

    @property
    def specific(self) -> bool:
        return not self.weak_verb

    @property
    def smart(self) -> bool:
        return bool(self.owner) and not self.weak_owner and bool(self.due) and not self.vague_due and self.specific


@dataclass
class AnnotatedPlan:
    """A plan with its sentences, lexicon hits and actions. Patterns are matched when first asked for."""

    plan: Plan
    today: date
    docs: list
    sentences: list[Sentence]
    lexicon_hits: dict[str, list[Hit]]
    regexes: dict[str, list[re.Pattern[str]]]
    actions: list[Action] = field(default_factory=list)
    _pattern_hits: dict[str, list[Hit]] = field(default_factory=dict)

    def hits(self, name: str) -> list[Hit]:
        """Hits of a lexicon or a named pattern list, in document order."""
        if name in self.lexicon_hits:
            return self.lexicon_hits[name]
        if name not in self._pattern_hits:
            self._pattern_hits[name] = self._match(name, range(len(self.plan.blocks)))
        return self._pattern_hits[name]

    def hits_in(self, name: str, blocks: set[int]) -> list[Hit]:
        """Hits in these blocks only: a pattern not yet matched over the whole plan runs on just these blocks."""
        if name in self.lexicon_hits or name in self._pattern_hits:
            return [h for h in self.hits(name) if h.block in blocks]
        return self._match(name, sorted(blocks))

    def _match(self, name: str, blocks: Iterable[int]) -> list[Hit]:
        """A named pattern list run over these blocks: non-empty matches, one per span, in document order."""
        found = {(i, m.start(), m.end()): Hit(name, i, m.start(), m.end(), m.group(0))
                 for i in blocks for rx in self.regexes[name] for m in rx.finditer(self.plan.blocks[i].text)
                 if m.end() > m.start()}
        return [found[k] for k in sorted(found)]


class Annotator:
    """Builds the spaCy pipeline and matchers once; `annotate` runs them over a plan."""

    def __init__(self, vocab: Vocabulary, lexicons: set[str]) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")  # NORM: any case, and "don’t" matches "don't"
        self.lexicons = sorted(lexicons)
        for name in self.lexicons:
            self.matcher.add(name, list(self.nlp.tokenizer.pipe(vocab.lexicons[name])))
        self.regexes = {name: [re.compile(p, re.I) for p in pats] for name, pats in vocab.patterns.items()}
        from .actions import ActionFinder
        self.actions = ActionFinder(vocab, self.regexes)

    def annotate(self, plan: Plan, today: date) -> AnnotatedPlan:
        docs = list(self.nlp.pipe(b.text for b in plan.blocks))
        sentences: list[Sentence] = []
        hits: dict[str, list[Hit]] = defaultdict(list)
        for block, doc in zip(plan.blocks, docs):
            for sent in doc.sents:
                sentences.append(Sentence(block.index, sent.start_char, sent.end_char, sent.text))
            for match_id, start, end in self.matcher(doc):
                span = doc[start:end]
                name = self.nlp.vocab.strings[match_id]
                hits[name].append(Hit(name, block.index, span.start_char, span.end_char, span.text))
        for name in self.lexicons:
            hits[name] = _longest_first(hits[name])
        annotated = AnnotatedPlan(plan=plan, today=today, docs=docs, sentences=sentences,
                                  lexicon_hits=dict(hits), regexes=self.regexes)
        annotated.actions = self.actions.find(annotated)
        return annotated


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit of the same lexicon; keep document order."""
    hits = sorted(hits, key=lambda h: (h.block, h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for h in hits:
        if kept and kept[-1].block == h.block and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept
