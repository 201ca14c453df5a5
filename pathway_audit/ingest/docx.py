"""Read .docx plans straight from their XML: paragraphs, headings, tables, content controls, headers.

Only the parts a plan needs are parsed (document, styles, headers, core properties), with a parser
that never resolves entities or fetches anything. This is several times faster than python-docx,
which builds every part of the package.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ..errors import PlanError
from ..plan import RawBlock, RawPlan
from . import Limits
from .safety import NOT_A_PLAN, ZIP_ERRORS, open_docx_zip
from .shape import BULLET, is_caps_heading, is_short_label, table_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CORE = {"author": "{http://purl.org/dc/elements/1.1/}creator", "title": "{http://purl.org/dc/elements/1.1/}title",
         "last_modified_by": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
         "created": "{http://purl.org/dc/terms/}created", "modified": "{http://purl.org/dc/terms/}modified"}
_OFF = {"0", "false", "off", "none"}
_CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{W}ins"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                          remove_pis=True, load_dtd=False)


def read_docx(data: bytes, limits: Limits) -> RawPlan:
    """Parse a .docx after the zip safety checks."""
    with open_docx_zip(data, limits) as archive:
        try:
            document = _xml(archive, "word/document.xml")
            styles = _styles(archive)
            body = document.find(f"{W}body")
            if body is None:
                raise PlanError(NOT_A_PLAN, code="corrupt", status=422)
            blocks = list(_header_blocks(archive, styles)) + list(_blocks(body, styles))
            props = _properties(_xml(archive, "docProps/core.xml", required=False))
        except (etree.LxmlError, *ZIP_ERRORS) as exc:
            raise PlanError(NOT_A_PLAN, code="corrupt", status=422) from exc
    return RawPlan(blocks=blocks, properties=props)


def _xml(archive: zipfile.ZipFile, name: str, required: bool = True) -> etree._Element | None:
    try:
        raw = archive.read(name)
    except KeyError:
        if required:
            raise PlanError("This zip file is not a Word document.", code="unsupported_type", status=415) from None
        return None
    return etree.fromstring(raw, _PARSER)


_STYLE_CACHE: dict[tuple[int, int], _Styles] = {}
_STYLE_CACHE_SIZE = 64


def _styles(archive: zipfile.ZipFile) -> _Styles:
    """The document's styles. Plans from one council template share a styles part, so parsed styles
    are kept by the part's CRC and size (from the zip index) and reused."""
    try:
        info = archive.getinfo("word/styles.xml")
    except KeyError:
        return _Styles(None)
    key = (info.CRC, info.file_size)
    if key not in _STYLE_CACHE:
        if len(_STYLE_CACHE) >= _STYLE_CACHE_SIZE:
            _STYLE_CACHE.pop(next(iter(_STYLE_CACHE)))
        _STYLE_CACHE[key] = _Styles(_xml(archive, "word/styles.xml"))
    return _STYLE_CACHE[key]


@dataclass(frozen=True)
class _Style:
    name: str
    bold: bool


class _Styles:
    """Paragraph and character styles by id: their names and whether they make text bold."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self.default = ""
        for style in ([] if root is None else root.iterfind(f"{W}style")):
            style_id = style.get(f"{W}styleId", "")
            self._raw[style_id] = style
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default = style_id
        self._cache: dict[str, _Style] = {}

    def get(self, style_id: str | None) -> _Style:
        style_id = style_id or self.default
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id, depth=0)
        return self._cache[style_id]

    def _resolve(self, style_id: str, depth: int) -> _Style:
        style = self._raw.get(style_id)
        if style is None or depth > 8:
            return _Style(style_id, False)
        name = style.find(f"{W}name")
        bold = _bold(style.find(f"{W}rPr"))
        based = style.find(f"{W}basedOn")
        if bold is None and based is not None:
            bold = self._resolve(based.get(f"{W}val", ""), depth + 1).bold
        return _Style(name.get(f"{W}val", style_id) if name is not None else style_id, bool(bold))


def _bold(rpr: etree._Element | None) -> bool | None:
    """True or False when the properties set bold, None when they leave it to the style."""
    b = None if rpr is None else rpr.find(f"{W}b")
    return None if b is None else b.get(f"{W}val", "true").lower() not in _OFF


def _blocks(container: etree._Element, styles: _Styles) -> Iterator[RawBlock]:
    """Paragraphs and tables in reading order, looking inside content controls and similar wrappers."""
    for child in container:
        if child.tag == f"{W}p":
            block = _paragraph_block(child, styles)
            if block:
                yield block
        elif child.tag == f"{W}tbl":
            yield from table_blocks([[_cell_text(tc, styles) for tc in _cells(tr)] for tr in child.iterfind(f"{W}tr")])
        elif child.tag in _CONTAINERS:
            yield from _blocks(child, styles)


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph, including those inside hyperlinks, insertions and fields."""
    for child in p:
        if child.tag == f"{W}r":
            yield child
        elif child.tag != f"{W}pPr" and child.tag != f"{W}del":
            yield from _runs(child)


