"""Read .docx plans: paragraphs, headings, tables (action tables and form tables) and headers."""

from __future__ import annotations

import io
from collections.abc import Iterator

from ..errors import PlanError
from ..plan import RawBlock, RawPlan
from . import Limits
from .safety import NOT_A_PLAN, open_docx_zip
from .shape import is_caps_heading, is_short_label, table_blocks


def read_docx(data: bytes, limits: Limits) -> RawPlan:
    """Parse a .docx after the zip safety checks."""
    open_docx_zip(data, limits).close()
    import docx
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_header_blocks(document)) + list(_body_blocks(document))
        props = _properties(document)
    except (ValueError, KeyError, LxmlError, AttributeError, TypeError) as exc:
        raise PlanError(NOT_A_PLAN, code="corrupt", status=422) from exc
    return RawPlan(blocks=blocks, properties=props)


def _body_blocks(document) -> Iterator[RawBlock]:
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[_cell_text(c) for c in _unique_cells(row)] for row in item.rows]
            yield from table_blocks(rows)
        else:
            block = _paragraph_block(item)
            if block:
                yield block


def _paragraph_block(paragraph) -> RawBlock | None:
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.startswith(("Heading", "Title")):
        return RawBlock("heading", text)
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)
    if (bold and is_short_label(text)) or is_caps_heading(text):
        return RawBlock("heading", text.rstrip(":"))
    if "List" in style:
        return RawBlock("list_item", text)
    return RawBlock("paragraph", text)


def _unique_cells(row):
    """Cells of a row, with horizontally merged cells counted once."""
    seen: list = []
    for cell in row.cells:
        if not any(cell._tc is s._tc for s in seen):
            seen.append(cell)
    return seen


def _cell_text(cell) -> str:
    return "\n".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def _header_blocks(document) -> Iterator[RawBlock]:
    seen: set[str] = set()
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            text = " ".join(paragraph.text.split())
            if text and text not in seen:
                seen.add(text)
                yield RawBlock("paragraph", text)


def _properties(document) -> dict[str, str]:
    core = document.core_properties
    props = {"author": core.author or "", "title": core.title or "",
             "last_modified_by": core.last_modified_by or "",
             "created": core.created.date().isoformat() if core.created else "",
             "modified": core.modified.date().isoformat() if core.modified else ""}
    return {k: v for k, v in props.items() if v}
