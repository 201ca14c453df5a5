"""Find actions: rows of action tables, and sentences where someone "will" or is "to" do something."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..rules.schema import Vocabulary
from .dates import resolve_due

if TYPE_CHECKING:
    from spacy.tokens import Span

    from ..plan import Block
    from .annotate import Action, AnnotatedPlan

_QUOTES = {'"', "“", "”"}
_CONDITIONAL_STARTS = {"if", "should", "unless", "whether"}
_NOT_AGENTS = {"this", "that", "it", "there", "which", "what", "these", "those", "plan", "this plan", "the plan",
               "nothing", "something", "everything", "who", "money", "support", "help", "things", "life"}
_FUNCTION = {"and", "&", "the", "my", "your", "her", "his", "their", "our", "both", "with", "(", ")", "/", "together",
             "-", "also", "a", "an"}
_PRONOUNS = {"i", "we", "you", "he", "she", "they"}
_STOP_BEFORE_OWNER = {"that", "which", "because", "so", "then", "once", "when", "after", "before", "but", "if",
                      "where", "while", "until", "as", "said", "says", "agreed", "think", "thinks", "hope", "hopes"}
_NOT_COMMITMENTS = {"not", "n't", "be", "need", "needs", "require", "have", "never", "probably", "hopefully",
                    "often", "usually", "sometimes", "normally", "generally", "receive", "forget", "stay", "live",
                    "want", "end", "expire", "happen"}
# "You will get a copy", "he will get the grant": receiving, not doing ("Dan will get advice" is an action).
_RECEIVERS = {"you", "he", "she", "they"}
# Before an owner, these words make the clause a question or a description ("what we will do"), not a commitment.
_WH = {"what", "how", "why", "who", "whom", "whose", "where", "whatever"}
# A capitalised first word that is not a person: "Prior to custody ...", "For Dean to maintain ...".
_NOT_OWNER_STARTS = {"prior", "for", "according", "owing", "thanks", "due", "next", "close", "similar", "compared"}
# A sentence ending in these records a decision ("Return to service agreed."), it does not ask anyone to act.
_RECORDS = {"agreed", "approved", "authorised", "authorized", "endorsed", "noted"}
_BE = {"is", "am", "are", "'m", "'re", "'s"}
_MODALS = {"will", "'ll", "shall"}
_ADVERBS = {"also", "still", "now", "then", "both", "each", "all", "always", "first"}  # "will also be able to"
_FILLERS_AFTER_WILL = _ADVERBS | {"be", "need", "to", "try", "aim"}  # skipped to find the verb
_WANTS = {"want", "wants", "like", "would", "need", "needs", "hope", "hopes", "plan", "plans", "try", "tries",
          "is", "are", "was", "were", "have", "has", "had", "used", "going", "able", "due", "likely", "ready"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w'&/ ]+", " ", text.lower()).split())


def _stem(word: str) -> str:
    """A rough verb base: applies/applied/applying -> apply, books -> book."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + repl
    return w


