"""Check many plans in parallel: one Auditor per worker process, bytes in, report JSON out.

A plan that cannot be read, takes too long or trips a bug gives a safe error message and the
batch carries on. Nothing of a plan's text goes into an error message.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import PlanError
from .copypaste import sentence_digests
from .inputs import PlanSource

COULD_NOT_CHECK = "This plan could not be checked because of a problem in pathway-audit. Please report it."
TOO_SLOW = "This plan took too long to check. It was skipped."
UNREADABLE = "This file could not be read. It may be damaged."
CACHE_NAME = ".pathway-audit-cache.json"


@dataclass
class PlanResult:
    """The outcome for one plan: a report (JSON dict) or a safe error message."""

    name: str
    sha256: str = ""
    report: dict[str, Any] | None = None
    error: str | None = None
    author: str | None = None
    sentences: list[tuple[str, str]] = field(default_factory=list)
    cacheable: bool = True

    @property
    def ok(self) -> bool:
        return self.report is not None


class _Timeout(Exception):
    pass


def check_one(auditor: Any, name: str, data: bytes, today: date | None, timeout: float = 0) -> PlanResult:
    """Check one plan. Never raises for a bad plan; `timeout` (seconds, 0 = none) needs the main thread."""
    digest = hashlib.sha256(data).hexdigest()
    use_alarm = timeout > 0 and hasattr(signal, "setitimer")
    if use_alarm:
        signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        annotated = auditor.annotate(data, name, today)
        report = auditor.report(annotated)
        return PlanResult(name, digest, report=report.model_dump(mode="json"),
                          author=annotated.plan.metadata.author,
                          sentences=sentence_digests(b.text for b in annotated.plan.blocks))
    except PlanError as exc:
        return PlanResult(name, digest, error=exc.message)
    except _Timeout:
        return PlanResult(name, digest, error=TOO_SLOW, cacheable=False)
    except Exception:  # noqa: BLE001 - one bad plan must never stop the batch; the message stays generic
        return PlanResult(name, digest, error=COULD_NOT_CHECK, cacheable=False)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _raise_timeout(signum: int, frame: object) -> None:
    raise _Timeout


_WORKER: dict[str, Any] = {}


def _init_worker(packs: list[str]) -> None:
    from ..auditor import Auditor
    _WORKER["auditor"] = Auditor(packs)


def _work(name: str, data: bytes, today: date | None, timeout: float) -> PlanResult:
    return check_one(_WORKER["auditor"], name, data, today, timeout)


class Cache:
    """Results of earlier runs, keyed by the file's sha256, kept in the output folder.

    It is only reused when the tool version, rule packs and check date are the same.
    Of a plan's text it keeps only the sentences already shown as copied passages.
    """

    def __init__(self, path: Path, fingerprint: dict[str, Any]) -> None:
        self.path, self.fingerprint = path, fingerprint
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("fingerprint") == fingerprint:
                self.entries = saved["plans"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def get(self, name: str, sha256: str) -> PlanResult | None:
        entry = self.entries.get(sha256)
        if entry is None:
            return None
        report = entry.get("report")
        if report is not None:
            report = {**report, "document": {**report["document"], "source": name}}
        texts = entry.get("texts", {})
        return PlanResult(name, sha256, report=report, error=entry.get("error"), author=entry.get("author"),
                          sentences=[(d, texts.get(d, "")) for d in entry.get("digests", [])])

    def save(self, results: list[PlanResult], shown: set[str]) -> None:
        plans = {r.sha256: {"report": r.report, "error": r.error, "author": r.author,
                            "digests": [d for d, _ in r.sentences],
                            "texts": {d: t for d, t in r.sentences if d in shown and t}}
                 for r in results if r.sha256 and r.cacheable}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "plans": plans}), encoding="utf-8")
        os.replace(tmp, self.path)


def fingerprint(packs: list[str], today: date | None) -> dict[str, Any]:
    """What must match for an earlier result to be reused."""
    return {"version": __version__, "packs": [_pack_digest(p) for p in packs],
            "today": (today or date.today()).isoformat()}


def _pack_digest(pack: str) -> str:
    path = Path(pack)
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"")
    return h.hexdigest()


def _load(source: PlanSource) -> bytes | None:
    try:
        return source.load()
    except (OSError, zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError):
        return None


def run_plans(sources: list[PlanSource], *, packs: list[str], today: date | None, workers: int,
              timeout: float, cache: Cache | None = None,
              on_done: Callable[[PlanResult], None] = lambda r: None) -> list[PlanResult]:
    """Check every source with `workers` processes. Results come back in the order of `sources`.

    Plans are read only as workers become free, so memory does not grow with the size of the caseload.
    """
    results: dict[int, PlanResult] = {}

    def to_check() -> Iterator[tuple[int, str, bytes]]:
        for i, source in enumerate(sources):
            data = _load(source)
            hit = None if data is None or cache is None else cache.get(source.name, hashlib.sha256(data).hexdigest())
            if data is None or hit is not None:
                results[i] = hit or PlanResult(source.name, error=UNREADABLE, cacheable=False)
                on_done(results[i])
            else:
                yield i, source.name, data

    for i, result in _pool_run(to_check(), packs, today, workers, timeout):
        results[i] = result
        on_done(result)
    return [results[i] for i in range(len(sources))]


def _pool_run(todo: Iterator[tuple[int, str, bytes]], packs: list[str], today: date | None, workers: int,
              timeout: float) -> Iterator[tuple[int, PlanResult]]:
    """Run tasks with a bounded number in flight; if a worker dies, its plans fail and a new pool starts."""
    task = next(todo, None)
    while task is not None:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(packs,)) as pool:
            pending: dict[Future, tuple[int, str]] = {}
            broken = False
            while (task is not None and not broken) or pending:
                while task is not None and not broken and len(pending) < workers * 4:
                    i, name, data = task
                    try:
                        pending[pool.submit(_work, name, data, today, timeout)] = (i, name)
                        task = next(todo, None)
                    except BrokenProcessPool:
                        broken = True
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    i, name = pending.pop(future)
                    try:
                        yield i, future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield i, PlanResult(name, error=COULD_NOT_CHECK, cacheable=False)
