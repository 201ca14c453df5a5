"""Find passages repeated across different young people's plans (cut-and-paste plans are a known
inspection finding). Plans are compared sentence by sentence; only sentences of at least
MIN_WORDS words count, so template headings and short stock phrases are ignored.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

MIN_WORDS = 12
TEMPLATE_SHARE = 0.5
TEMPLATE_MIN_PLANS = 10
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_NOT_WORD = re.compile(r"[^a-z0-9£%]+")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:['’]s)?\b")
_PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs"}


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences at . ! or ? followed by a capital letter or digit."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def normalise(sentence: str) -> str:
    """What two copies of a sentence have in common: lower case, no punctuation, and names (capitalised
    words) and he/she/they treated alike, so a passage copied with the name changed still matches."""
    masked = _NAME.sub("name", sentence)
    words = _NOT_WORD.sub(" ", masked.lower()).split()
    return " ".join("they" if w in _PRONOUNS else w for w in words)


def sentence_digests(blocks: Iterable[str]) -> list[tuple[str, str]]:
    """(digest, sentence) for each long sentence, in document order."""
    out = []
    for text in blocks:
        for sentence in split_sentences(text):
            norm = normalise(sentence)
            if len(norm.split()) >= MIN_WORDS:
                out.append((hashlib.blake2b(norm.encode(), digest_size=8).hexdigest(), sentence))
    return out


@dataclass(frozen=True)
class PlanText:
    """One plan as the detector sees it: its name, whose plan it is, and its sentence digests in order."""

    name: str
    person: str
    digests: tuple[str, ...]


@dataclass(frozen=True)
class Passage:
    """A run of sentences found in the plans of more than one young person."""

    digests: tuple[str, ...]
    plans: tuple[str, ...]
    young_people: int

    @property
    def sentences(self) -> int:
        return len(self.digests)


def find_shared(plans: list[PlanText]) -> list[Passage]:
    """Passages shared by different young people, most widely shared first.

    In a batch of TEMPLATE_MIN_PLANS or more, a sentence in more than TEMPLATE_SHARE of the plans
    is treated as the council's template wording and not reported.
    """
    where: dict[str, set[int]] = defaultdict(set)
    for i, plan in enumerate(plans):
        for digest in plan.digests:
            where[digest].add(i)
    template_limit = TEMPLATE_SHARE * len(plans) if len(plans) >= TEMPLATE_MIN_PLANS else len(plans) + 1

    def sharing(digest: str) -> frozenset[int] | None:
        holders = where[digest]
        people = {plans[i].person for i in holders}
        return frozenset(holders) if len(people) > 1 and len(holders) <= template_limit else None

    found: dict[tuple[str, ...], frozenset[int]] = {}
    for plan in plans:
        run: list[str] = []
        run_holders: frozenset[int] | None = None
        for digest in (*plan.digests, None):
            holders = sharing(digest) if digest else None
            if run and holders != run_holders:
                found.setdefault(tuple(run), run_holders)
                run = []
            if holders:
                run.append(digest)
                run_holders = holders
    passages = [Passage(digests, tuple(sorted(plans[i].name for i in holders)),
                        len({plans[i].person for i in holders})) for digests, holders in found.items()]
    return sorted(passages, key=lambda p: (-p.young_people, -p.sentences, p.plans))