class ActionFinder:
    """Extracts actions with their owner, timescale, verb and measurability."""

    def __init__(self, vocab: Vocabulary, regexes: dict[str, list[re.Pattern[str]]]) -> None:
        """`regexes` are the pack's patterns, compiled once by the Annotator."""
        lex = vocab.lexicons
        self.role_words = {w for entry in lex["owner_roles"] for w in _norm(entry).split()}
        self.roles = {_norm(e) for e in lex["owner_roles"]}
        self.weak_owners = {_norm(e) for e in lex["weak_owners"]}
        self.placeholders = {_norm(e) for e in lex["placeholder"]} | {""}
        self.weak_verbs = {_stem(v.split()[0]) for v in lex["weak_verbs"]}
        self.strong_verbs = {_stem(v.split()[0]) for v in lex["strong_verbs"]}
        self.verbs = self.weak_verbs | self.strong_verbs
        self.vague = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in sorted(lex["vague_time"], key=len, reverse=True))
                                + r")(?!\w)", re.I)
        self.timescale = regexes["timescale"]
        self.measurable = regexes["measurable"]
        self.columns = {col: tuple(_norm(s) for s in syns) for col, syns in vocab.action_columns.items()}
        label = {col: "|".join(re.escape(s) for s in sorted(syns, key=len, reverse=True))
                 for col, syns in vocab.action_columns.items()}
        # One line with its own labels: "Book the GP review. Who: Tamsin (key worker). When: by 30/11/2026."
        self.labelled = re.compile(rf"^(?:(?:{label['what']})\s*:\s*)?(?P<what>.+?)[.;,]?\s+(?:{label['owner']})\s*:\s*"
                                   rf"(?P<owner>[^.;]+?)(?:[.;,]?\s+(?:{label['due']})\s*:\s*(?P<due>.+?))?[.;\s]*$", re.I)

    # -- shared ------------------------------------------------------------------------------
    def find(self, ap: AnnotatedPlan) -> list[Action]:
        actions: list[Action] = []
        for block, doc in zip(ap.plan.blocks, ap.docs):
            if block.kind == "table_row":
                action = self._from_row(block, ap)
                if action:
                    actions.append(action)
            elif block.kind in ("paragraph", "list_item") and "contingency" not in block.areas:
                if labelled := self._from_labelled(block, ap):
                    actions.append(labelled)
                else:
                    actions.extend(a for sent in doc.sents if (a := self._from_sentence(block, sent, ap)))
        return actions

    def _timescale(self, text: str) -> tuple[str | None, bool]:
        """(timescale text, vague?): the first pattern in the pack's order that matches wins,
        so a date beats a frequency; vague words count only when no timescale matches."""
        for rx in self.timescale:
            if m := rx.search(text):
                return m.group(0), False
        vague = self.vague.search(text)
        return (vague.group(0), True) if vague else (None, False)

    def _is_weak_owner(self, owner: str) -> bool:
        norm = _norm(owner)
        if norm in self.weak_owners:
            return True
        parts = [p for p in re.split(r"\band\b|&|/|,", norm) if p.strip()]
        return bool(parts) and all(p.strip() in self.weak_owners for p in parts)

    def _make(self, block: Block, start: int, end: int, text: str, source: str, owner: str | None,
              due: str | None, vague: bool, verb: str | None, ap: AnnotatedPlan, outcome: str = "") -> Action:
        from .annotate import Action

        meta = ap.plan.metadata
        due_date = None if not due or vague else resolve_due(
            due, plan_date=meta.plan_date, date_of_birth=meta.date_of_birth, next_review=meta.next_review)
        stem = _stem(verb) if verb else None
        return Action(block=block.index, start=start, end=end, text=text, section=block.section,
                      areas=block.areas, source=source, owner=owner,
                      weak_owner=bool(owner) and self._is_weak_owner(owner), due=due, due_date=due_date,
                      vague_due=vague, verb=verb, weak_verb=bool(stem) and stem in self.weak_verbs,
                      measurable=_norm(outcome) not in self.placeholders
                      or any(rx.search(text) for rx in self.measurable))

    # -- tables ------------------------------------------------------------------------------
    def _column(self, header: str) -> str | None:
        h = _norm(header)
        best: tuple[int, str] | None = None
        for col, syns in self.columns.items():
            for s in syns:
                if h == s or f" {s} " in f" {h} ":
                    score = len(s) + (100 if h == s else 0)
                    if best is None or score > best[0]:
                        best = (score, col)
        return best[1] if best else None

    def _from_row(self, block: Block, ap: AnnotatedPlan) -> Action | None:
        cols = [self._column(h) for h in block.header]
        if "what" not in cols or not ({"owner", "due"} & set(cols)):
            return None
        cell = {c: block.cells[i] for i, c in reversed(list(enumerate(cols))) if c and i < len(block.cells)}
        return self._from_cells(block, ap, "table", cell.get("what", ""), cell.get("owner", ""), cell.get("due", ""),
                                cell.get("outcome", ""))

    def _from_labelled(self, block: Block, ap: AnnotatedPlan) -> Action | None:
        m = self.labelled.match(block.text)
        return self._from_cells(block, ap, "text", m["what"], m["owner"], m["due"] or "") if m else None

    def _from_cells(self, block: Block, ap: AnnotatedPlan, source: str, what: str, owner: str, due_cell: str,
                    outcome: str = "") -> Action | None:
        """An action given as separate what / who / when parts (a table row, or a line with its own labels)."""
        what = " ".join(what.split())
        if _norm(what) in self.placeholders:
            return None
        owner = " ".join(owner.split())
        due_cell = " ".join(due_cell.split())
        due, vague = None, False
        if _norm(due_cell) not in self.placeholders - {"tbc", "tba", "to be confirmed"}:
            found, vague = self._timescale(due_cell)
            due, vague = due_cell, vague or not found  # a cell with no timescale words ("when ready") is vague
        start = max(block.text.find(what), 0)
        verb = next((w for w in re.findall(r"[A-Za-z']+", what) if w.lower() not in {"to", "i", "we", "will"}), None)
        return self._make(block, start, start + len(what), what, source,
                          None if _norm(owner) in self.placeholders else owner, due, vague, verb, ap, outcome)

    # -- sentences ---------------------------------------------------------------------------
    def _from_sentence(self, block: Block, sent: Span, ap: AnnotatedPlan) -> Action | None:
        toks = [t for t in sent if not t.is_space]
        while toks and (toks[0].is_punct or toks[0].lower_ in {"-", "•", "*"}):
            toks = toks[1:]
        if len(toks) < 3 or toks[0].lower_ in _CONDITIONAL_STARTS or (toks[0].lower_ == "in" and toks[1].lower_ == "the"):
            return None
        quote = next((k for k, t in enumerate(toks) if t.text in _QUOTES), None)
        if quote is not None:  # look for the commitment before any quotation ("I will," she said, ...)
            if toks[quote - 1].is_punct:  # a closing quote: the sentence is the end of someone's words
                return None
            toks = toks[:quote]
            if len(toks) < 3:
                return None
        words = [t for t in toks if t.is_alpha]
        if words and words[-1].lower_ in _RECORDS:  # "Return to service agreed.": a decision on record
            return None
        found = self._will(toks) or self._to(toks)
        if not found:
            return None
        owner_toks, verb = found
        owner = block.text[owner_toks[0].idx: owner_toks[-1].idx + len(owner_toks[-1].text)]
        if not self._is_agent(owner_toks):
            return None
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        due, vague = self._timescale(text)
        return self._make(block, start, start + len(text), text, "text", owner, due, vague, verb, ap)

    def _will(self, toks: list) -> tuple[list, str | None] | None:
        for i, t in enumerate(toks):
            if t.lower_ in _MODALS and i > 0:
                after = next((x for x in toks[i + 1:] if x.lower_ not in _ADVERBS), None)
                if after is None or after.lower_ in _NOT_COMMITMENTS:
                    return None
                owner = self._owner_before(toks, i)
                if not owner or (after.lower_ == "get" and len(owner) == 1 and owner[0].lower_ in _RECEIVERS):
                    return None
                rest = [x for x in toks[i + 1:] if x.is_alpha and x.lower_ not in _FILLERS_AFTER_WILL]
                return owner, rest[0].text if rest else None
            if (t.lower_ == "going" and i + 2 < len(toks) and toks[i + 1].lower_ == "to" and i >= 2
                    and toks[i - 1].lower_ in _BE and toks[i + 2].lower_ not in _FUNCTION | _NOT_COMMITMENTS):
                owner = self._owner_before(toks, i - 1)
                if owner:
                    return owner, toks[i + 2].text
        return None

    def _to(self, toks: list) -> tuple[list, str | None] | None:
        for k in range(1, min(7, len(toks) - 1)):
            if toks[k].lower_ == "to":
                nxt = toks[k + 1]
                before = toks[:k - 1] if k >= 2 and toks[k - 1].lower_ in ("is", "are") else toks[:k]  # "Ben is to"
                # In an ALL-CAPS export only a role or pronoun can be told from a verb: "PA TO VISIT 8 WEEKLY".
                shouting = all(t.is_upper or not t.is_alpha for t in toks) and all(
                    t.lower_ in self.role_words or t.lower_ in _PRONOUNS for t in before)
                if (nxt.is_alpha and (nxt.is_lower or shouting) and nxt.lower_ != "be" and toks[0].text[:1].isupper()
                        and not any(t.lower_ in _WANTS for t in before)
                        and not (len(before) == 1 and _stem(before[0].text) in self.verbs)
                        and all(self._owner_token(t) for t in before)):
                    return before, nxt.text
                return None
        return None

    def _owner_token(self, tok) -> bool:
        low = tok.lower_
        return (low in self.role_words or low in _PRONOUNS or low in _FUNCTION or tok.is_title or tok.is_upper
                or low in self.weak_owners or low == "'s")

    def _owner_before(self, toks: list, i: int) -> list | None:
        j = i
        if j > 1 and toks[j - 1].text == ")":  # "Nadia (care coordinator) will": the brackets belong to the owner
            j = next((k for k in range(j - 2, max(j - 8, 0), -1) if toks[k].text == "("), j)
        while j > 0 and toks[j - 1].lower_ not in _STOP_BEFORE_OWNER and self._owner_token(toks[j - 1]) \
                and toks[j - 1].lower_ not in {",", ";", ":"}:
            j -= 1
        if (j > 0 and toks[j - 1].lower_ in _WH) or toks[j].lower_ in _WH:
            return None  # "what we will do", "How we will keep in touch": a description, not a commitment
        if toks[i - 1].lower_ == "and":  # "I support the request and will attend": the owner opens the sentence
            if toks[0].lower_ in _PRONOUNS:
                j, i = 0, 1
            elif toks[0].lower_ in self.role_words:
                j, i = 0, next((k for k, t in enumerate(toks[:4]) if t.lower_ not in self.role_words), 0)
            else:
                return None
        owner = toks[j:i]
        while owner and owner[0].lower_ in _FUNCTION - {"the", "my", "your", "her", "his", "their", "our"}:
            owner = owner[1:]
        return owner if 0 < len(owner) <= 8 else None

    def _is_agent(self, owner_toks: list) -> bool:
        text = " ".join(t.lower_ for t in owner_toks)
        if text in _NOT_AGENTS or owner_toks[0].lower_ in {"this", "that", "it", "there", "which", "what"} | _NOT_OWNER_STARTS:
            return False
        words = [t for t in owner_toks if t.is_alpha]
        return any(t.lower_ in self.role_words or t.lower_ in _PRONOUNS or t.lower_ in self.weak_owners
                   or (t.is_title and t.lower_ not in _FUNCTION) or t.is_upper for t in words)
