"""Read .docx plans: paragraphs, headings, tables (action tables and form tables) and headers."""

from __future__ import annotations

import io
from collections.abc import Iterator

from ..errors import PlanError
from ..plan import RawBlock, RawPlan
from . import Limits
from .safety import NOT_A_PLAN, ZIP_ERRORS, open_docx_zip
from .shape import is_caps_heading, is_short_label, table_blocks


def read_docx(data: bytes, limits: Limits) -> RawPlan:
    """Parse a .docx after the zip safety checks."""
    open_docx_zip(data, limits).close()
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_header_blocks(document)) + list(_body_blocks(document))
        props = _properties(document)
    except (KeyError, LxmlError, AttributeError, TypeError, OpcError, *ZIP_ERRORS) as exc:
        raise PlanError(NOT_A_PLAN, code="corrupt", status=422) from exc
    return RawPlan(blocks=blocks, properties=props)


class _Styles:
    """Style look-ups remembered per document: python-docx scans every style for each unstyled paragraph or run."""

    def __init__(self, document) -> None:
        self._part = document.part
        self._names: dict[str | None, str] = {}
        self._bold: dict[str | None, bool] = {}

    def paragraph_name(self, paragraph) -> str:
        from docx.enum.style import WD_STYLE_TYPE

        style_id = paragraph._p.style
        if style_id not in self._names:
            style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            self._names[style_id] = (style.name if style is not None else "") or ""
        return self._names[style_id]

    def run_bold(self, run) -> bool:
        from docx.enum.style import WD_STYLE_TYPE

        style_id = run._r.style
        if style_id not in self._bold:
            style = self._part.get_style(style_id, WD_STYLE_TYPE.CHARACTER)
            self._bold[style_id] = bool(style is not None and style.font.bold)
        return self._bold[style_id]


def _body_blocks(document) -> Iterator[RawBlock]:
    from docx.table import Table

    styles = _Styles(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [[_cell_text(c) for c in _unique_cells(row)] for row in item.rows]
            yield from table_blocks(rows)
        else:
            block = _paragraph_block(item, styles)
            if block:
                yield block


def _paragraph_block(paragraph, styles: _Styles) -> RawBlock | None:
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = styles.paragraph_name(paragraph)
    if style.startswith(("Heading", "Title")):
        return RawBlock("heading", text)
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or styles.run_bold(r) for r in runs)
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
    texts = (p.text for p in cell.paragraphs)
    return "\n".join(" ".join(t.split()) for t in texts if t.strip())


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
