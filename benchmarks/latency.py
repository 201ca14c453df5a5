"""In-process latency of one plan with a warm Auditor: whole check, and time per stage.

Stages use the Auditor's public pieces: ingest (`read_plan`), sectionize (`auditor.sectionizer.build`),
annotate (`auditor.annotator.annotate`) and evaluate+score (`auditor.report`).
`--profile` prints a cProfile of the typical plan instead.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import TODAY, own_peak_rss_mb, summary_ms, use_source_tree
from benchmarks.plans import SIZES, sized

use_source_tree()

STAGES = ("ingest", "sectionize", "annotate", "evaluate_score")


def build_auditor():
    """A warm Auditor and the seconds it took to build."""
    from pathway_audit.auditor import Auditor

    start = time.perf_counter()
    auditor = Auditor()
    return auditor, time.perf_counter() - start


def staged_check(auditor, data: bytes, name: str) -> tuple[dict[str, float], object]:
    """Run one check stage by stage; return seconds per stage and the report."""
    from pathway_audit.ingest import read_plan

    marks = [time.perf_counter()]
    raw = read_plan(data, name, auditor.limits)
    marks.append(time.perf_counter())
    plan = auditor.sectionizer.build(raw, source=name, sha256=hashlib.sha256(data).hexdigest())
    marks.append(time.perf_counter())
    annotated = auditor.annotator.annotate(plan, TODAY)
    marks.append(time.perf_counter())
    report = auditor.report(annotated)
    marks.append(time.perf_counter())
    return {stage: marks[i + 1] - marks[i] for i, stage in enumerate(STAGES)}, report


def measure(auditor, data: bytes, name: str, runs: int, warmup: int = 2) -> dict:
    """Median/p95 of whole checks and of each stage over `runs` runs."""
    for _ in range(warmup):
        auditor.check_bytes(data, name, TODAY)
    totals, stages = [], {s: [] for s in STAGES}
    words = 0
    for _ in range(runs):
        start = time.perf_counter()
        report = auditor.check_bytes(data, name, TODAY)
        totals.append(time.perf_counter() - start)
        words = report.document.words
    for _ in range(runs):
        timings, _ = staged_check(auditor, data, name)
        for stage, seconds in timings.items():
            stages[stage].append(seconds)
    return {"words": words, "bytes": len(data), **summary_ms(totals),
            "stages_median_ms": {s: summary_ms(v)["median_ms"] for s, v in stages.items()}}


def run(quick: bool = False) -> dict:
    """Latency for the small, typical and large plans."""
    auditor, build_seconds = build_auditor()
    runs = {"small": 10, "typical": 10, "large": 3} if quick else {"small": 50, "typical": 30, "large": 10}
    sizes = {name: measure(auditor, sized(name), f"{name}.docx", runs[name]) for name in SIZES}
    return {"auditor_build_ms": round(build_seconds * 1000, 1), "sizes": sizes, "peak_rss_mb": own_peak_rss_mb()}


def profile(name: str = "typical", runs: int = 20, top: int = 25) -> str:
    """cProfile of `runs` warm checks of one plan, sorted by own time."""
    auditor, _ = build_auditor()
    data = sized(name)
    auditor.check_bytes(data, f"{name}.docx", TODAY)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        auditor.check_bytes(data, f"{name}.docx", TODAY)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profile", choices=sorted(SIZES), help="print a cProfile of this plan size")
    args = parser.parse_args()
    if args.profile:
        print(profile(args.profile))
        return
    import json
    print(json.dumps(run(args.quick), indent=2))


if __name__ == "__main__":
    main()
