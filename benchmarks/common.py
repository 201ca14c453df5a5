"""Helpers shared by the benchmarks: paths, statistics and peak memory readings."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TODAY = date(2026, 11, 24)


def use_source_tree() -> None:
    """Import pathway_audit and fixtures from this checkout, not from an installed copy."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def source_env() -> dict[str, str]:
    """Environment for subprocesses so that they also run this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """Median, p95, min and max of timings, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {"runs": len(ms), "median_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 95), 2),
            "min_ms": round(min(ms), 2), "max_ms": round(max(ms), 2)}


def own_peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants, read from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return found


def status_kb(pid: int, field: str) -> int:
    """A field such as VmHWM or VmRSS from /proc/PID/status, in KB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def console_command(*args: str) -> list[str]:
    """`pathway-audit ARGS` using this venv's console script (falling back to `python -m`)."""
    script = Path(sys.executable).with_name("pathway-audit")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "pathway_audit.cli", *args]


class TreeMonitor:
    """Samples the RSS of a process and its descendants in a background thread; keeps each one's peak.

    Current RSS (VmRSS) is sampled rather than VmHWM, because Linux copies the high-water mark into a
    forked child, so a worker's VmHWM can show its parent's peak rather than its own.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        import threading

        self.pid = pid
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        for pid in process_tree(self.pid):
            self.peaks[pid] = max(self.peaks.get(pid, 0), status_kb(pid, "VmRSS"))

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def result(self) -> dict[str, float]:
        """Sampled peak RSS of the parent, of the largest child and of all of them together, in MB."""
        children = [kb for pid, kb in self.peaks.items() if pid != self.pid]
        return {"parent_mb": round(self.peaks.get(self.pid, 0) / 1024, 1),
                "max_child_mb": round(max(children, default=0) / 1024, 1),
                "children": len(children), "sum_mb": round(sum(self.peaks.values()) / 1024, 1)}


def run_as_script(run: Callable[[bool], dict], description: str | None) -> None:
    """The command line of a single benchmark: `--quick`, then the results as JSON on stdout."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=2))
