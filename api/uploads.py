"""Read a plan from a request body, in memory only, and never more than the size limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import PurePath

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from .problems import Problem

MULTIPART_OVERHEAD = 64 * 1024
TEXT_TYPES = ("text/plain", "text/markdown")


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


def describe_size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def too_big(max_bytes: int) -> Problem:
    return Problem(413, f"The file is too big. The limit is {describe_size(max_bytes)}.", code="too_large")


async def read_upload(request: Request, max_bytes: int) -> Upload:
    """The plan from a multipart 'file' field, a JSON plan body, or a plain-text body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        return await _read_multipart(request, max_bytes)
    if media_type == "application/json" or media_type.endswith("+json"):
        return Upload(await _read_body(request, max_bytes), "plan.json")
    if media_type in TEXT_TYPES:
        return Upload(await _read_body(request, max_bytes), "plan.md" if media_type == "text/markdown" else "plan.txt")
    raise Problem(415, "Send the plan as a file upload (multipart/form-data), a JSON plan or plain text.",
                  code="unsupported_media_type")


async def _capped(request: Request, limit: int, max_bytes: int) -> AsyncIterator[bytes]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big(max_bytes)
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise too_big(max_bytes)
        yield chunk


async def _read_body(request: Request, max_bytes: int) -> bytes:
    return b"".join([chunk async for chunk in _capped(request, max_bytes, max_bytes)])


async def _read_multipart(request: Request, max_bytes: int) -> Upload:
    parser = MultiPartParser(request.headers, _capped(request, max_bytes + MULTIPART_OVERHEAD, max_bytes),
                             max_files=1, max_fields=4, max_part_size=16 * 1024)
    parser.spool_max_size = max_bytes + MULTIPART_OVERHEAD + 1  # keeps the upload in memory, never on disk
    try:
        form = await parser.parse()
    except MultiPartException:
        raise Problem(400, "The upload could not be read. Send one file in a field called 'file'.",
                      code="bad_upload") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Problem(400, "No file was sent. Send the plan in a field called 'file'.", code="no_file")
        data = await upload.read()
        if len(data) > max_bytes:
            raise too_big(max_bytes)
        return Upload(data, _safe_name(upload.filename))
    finally:
        await form.close()


def _safe_name(name: str | None) -> str:
    """The file's own name without any folder, as the report shows it."""
    base = PurePath((name or "").replace("\\", "/")).name.strip()
    return base[-200:] or "plan"
