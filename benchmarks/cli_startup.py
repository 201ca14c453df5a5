"""Wall time of the command line as a user runs it: `pathway-audit --version` and `pathway-audit check small.docx`.

Each run is a fresh subprocess (this checkout on PYTHONPATH); peak RSS comes from wait4.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import TODAY, console_command, run_as_script, source_env, summary_ms
from benchmarks.plans import sized


def timed(cmd: list[str]) -> tuple[float, int, float]:
    """(seconds, exit code, peak RSS in MB) of one subprocess run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=source_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, proc.returncode, usage.ru_maxrss / 1024


def measure(cmd: list[str], runs: int) -> dict:
    timed(cmd)  # warm the file cache
    results = [timed(cmd) for _ in range(runs)]
    return {**summary_ms([r[0] for r in results]), "exit_codes": sorted({r[1] for r in results}),
            "peak_rss_mb": round(max(r[2] for r in results), 1)}


def run(quick: bool = False) -> dict:
    """`--version` (start-up only) and `check small.docx --format json` (start to finish)."""
    runs = 3 if quick else 10
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as tmp:
        plan = Path(tmp, "small.docx")
        plan.write_bytes(sized("small"))
        check = console_command("check", str(plan), "--format", "json", "--today", TODAY.isoformat())
        return {"command": " ".join(Path(check[0]).name if i == 0 else a for i, a in enumerate(check[:2])),
                "version": measure(console_command("--version"), runs), "check_small": measure(check, runs)}


if __name__ == "__main__":
    run_as_script(run, __doc__)
