"""Turn a RawPlan into a Plan: find sections, map headings to areas, read form fields."""

from __future__ import annotations

import re
from collections import Counter

from .ingest.shape import FIELD, FORM_VALUE_WORDS, has_digit, is_label_line
from .nlp.dates import parse_date
from .nlp.text_model import TextClassifier
from .plan import Block, Metadata, Plan, RawBlock, RawPlan, Section
from .rules.schema import Vocabulary

_LEADING = re.compile(r"^(?:(?:section|part|step)\s+\w+[:.)-]?\s*|\d{1,2}(?:\.\d+)*[.)]?\s+|[a-z][.)]\s+)", re.I)
DATE_FIELDS = {"plan_date", "last_review", "next_review", "date_of_birth"}
CONTENT_MIN_HITS = 2
# The model's area is used only when it is this sure: 96% right on the 53% of training blocks it labels
# (models/area_classifier.md). At 0.5 it put stray lines ("ring me if you want to talk") into plan B.
AREA_MODEL_THRESHOLD = 0.7
# A run-in heading, "Money: ..." or "Life skills. ...", but not a condition such as "If YP goes missing: ...".
_RUN_IN = re.compile(r"^(?!(?i:if|when|should|unless)\b)([A-Z][^.:!?]{1,40})([.:])\s+\S")


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', no punctuation, no leading numbering or 'my/your/the', and no plural
    or possessive endings, so "Manager's comment" and "Managers comments" read the same."""
    text = _LEADING.sub("", text.strip())
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w'+ ]+", " ", text)
    words = [_singular(w) for w in text.split()]
    while words and words[0] in {"my", "your", "the", "a", "our"}:
        words = words[1:]
    return " ".join(words)


def _singular(word: str) -> str:
    word = word.removesuffix("'s").removesuffix("s'")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


class Sectionizer:
    """Maps headings and unheaded text to canonical areas, using the pack's vocabulary."""

    def __init__(self, vocab: Vocabulary, area_model: TextClassifier | None = None,
                 threshold: float = AREA_MODEL_THRESHOLD) -> None:
        self.vocab = vocab
        self.area_model, self.threshold = area_model, threshold
        self._synonyms = sorted(
            ((normalise(s), area) for area, spec in vocab.areas.items() for s in (*spec.headings, area.replace("_", " "))),
            key=lambda pair: -len(pair[0]))
        self._keywords = {area: tuple(normalise(k) for k in spec.keywords) for area, spec in vocab.areas.items()}
        self._lines = [(area, re.compile(p, re.I)) for area, spec in vocab.areas.items() for p in spec.lines]
        self._fields = {normalise(label): name for name, labels in vocab.fields.items() for label in labels}
        self._heading_cache: dict[str, tuple[str, ...]] = {}
        self._field_patterns = {name: [re.compile(p, re.I) for p in pats] for name, pats in vocab.field_patterns.items()}

    def heading_areas(self, heading: str) -> tuple[str, ...]:
        key = normalise(heading)
        if key not in self._heading_cache:
            self._heading_cache[key] = _heading_areas(self._synonyms, key)
        return self._heading_cache[key]

    def content_areas(self, text: str) -> tuple[str, ...]:
        """The area whose keywords a block with no recognised heading uses most (at least twice)."""
        padded = f" {normalise(text)} "
        hits = Counter({area: sum(1 for k in kws if k and f" {k} " in padded) for area, kws in self._keywords.items()})
        area, count = hits.most_common(1)[0]
        return (area,) if count >= CONTENT_MIN_HITS else ()

    def build(self, raw: RawPlan, *, source: str, sha256: str) -> Plan:
        """Assign every block its section and areas, and collect metadata."""
        blocks: list[Block] = []
        sections: list[Section] = [Section(heading="", areas=())]
        for rb in _split_field_headings(raw.blocks, self):
            if rb.kind == "heading":
                sections.append(Section(heading=rb.text, areas=self.heading_areas(rb.text)))
            current = sections[-1]
            blocks.append(Block(index=len(blocks), kind=rb.kind, text=rb.text, section=current.heading,
                                areas=self._block_areas(rb, current.areas), cells=rb.cells, header=rb.header))
            current.blocks.append(len(blocks) - 1)
        metadata = self._metadata(blocks, raw.properties)
        return Plan(source=source, sha256=sha256, blocks=blocks,
                    sections=[s for s in sections if s.blocks], metadata=metadata)

    def _block_areas(self, block: RawBlock, section_areas: tuple[str, ...]) -> tuple[str, ...]:
        """A line the vocabulary places anywhere ("Authorised - M. Clarke (Team Manager)"); a run-in heading:
        "Life skills: ..." anywhere, "Money. You get ..." only where the section has no area (a letter), since
        there a sentence can look like one ("No current risks. If ..."); then the section's areas; then the
        block's words."""
        prose = block.kind in ("paragraph", "list_item")
        if prose and (area := next((a for a, line in self._lines if line.search(block.text)), None)):
            return (area,)
        run_in = _RUN_IN.match(block.text) if prose else None
        if run_in and (run_in.group(2) == ":" or not section_areas) and (areas := self.heading_areas(run_in.group(1))):
            return areas
        if section_areas or block.kind == "heading":
            return section_areas
        return self.content_areas(block.text) or self.model_areas(block.text)

    def model_areas(self, text: str) -> tuple[str, ...]:
        """The trained model's area for real content (3+ words, not a form field), when it is confident."""
        if self.area_model is None or len(re.findall(r"[^\W\d_]{2,}", text)) < 3:
            return ()
        if (m := FIELD.match(text)) and self.field(m.group(1)):
            return ()
        area, p = self.area_model.predict([text])[0]
        return (area,) if p >= self.threshold and area in self.vocab.areas else ()

    def field(self, label: str) -> str | None:
        return self._fields.get(normalise(label))

    def _metadata(self, blocks: list[Block], props: dict[str, str]) -> Metadata:
        meta = Metadata(author=props.get("author") or None)
        for block in blocks:
            m = FIELD.match(block.text)
            name = self.field(m.group(1)) if m else None
            if m and name and getattr(meta, name) is None:
                value = m.group(2).strip()
                setattr(meta, name, parse_date(value) if name in DATE_FIELDS else (value or None))
        for name, patterns in self._field_patterns.items():
            if getattr(meta, name) is not None:
                continue
            for block in blocks:
                found = next((m for p in patterns if (m := p.search(block.text))), None)
                if found and (d := parse_date(found.group("date"))):
                    setattr(meta, name, d)
                    break
        if meta.plan_date is None and meta.last_review is not None:
            meta.plan_date = meta.last_review
        return meta


