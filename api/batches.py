"""Batch checks over HTTP: POST a .zip of plans, then poll for progress and results.

Jobs run one at a time on a background thread with the app's Auditor. Results are kept in
memory only, for a limited number of jobs and a limited time; nothing is written to disk.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from ..batch.caseload import assemble
from ..batch.exports import REVIEW_WORDS
from ..batch.inputs import Inputs, add_zip_members
from ..batch.runner import PlanResult, check_one
from ..batch.summary import PlanRow
from .checks import CheckRunner
from .problems import Problem
from .security import require_client
from .uploads import read_upload

MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_JOBS = 20
JOB_TTL_SECONDS = 3600

router = APIRouter(prefix="/v1", dependencies=[Depends(require_client)], tags=["batches"])


@dataclass
class Job:
    id: str
    total: int
    created: float = field(default_factory=time.monotonic)
    status: str = "queued"
    done: int = 0
    summary: dict[str, Any] | None = None
    results: list[dict[str, Any]] = field(default_factory=list)

    def view(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "progress": {"done": self.done, "total": self.total},
                "summary": self.summary, "results": self.results if self.status == "done" else []}


class JobStore:
    """At most MAX_JOBS jobs in memory; finished jobs expire after JOB_TTL_SECONDS."""

    def __init__(self) -> None:
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pathway-audit-batch")

    def start(self, checks: CheckRunner, found: Inputs, data: bytes) -> Job:
        with self.lock:
            now = time.monotonic()
            for key in [k for k, j in self.jobs.items()
                        if j.status in ("done", "failed") and now - j.created > JOB_TTL_SECONDS]:
                del self.jobs[key]
            if len(self.jobs) >= MAX_JOBS:
                finished = [j for j in self.jobs.values() if j.status in ("done", "failed")]
                if not finished:
                    raise Problem(429, "Too many batches are running. Try again in a few minutes.",
                                  code="too_many_batches", headers={"Retry-After": "60"})
                del self.jobs[min(finished, key=lambda j: j.created).id]
            job = Job(uuid.uuid4().hex, len(found.sources))
            self.jobs[job.id] = job
        self.executor.submit(_run, job, checks, found, data)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)


def _run(job: Job, checks: CheckRunner, found: Inputs, data: bytes) -> None:
    """Check each plan in the zip on the shared checker thread; keep going past bad files.
    `data` keeps the zip's bytes alive."""
    job.status = "running"
    today = date.today()
    results: list[PlanResult] = []
    try:
        for source in found.sources:
            try:
                plan = source.load()
            except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError):
                results.append(PlanResult(source.name, error="This file could not be read. It may be damaged."))
            else:
                results.append(checks.submit(check_one, checks.auditor, source.name, plan, today).result())
            job.done += 1
        caseload = assemble(results, today, None, found.problems)
        job.results = [_result(row) for row in caseload.rows]
        job.summary = caseload.summary
        job.status = "done"
    except Exception:  # noqa: BLE001 - the job reports failure; no plan text is kept or shown
        job.status = "failed"


def _result(row: PlanRow) -> dict[str, Any]:
    m = row.meta
    return {"file": row.name, "checked": row.ok, "problem": row.error, "young_person_id": m.young_person_id,
            "adviser": m.adviser, "team": m.team, "plan_date": m.plan_date and m.plan_date.isoformat(),
            "next_review": m.next_review and m.next_review.isoformat(), "review": REVIEW_WORDS[row.review],
            "score": row.score, "grade": row.grade, "report": row.report}


_STORE_LOCK = threading.Lock()


def _store(request: Request) -> JobStore:
    with _STORE_LOCK:
        store = getattr(request.app.state, "batch_jobs", None)
        if store is None:
            store = request.app.state.batch_jobs = JobStore()
        return store


@router.post("/batches", status_code=202, summary="Start checking a .zip of plans",
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                 "required": ["file"]}}}}})
async def start_batch(request: Request) -> JSONResponse:
    """Send a .zip of plans in a multipart field called 'file'. Returns the job id to poll."""
    auditor = request.app.state.auditor
    if auditor is None:
        raise Problem(503, "The checker is still starting.", code="not_ready")
    upload = await read_upload(request, MAX_ZIP_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Problem(415, "Send the plans as one .zip file.", code="not_a_zip") from None
    if "word/document.xml" in archive.namelist():
        raise Problem(415, "This is a Word file, not a .zip of plans. To check one plan use POST /v1/checks.",
                      code="not_a_zip")
    found = Inputs()
    add_zip_members(found, archive, upload.filename, auditor.limits)
    if not found.sources:
        raise Problem(422, "No plans found in the zip. Put .docx, .pdf, .txt, .md or .json plans in it.",
                      code="no_plans")
    job = _store(request).start(request.app.state.checks, found, upload.data)
    return JSONResponse(job.view(), status_code=202, headers={"Location": f"/v1/batches/{job.id}"})


@router.get("/batches/{job_id}", summary="Progress and results of a batch")
def get_batch(job_id: str, request: Request) -> dict[str, Any]:
    """Status (queued, running, done, failed), progress, and when done the summary and each plan's result."""
    job = _store(request).get(job_id)
    if job is None:
        raise Problem(404, "No batch with this id. Batches are kept for an hour after they finish.",
                      code="no_such_batch")
    return job.view()
