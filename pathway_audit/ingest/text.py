"""Read plain-text and Markdown plans, including exports with ALL-CAPS headings."""

from __future__ import annotations

import re

from ..plan import RawBlock, RawPlan
from .shape import has_digit, is_caps_heading, is_field, is_label_line, is_short_label, table_blocks

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$|^\*\*([^*]{1,80})\*\*:?$")
_EMPHASIS = re.compile(r"\*\*(?=\S)|(?<=\S)\*\*|(?<![\w*])__(?=\S)|(?<=\S)__(?![\w*])")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_text(text: str) -> RawPlan:
    """Split text into blocks: headings, paragraphs, list items and table rows. A short line standing alone
    counts as a heading only in files that do not mark their headings (with # or **bold**)."""
    blocks: list[RawBlock] = []
    chunks = _chunks(text.replace("\r\n", "\n").replace("\r", "\n"))
    guess_headings = not any(_MD_HEADING.match(line.strip()) for chunk in chunks for line in chunk)
    for chunk in chunks:
        line = chunk[0].strip()
        if (guess_headings and len(chunk) == 1 and _plain_heading(line)
                and not (blocks and blocks[-1].kind == "heading")):
            blocks.append(RawBlock("heading", line))
        else:
            blocks.extend(_chunk_blocks(chunk))
    return RawPlan(blocks=blocks)


def _chunks(text: str) -> list[list[str]]:
    """Groups of non-blank lines separated by blank lines."""
    chunks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            chunks[-1].append(line.rstrip())
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _chunk_blocks(lines: list[str]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(RawBlock("paragraph", " ".join(" ".join(paragraph).split())))
            paragraph.clear()
        if table:
            blocks.extend(table_blocks([row[:] for row in table]))
            table.clear()

    for line in lines:
        stripped = line.strip()
        if not _MD_HEADING.match(stripped):
            stripped = line = _EMPHASIS.sub("", line).rstrip()
            stripped = stripped.strip()
        if _TABLE_RULE.match(stripped) and table:
            continue
        if stripped.startswith("|") or "\t" in stripped:
            if paragraph:
                flush()
            table.append(_cells(stripped))
            continue
        if table:
            flush()
        heading = _MD_HEADING.match(stripped)
        bullet = _BULLET.match(line)
        if heading:
            flush()
            blocks.append(RawBlock("heading", (heading.group(1) or heading.group(2)).strip().rstrip(":")))
        elif is_caps_heading(stripped):
            flush()
            blocks.append(RawBlock("heading", stripped.rstrip(":")))
        elif bullet:
            flush()
            blocks.append(RawBlock("list_item", " ".join(bullet.group(1).split())))
        elif is_label_line(stripped, 8) and not paragraph:
            blocks.append(RawBlock("heading", stripped[:-1]))
        elif is_field(stripped):
            flush()
            blocks.append(RawBlock("paragraph", " ".join(stripped.split())))
        else:
            if paragraph and is_short_label(paragraph[-1], 12):
                flush()  # short lines with no full stop are separate lines ("Probation - Mark Pryor"), not prose
            paragraph.append(stripped)
    flush()
    return blocks




def _plain_heading(line: str) -> bool:
    """A line standing alone that reads like a heading ("Where I live"): short, capitalised, no digits,
    not a "Label: value" field."""
    return is_short_label(line, 8) and line[:1].isupper() and not has_digit(line) and not is_field(line)


def _cells(line: str) -> list[str]:
    if "\t" in line and not line.startswith("|"):
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in line.strip().strip("|").split("|")]