def _split_field_headings(raw: list[RawBlock], sectionizer: Sectionizer) -> list[RawBlock]:
    """A short form line such as 'Contingency: N/A' becomes a heading and its value when the label is an area."""
    out: list[RawBlock] = []
    for rb in raw:
        m = FIELD.match(rb.text) if rb.kind == "paragraph" else None
        if rb.kind == "paragraph" and is_label_line(rb.text):
            out.append(RawBlock("heading", rb.text[:-1]))  # an empty form field, as text exports show it
        elif (m and len(m.group(2).split()) <= FORM_VALUE_WORDS and not sectionizer.field(m.group(1))
                and not has_digit(m.group(1)) and sectionizer.heading_areas(m.group(1))):
            out.append(RawBlock("heading", m.group(1).strip()))
            if m.group(2).strip():
                out.append(RawBlock("paragraph", m.group(2).strip()))
        else:
            out.append(rb)
    return out


def _heading_areas(synonyms: list[tuple[str, str]], heading: str) -> tuple[str, ...]:
    """Every area whose synonym appears in the heading as whole words, minus matches inside longer ones."""
    if not heading:
        return ()
    padded = f" {heading} "
    spans: list[tuple[int, int, str]] = []
    for synonym, area in synonyms:
        pos = padded.find(f" {synonym} ")
        if pos >= 0:
            start, end = pos, pos + len(synonym) + 1
            if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans):
                spans.append((start, end, area))
    areas: list[str] = []
    for _, _, area in sorted(spans):
        if area not in areas:
            areas.append(area)
    return tuple(areas)
