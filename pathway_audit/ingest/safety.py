"""Checks made before a parser sees the bytes: a .docx zip's index and XML parts, a PDF's compressed streams."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ..errors import PlanError
from . import Limits

NOT_A_PLAN = "This file is not a Word plan we can read. It may be damaged."
_BOMB = "This Word file expands to far more than its size. It was not opened."
_UNSAFE_XML = "This Word file contains unsafe XML. It was not opened."
_WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_PDF_STREAM = re.compile(rb">>\s*stream\r?\n")
_CHUNK = 64 * 1024
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)
"""What reading a damaged zip member can raise."""


def open_docx_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the zip and refuse bombs, encrypted members, odd compression and XML with DTDs."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PlanError(NOT_A_PLAN, code="corrupt", status=422) from exc
    if len(members) > limits.max_zip_members:
        raise PlanError("This Word file has too many parts to be a plan.", code="zip_bomb", status=422)
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise PlanError("This Word file is password-protected. Remove the password and try again.",
                            code="encrypted", status=415)
        if info.compress_type not in _WORD_COMPRESSION:
            raise PlanError(NOT_A_PLAN, code="corrupt", status=422)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise PlanError(_BOMB, code="zip_bomb", status=422)
    if total > limits.max_unzipped_bytes:
        raise PlanError(_BOMB, code="zip_bomb", status=422)
    names = {info.filename for info in members}
    if "word/document.xml" not in names:
        raise PlanError("This zip file is not a Word document.", code="unsupported_type", status=415)
    try:
        for info in members:
            if info.filename.endswith((".xml", ".rels")):
                _check_xml_part(archive, info)
    except ZIP_ERRORS as exc:
        raise PlanError(NOT_A_PLAN, code="corrupt", status=422) from exc
    return archive


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse an XML part that is not UTF-8 or that has a DTD anywhere in it (read in chunks)."""
    with archive.open(info) as part:
        head = part.read(_CHUNK)
        declared = _XML_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
        if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
                declared and declared.group(1).lower() not in (b"utf-8", b"utf8")):
            raise PlanError(_UNSAFE_XML, code="hostile_xml", status=422)
        window = head
        while window:
            if any(marker in window for marker in _DTD_MARKERS):
                raise PlanError(_UNSAFE_XML, code="hostile_xml", status=422)
            chunk = part.read(_CHUNK)
            window = window[-16:] + chunk if chunk else b""


def check_pdf_streams(data: bytes, limits: Limits) -> None:
    """Inflate each zlib-compressed PDF stream, throwing the output away, and refuse bombs.

    pdfium inflates a page's content in memory before it can read the text, so a small
    file could otherwise take gigabytes. Image streams count towards the total only.
    """
    total = 0
    for match in _PDF_STREAM.finditer(data):
        size, used = _inflated_size(data, match.end(), limits.max_unzipped_bytes - total)
        total += size
        dictionary = data[max(0, match.start() - 1024):match.start()]
        is_image = b"/Image" in dictionary[dictionary.rfind(b" obj"):]
        if total > limits.max_unzipped_bytes or (
                not is_image and size > 1_000_000 and size / max(used, 1) > limits.max_zip_ratio):
            raise PlanError("This PDF expands to far more than its size. It was not opened.",
                            code="pdf_bomb", status=422)


def _inflated_size(data: bytes, start: int, cap: int) -> tuple[int, int]:
    """Bytes out and bytes in for a zlib stream at `start`, stopping once more than `cap` comes out."""
    inflater = zlib.decompressobj()
    view = memoryview(data)[start:]
    out = fed = 0
    try:
        while not inflater.eof and out <= cap:
            if inflater.unconsumed_tail:
                chunk = inflater.unconsumed_tail
            elif fed < len(view):
                chunk = view[fed:fed + _CHUNK]
                fed += len(chunk)
            else:
                break
            out += len(inflater.decompress(chunk, 1024 * 1024))
    except zlib.error:
        pass
    return out, fed - len(inflater.unused_data) - len(inflater.unconsumed_tail)
