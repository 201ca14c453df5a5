"""The plan as read from a file: blocks in order, grouped into sections, plus metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]


@dataclass(frozen=True)
class Block:
    """One unit of text with its place in the document.

    `index` is the block's position in the whole plan. For a table row, `text` is the
    cells joined by " | " and `cells`/`header` keep the columns.
    """

    index: int
    kind: BlockKind
    text: str
    section: str = ""
    areas: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


@dataclass
class Section:
    """A run of blocks under one heading, mapped to a canonical area when recognised."""

    heading: str
    areas: tuple[str, ...]
    blocks: list[int] = field(default_factory=list)


@dataclass
class Metadata:
    """Facts about the plan that come from fields, document properties or a manifest."""

    plan_date: date | None = None
    last_review: date | None = None
    next_review: date | None = None
    date_of_birth: date | None = None
    adviser: str | None = None
    team: str | None = None
    young_person_id: str | None = None
    manager: str | None = None
    author: str | None = None


@dataclass
class RawBlock:
    """A block as an ingester sees it, before sections are assigned."""

    kind: BlockKind
    text: str
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


@dataclass
class RawPlan:
    """What an ingester returns: blocks in reading order and any document properties."""

    blocks: list[RawBlock]
    properties: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """A plan ready for annotation."""

    source: str
    sha256: str
    blocks: list[Block]
    sections: list[Section]
    metadata: Metadata

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)

    def areas(self) -> set[str]:
        return {a for b in self.blocks for a in b.areas}
