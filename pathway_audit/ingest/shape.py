"""Layout cues shared by the readers: what looks like a heading, what is only a stand-in ("N/A", "Awaiting
authorisation"), and how tables become blocks."""

from __future__ import annotations

import re

from ..plan import RawBlock

_END_PUNCT = (".", "?", "!", ",", ";")
FORM_VALUE_WORDS = 6  # a form row with a value this short stays one "Label: value" line
BULLET = "\u2022 "  # marks a list paragraph in a table cell, so a form's bullet list stays a list
FORM_LABEL_WORDS = 10  # "Section 1: About you and why you came back" is still a form label
FIELD = re.compile(r"^([A-Za-z][\w ,&'’/().-]{1,40}):\s*(.*)$")
"""A form field written as "Label: value" (the value may be empty)."""


def is_field(text: str) -> bool:
    """A "Label: value" line with a value."""
    return bool((m := FIELD.match(text)) and m.group(2).strip())


def is_short_label(text: str, max_words: int = 10) -> bool:
    """A short line with no sentence punctuation at the end, like a heading."""
    words = text.split()
    return 0 < len(words) <= max_words and not text.endswith(_END_PUNCT)


def has_digit(text: str) -> bool:
    """Dates and numbers mark a field or a sign-off, not a heading."""
    return any(c.isdigit() for c in text)


def is_label_line(text: str, max_words: int = 10) -> bool:
    """A short line ending in a colon that introduces what follows ("Plan B:"), not a dated sign-off
    ("Jo Bell, Team Manager, 19/11/2026:")."""
    return text.endswith(":") and is_short_label(text[:-1], max_words) and not has_digit(text)


_PLACEHOLDER = re.compile(r"^\W*(?:(?:n/?a|not applicable)(?:\W.{0,80})?|none|nil|tbc|tba|to be confirmed|no|-+|\?|"
                          r"not assessed|nothing to add|"
                          r"not (?:yet )?(?:discussed|known|recorded|asked|identified|completed|done|signed)|"
                          r"(?:none|no (?:current |known )?(?:risks?|risk indicators?|concerns?|issues?|needs?))"
                          r"(?: (?:identified|known|noted|reported))?"
                          r"(?: at (?:this time|present|the moment))?|"
                          r"(?:to be |will be )?(?:completed|added|agreed|discussed|updated|done)"
                          r"(?: at| by| in)?(?: the)?(?: next)?(?: review| meeting)?|to follow|"
                          r"(?:awaiting|pending|not yet)(?: [a-z]+){0,2})\W*$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def is_placeholder(text: str) -> bool:
    """The text is a stand-in ('N/A - not needed yet'), or each of its sentences is ('None identified.
    Contingency: N/A.')."""
    if _PLACEHOLDER.match(text):
        return True
    parts = [p for p in _SENTENCE_END.split(text.strip()) if p]
    return bool(parts) and all(_PLACEHOLDER.match(m.group(2) if (m := FIELD.match(p)) else p) for p in parts)


def is_caps_heading(text: str) -> bool:
    """An ALL-CAPS line of a few words and at least three letters, as case systems export headings ("EET",
    "PLAN B: IF IT GOES WRONG"), but not a stand-in ("TBC") or an ALL-CAPS field with a number in it
    ("PLAN DATE: 12/09/2026")."""
    if text.upper() != text or (is_field(text) and has_digit(text)):
        return False
    return sum(c.isalpha() for c in text) >= 3 and is_short_label(text.rstrip(":"), 8) and not is_placeholder(text)


def table_blocks(rows: list[list[str]]) -> list[RawBlock]:
    """Turn a table into blocks.

    Two-column forms whose left cells are labels become heading + paragraphs (or
    "Label: value" lines); other tables become rows that keep their header.
    """
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return []
    if _is_form(rows):
        return _form_blocks(rows)
    rows = [[c.replace(BULLET, "") for c in r] for r in rows]
    header = tuple(rows[0])
    blocks = [RawBlock("table_row", " | ".join(c.replace("\n", " ") for c in row), cells=tuple(row), header=header)
              for row in rows[1:]]
    if len(rows) == 1:  # a one-row table is text: its empty cells are layout, and one cell's lines are paragraphs
        cells = [c for c in header if c.strip()]
        lines = cells[0].split("\n") if len(cells) == 1 else [" | ".join(c.replace("\n", " ") for c in cells)]
        blocks = [RawBlock("paragraph", line) for line in lines if line.strip()]
    return blocks


def _is_form(rows: list[list[str]]) -> bool:
    """Two columns with short one-line labels on the left: a form or a list of fields."""
    if not all(len(r) == 2 for r in rows):
        return False
    labels = [r[0] for r in rows if r[0].strip()]
    return bool(labels) and all(len(label.split()) <= FORM_LABEL_WORDS and "\n" not in label.strip() for label in labels)


def _form_blocks(rows: list[list[str]]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    for label, value in rows:
        label = " ".join(label.split()).rstrip(":").rstrip(".")
        lines = [" ".join(v.split()) for v in value.split("\n") if v.strip()]
        if not lines:
            blocks.append(RawBlock("heading", label))
        elif len(lines) == 1 and len(lines[0].split()) <= FORM_VALUE_WORDS and ":" not in label \
                and not lines[0].startswith(BULLET):
            blocks.append(RawBlock("paragraph", f"{label}: {lines[0]}"))
        else:
            blocks.append(RawBlock("heading", label))
            blocks.extend(RawBlock("list_item", line.removeprefix(BULLET)) if line.startswith(BULLET)
                          else RawBlock("paragraph", line) for line in lines)
    return blocks
