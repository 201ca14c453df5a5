"""Run every benchmark, write benchmarks/results/latest.json and print a summary against the targets.

    python benchmarks/run.py            # the full run (about 5 minutes on 2 cores)
    python benchmarks/run.py --quick    # a CI-sized run (about 1 minute)
    python benchmarks/run.py --only latency scaling
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import batch, cli_startup, latency, load, scaling
from benchmarks.common import RESULTS

SUITES = {"latency": latency.run, "scaling": scaling.run, "cli": cli_startup.run, "batch": batch.run,
          "load": load.run}


def targets(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, target, met?) rows for the parts that ran."""
    rows: list[tuple[str, str, str, bool | None]] = []
    if lat := results.get("latency"):
        for name, m in lat["sizes"].items():
            target = 100 if name == "typical" else None
            rows.append((f"{name} plan ({m['words']:,} words), median / p95",
                         f"{m['median_ms']:.0f} / {m['p95_ms']:.0f} ms", "<= 100 ms" if target else "",
                         m["median_ms"] <= target if target else None))
        rows.append(("in-process peak RSS", f"{lat['peak_rss_mb']:.0f} MB", "<= 400 MB", lat["peak_rss_mb"] <= 400))
    if sc := results.get("scaling"):
        rows.append(("cost per 1,000 words (linear fit)", f"{sc['ms_per_1000_words']:.1f} ms, R² {sc['r2']:.4f}",
                     "R² >= 0.98", sc["r2"] >= 0.98))
        rows.append(("log-log exponent (1 = linear)", f"{sc['loglog_exponent']:.2f}", "<= 1.1",
                     sc["loglog_exponent"] <= 1.1))
    if cli := results.get("cli"):
        rows.append(("CLI --version, median", f"{cli['version']['median_ms']:.0f} ms", "", None))
        check = cli["check_small"]
        rows.append(("CLI check small.docx, median / max", f"{check['median_ms']:.0f} / {check['max_ms']:.0f} ms",
                     "<= 2000 ms", check["max_ms"] <= 2000))
    if bat := results.get("batch"):
        main = bat.get("cli") or bat["pool"]
        label = "pathway-audit batch" if bat.get("cli") else "process pool (batch missing)"
        rows.append((f"{label}, {bat['plans']} plans, 2 workers", f"{main['plans_per_second']:.1f} plans/s",
                     ">= 40 plans/s", main["plans_per_second"] >= 40))
        if bat.get("cli"):
            rows.append(("process pool of Auditors (checking only)", f"{bat['pool']['plans_per_second']:.1f} plans/s",
                         "", None))
            worker_mb = bat["cli"]["peak_rss"]["max_child_mb"]
        else:
            worker_mb = max(bat["pool"]["peak_rss_per_worker_mb"])
        rows.append(("batch peak RSS per worker", f"{worker_mb:.0f} MB", "<= 400 MB", worker_mb <= 400))
    if ld := results.get("load"):
        for server in ld["servers"]:
            for r in server["runs"]:
                target = {20: 300}.get(r["clients"])
                rows.append((f"API {server['workers']} worker(s), {r['clients']} clients: rate, p50 / p99",
                             f"{r['throughput_per_s']:.0f}/s, {r['p50_ms']:.0f} / {r['p99_ms']:.0f} ms",
                             "p99 <= 300 ms" if target else "", r["p99_ms"] <= target if target else None))
                rows.append((f"API {server['workers']} worker(s), {r['clients']} clients: errors", str(r["errors"]),
                             "0", r["errors"] == 0))
            peak = server["peak_rss"]["max_child_mb"] or server["peak_rss"]["parent_mb"]
            growth = server["rss_end_mb"] - server["rss_after_warmup_mb"]
            rows.append((f"API {server['workers']} worker(s): peak RSS per process, growth under load",
                         f"{peak:.0f} MB, {growth:+.0f} MB", "<= 400 MB", peak <= 400))
    return rows


def table(rows: list[tuple[str, str, str, bool | None]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    mark = {True: "ok", False: "MISSED", None: ""}
    return "\n".join(f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:<{widths[2]}}  {mark[d]}".rstrip() for a, b, c, d in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and plans, for CI")
    parser.add_argument("--only", nargs="+", choices=sorted(SUITES), help="run only these parts")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args()
    results: dict = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "quick": args.quick,
                     "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(), "load_average_at_start": os.getloadavg()}}
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        print(f"warning: the load average is {busy:.1f}; other work on this machine will slow every figure.",
              file=sys.stderr)
    for name in args.only or SUITES:
        print(f"running {name}...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            results[name] = SUITES[name](args.quick)
        except (RuntimeError, OSError, ImportError) as exc:
            results[name] = None
            results.setdefault("failed", {})[name] = f"{type(exc).__name__}: {exc}"
            print(f"  {name} could not run: {exc}", file=sys.stderr)
        print(f"  {name} took {time.perf_counter() - start:.0f} s", file=sys.stderr)
    rows = targets(results)
    results["summary"] = [{"what": a, "measured": b, "target": c, "met": d} for a, b, c, d in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"\nWrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
