"""POST /v1/checks and POST /v1/annotations: check a plan, return the report or the commented .docx."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Literal, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..auditor import Auditor
from ..ingest import sniff
from ..render.annotate_docx import annotate_docx
from ..render.html import to_html
from ..report import Report
from .problems import Problem
from .security import require_client
from .uploads import read_upload

T = TypeVar("T")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_STORE = {"Cache-Control": "no-store"}


class CheckRunner:
    """Runs checks one at a time on a worker thread, giving up after `timeout` seconds.

    One worker because the spaCy pipeline is not documented as safe to share between threads;
    a check that times out still finishes in the background, and checks queued behind it are dropped.
    """

    def __init__(self, auditor: Auditor, timeout: float) -> None:
        self.auditor = auditor
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pathway-audit-check")

    def submit(self, fn: Callable[..., T], *args) -> Future[T]:
        """Queue work on the checker thread (batch jobs use this so checks never run side by side)."""
        return self._executor.submit(fn, *args)

    async def run(self, fn: Callable[..., T], *args) -> T:
        future = asyncio.wrap_future(self.submit(fn, *args))
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            raise Problem(503, "The check took too long. Try again in a minute, or send a shorter plan.",
                          code="timeout", headers={"Retry-After": "60"}) from None

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


UPLOAD = {"multipart/form-data": {"schema": {
    "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]}}}
PLAN_BODY = {"required": True, "content": {
    **UPLOAD, "application/json": {"schema": {"$ref": "#/components/schemas/JsonPlan"}},
    "text/plain": {"schema": {"type": "string"}}}}


PROBLEMS = {status: {"description": text, "content": {"application/problem+json": {}}} for status, text in (
    (400, "The upload could not be read"), (401, "No API key, or a wrong one"),
    (413, "The plan is too big or too long"), (415, "Not a kind of file we can read"),
    (422, "The plan or the request is not valid"),
    (503, "The check took too long"))}

router = APIRouter(prefix="/v1", dependencies=[Depends(require_client)], tags=["checks"])


@router.post("/checks", response_model=Report, openapi_extra={"requestBody": PLAN_BODY},
             responses={200: {"content": {"text/html": {}}}, **PROBLEMS},
             summary="Check one plan (.docx, .pdf, .txt, .md or a JSON plan)")
async def create_check(request: Request, format: Literal["json", "html"] = "json",
                       today: date | None = Query(None, description="Check dates as if it were this day")) -> Response:
    """Return the report as JSON, or as an HTML fragment with `format=html`. Nothing of the plan is kept."""
    runner: CheckRunner = request.app.state.checks
    upload = await read_upload(request, request.app.state.settings.max_upload_bytes)
    report = await runner.run(runner.auditor.check_bytes, upload.data, upload.filename, today)
    if format == "html":
        return HTMLResponse(to_html(report, fragment=True), headers=NO_STORE)
    return Response(report.model_dump_json(), media_type="application/json", headers=NO_STORE)


@router.post("/annotations", openapi_extra={"requestBody": {"required": True, "content": UPLOAD}},
             responses={200: {"content": {DOCX_TYPE: {}}, "description": "The plan with Word comments"}, **PROBLEMS},
             response_class=Response, summary="Return a .docx plan with a Word comment on each finding")
async def create_annotation(request: Request, today: date | None = Query(None)) -> Response:
    runner: CheckRunner = request.app.state.checks
    upload = await read_upload(request, request.app.state.settings.max_upload_bytes)
    if sniff(upload.data, upload.filename) != "docx":
        raise Problem(415, "Only Word (.docx) plans can be sent back with comments.", code="not_docx")
    reviewed = await runner.run(_annotated, runner.auditor, upload.data, upload.filename, today)
    name = upload.filename.rsplit(".", 1)[0] + ".reviewed.docx"
    return Response(reviewed, media_type=DOCX_TYPE,
                    headers={**NO_STORE, "Content-Disposition": _attachment(name)})


def _annotated(auditor: Auditor, data: bytes, filename: str, today: date | None) -> bytes:
    return annotate_docx(data, auditor.check_bytes(data, filename, today))


def _attachment(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"