def _run_text(r: etree._Element) -> str:
    parts = []
    for child in r:
        if child.tag == f"{W}t":
            parts.append(child.text or "")
        elif child.tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(" ")
        elif child.tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph_text(p: etree._Element) -> str:
    return " ".join("".join(_run_text(r) for r in _runs(p)).split())


def _paragraph_block(p: etree._Element, styles: _Styles) -> RawBlock | None:
    runs = [(r, _run_text(r)) for r in _runs(p)]
    text = " ".join("".join(t for _, t in runs).split())
    if not text:
        return None
    ppr, style = _paragraph_style(p, styles)
    if style.name.lower().startswith(("heading", "title")):
        return RawBlock("heading", text)
    bold = all(_run_bold(r, style, styles) for r, t in runs if t.strip())
    if (bold and is_short_label(text.removesuffix("?"))) or is_caps_heading(text):  # "What if things change?"
        return RawBlock("heading", text.rstrip(":"))
    return RawBlock("list_item" if _is_list(ppr, style) else "paragraph", text)


def _paragraph_style(p: etree._Element, styles: _Styles) -> tuple[etree._Element | None, _Style]:
    """The paragraph's properties and its resolved style."""
    ppr = p.find(f"{W}pPr")
    style_el = None if ppr is None else ppr.find(f"{W}pStyle")
    return ppr, styles.get(None if style_el is None else style_el.get(f"{W}val"))


def _is_list(ppr: etree._Element | None, style: _Style) -> bool:
    """A numbered or bulleted paragraph, or one in a list style."""
    return (ppr is not None and ppr.find(f"{W}numPr") is not None) or "list" in style.name.lower()


def _run_bold(r: etree._Element, paragraph_style: _Style, styles: _Styles) -> bool:
    rpr = r.find(f"{W}rPr")
    direct = _bold(rpr)
    if direct is not None:
        return direct
    rstyle = None if rpr is None else rpr.find(f"{W}rStyle")
    if rstyle is not None and styles.get(rstyle.get(f"{W}val")).bold:
        return True
    return paragraph_style.bold


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    """A row's cells once each (a merged cell is one w:tc), including cells inside content controls."""
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag in _CONTAINERS:
            yield from _cells(child)


def _cell_text(tc: etree._Element, styles: _Styles) -> str:
    """A cell's paragraphs, one per line; list paragraphs are marked so a form keeps its bullet lists."""
    lines = []
    for p in tc.iter(f"{W}p"):
        if text := _paragraph_text(p):
            lines.append(BULLET + text if _is_list(*_paragraph_style(p, styles)) else text)
    return "\n".join(lines)


def _header_blocks(archive: zipfile.ZipFile, styles: _Styles) -> Iterator[RawBlock]:
    seen: set[str] = set()
    for name in sorted(n for n in archive.namelist() if n.startswith("word/header") and n.endswith(".xml")):
        root = _xml(archive, name)
        for p in root.iter(f"{W}p"):
            text = _paragraph_text(p)
            if text and text not in seen:
                seen.add(text)
                yield RawBlock("paragraph", text)


def _properties(core: etree._Element | None) -> dict[str, str]:
    if core is None:
        return {}
    props = {}
    for key, tag in _CORE.items():
        el = core.find(tag)
        value = (el.text or "").strip() if el is not None else ""
        if value:
            props[key] = value[:10] if key in ("created", "modified") else value
    return props
