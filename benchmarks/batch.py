"""Batch throughput: a caseload of plans checked with 2 workers.

1. `pathway-audit batch DIR --out OUT --workers 2` end to end (checking plus the dashboard, spreadsheet
   and per-plan reports), when `pathway_audit.batch` exists;
2. a plain ProcessPoolExecutor of Auditors (checking only), as the floor that batch can be compared with.

The caseload cycles through the fixture plans, each in its own .docx style, and every file has different
bytes (zip timestamps), so nothing can be skipped as a duplicate. Peak RSS is sampled from /proc.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import TODAY, TreeMonitor, console_command, run_as_script, source_env, status_kb, use_source_tree
from benchmarks.plans import corpus, restamp

use_source_tree()

WORKERS = 2


def caseload(count: int) -> list[tuple[str, bytes]]:
    """`count` plans cycling through the fixture corpus, each with unique bytes."""
    plans = corpus()
    return [(f"plan-{i:04d}-{plans[i % len(plans)][0]}.docx",
             restamp(plans[i % len(plans)][1], (2026, 1 + i // 1440 % 12, 1, i // 60 % 24, i % 60, 0)))
            for i in range(count)]


def cli_batch(folder: Path, out: Path) -> dict:
    """Time `pathway-audit batch` over `folder` with 2 workers; sample its memory."""
    cmd = console_command("batch", str(folder), "--out", str(out), "--workers", str(WORKERS), "--no-progress",
                          "--today", TODAY.isoformat())
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=source_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeMonitor(proc.pid) as monitor:
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    plans = len(list(folder.glob("*.docx")))
    reports = out / "summary.json"
    summary = json.loads(reports.read_text(encoding="utf-8")) if reports.exists() else {}
    return {"exit_code": proc.returncode, "plans": plans, "seconds": round(seconds, 2),
            "plans_per_second": round(plans / seconds, 1), "peak_rss": monitor.result(),
            "checked": summary.get("checked", summary.get("summary", {}).get("checked")),
            "stderr_tail": stderr.decode("utf-8", "replace").strip().splitlines()[-3:] if proc.returncode else []}


_AUDITOR = None


def _init() -> None:
    global _AUDITOR
    from pathway_audit.auditor import Auditor

    _AUDITOR = Auditor()


def _check(item: tuple[str, bytes]) -> tuple[int, float, int]:
    """Check one plan in a worker; return its pid, its RSS after the check (MB) and the plan's words."""
    report = _AUDITOR.check_bytes(item[1], item[0], TODAY)
    return os.getpid(), status_kb(os.getpid(), "VmRSS") / 1024, report.document.words


def pool_batch(plans: list[tuple[str, bytes]]) -> dict:
    """Check every plan with a ProcessPoolExecutor of 2 Auditors (start-up included).

    Workers are spawned, not forked, and report their RSS after each check: the high-water marks that
    getrusage and VmHWM give carry over from the parent across fork (and exec), and would hide their own.
    """
    start = time.perf_counter()
    peaks: dict[int, float] = {}
    words = 0
    with ProcessPoolExecutor(max_workers=WORKERS, initializer=_init, mp_context=get_context("spawn")) as pool:
        for pid, peak, plan_words in pool.map(_check, plans, chunksize=4):
            peaks[pid] = max(peaks.get(pid, 0.0), peak)
            words += plan_words
    seconds = time.perf_counter() - start
    return {"plans": len(plans), "mean_words": round(words / len(plans)), "seconds": round(seconds, 2),
            "plans_per_second": round(len(plans) / seconds, 1),
            "peak_rss_per_worker_mb": sorted(round(v, 1) for v in peaks.values())}


def run(quick: bool = False) -> dict:
    """Batch throughput over 1,000 plans (100 with --quick)."""
    count = 100 if quick else 1_000
    plans = caseload(count)
    result: dict = {"plans": count, "workers": WORKERS, "cores": os.cpu_count()}
    result["pool"] = pool_batch(plans)
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as tmp:
        folder, out = Path(tmp, "plans"), Path(tmp, "out")
        folder.mkdir()
        for name, data in plans:
            (folder / name).write_bytes(data)
        result["cli"] = cli_batch(folder, out)
    return result


if __name__ == "__main__":
    run_as_script(run, __doc__)
