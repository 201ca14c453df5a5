"""Checks made on a .docx zip's index before any XML is parsed."""

from __future__ import annotations

import io
import zipfile

from ..errors import PlanError
from . import Limits

NOT_A_PLAN = "This file is not a Word plan we can read. It may be damaged."


def open_docx_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open the zip and refuse bombs, encrypted members and XML with DTDs."""
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
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise PlanError("This Word file expands to far more than its size. It was not opened.",
                            code="zip_bomb", status=422)
    if total > limits.max_unzipped_bytes:
        raise PlanError("This Word file expands to far more than its size. It was not opened.",
                        code="zip_bomb", status=422)
    names = {info.filename for info in members}
    if "word/document.xml" not in names:
        raise PlanError("This zip file is not a Word document.", code="unsupported_type", status=415)
    for info in members:
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise PlanError("This Word file contains unsafe XML. It was not opened.",
                                code="hostile_xml", status=422)
    return archive
