"""Read a plan's bytes into blocks. The format is found from the bytes, not the file name."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import PlanError
from ..plan import RawPlan

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile or huge files from using unbounded time or memory."""

    max_bytes: int = 20 * 1024 * 1024
    max_words: int = 150_000
    max_zip_members: int = 2_000
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_zip_ratio: int = 100
    max_pdf_pages: int = 500
    max_block_chars: int = 100_000


def sniff(data: bytes, filename: str = "") -> str:
    """Name the format of `data`: docx, pdf, json or text. Raise PlanError for what we cannot read."""
    if not data.strip():
        raise PlanError("The file is empty.", code="empty")
    if data.startswith(OLE_MAGIC):
        raise PlanError(
            "This looks like a password-protected Word file or an old .doc file. "
            "Remove the password, or save it as .docx, and try again.",
            code="encrypted_or_legacy", status=415)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "docx"
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanError("This file is not a plan we can read. Use .docx, .pdf, .txt, .md or .json.",
                        code="unsupported_type", status=415)
    if data.lstrip()[:1] in (b"{", b"[") or filename.lower().endswith(".json"):
        return "json"
    return "text"


def read_plan(data: bytes, filename: str = "", limits: Limits | None = None) -> RawPlan:
    """Turn a file's bytes into a RawPlan, or raise PlanError with a plain message."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise PlanError(f"The file is too big. The limit is {limits.max_bytes // (1024 * 1024)} MB.",
                        code="too_large", status=413)
    kind = sniff(data, filename)
    if kind == "docx":
        from .docx import read_docx
        raw = read_docx(data, limits)
    elif kind == "pdf":
        from .pdf import read_pdf
        raw = read_pdf(data, limits)
    elif kind == "json":
        from .json_plan import read_json
        try:
            raw = read_json(json.loads(decode_text(data)))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise PlanError("The JSON plan is not valid JSON.", code="bad_json", status=422) from exc
    else:
        from .text import read_text
        raw = read_text(decode_text(data))
    words = sum(len(b.text.split()) for b in raw.blocks)
    if words == 0:
        raise PlanError("The file has no text in it. If it is a scanned PDF, ask for a text version.",
                        code="no_text", status=422)
    if words > limits.max_words:
        raise PlanError(f"The plan is too long to check ({words:,} words; the limit is {limits.max_words:,}).",
                        code="too_long", status=413)
    if any(len(b.text) > limits.max_block_chars for b in raw.blocks):
        raise PlanError(f"One paragraph is too long to check (the limit is {limits.max_block_chars:,} characters).",
                        code="too_long", status=413)
    return raw


def decode_text(data: bytes) -> str:
    """Decode text as UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
