"""`pathway-audit batch`: check a caseload and write the dashboard, spreadsheets, summary and reports."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

from ..errors import PlanError
from ..render import to_json
from ..render.html import to_html
from ..report import Report
from .caseload import Caseload, assemble
from .dashboard import to_dashboard
from .exports import write_csv, write_xlsx
from .inputs import open_inputs
from .metadata import Manifest
from .runner import CACHE_NAME, Cache, PlanResult, fingerprint, run_plans

PLAN_TIMEOUT = 120.0
REPORTS = "reports"


def run_batch_cli(args: argparse.Namespace) -> int:
    """Check every plan named by args.inputs; write outputs to args.out. Returns the exit code."""
    from tqdm import tqdm

    from ..rules.loader import load_ruleset

    load_ruleset(args.rules)  # a bad rule pack stops here, before any worker starts
    manifest = Manifest.load(args.manifest) if args.manifest else None
    today = args.today or date.today()
    workers = max(1, args.workers or os.cpu_count() or 1)
    args.out.mkdir(parents=True, exist_ok=True)
    cache = Cache(args.out / CACHE_NAME, fingerprint(args.rules, today))
    with open_inputs(args.inputs) as found:
        if not found.sources:
            raise PlanError("No plans found. Give folders, globs or .zip files of .docx, .pdf, .txt, .md "
                            "or .json plans.", code="no_plans")
        with tqdm(total=len(found.sources), unit="plan", file=sys.stderr, disable=args.no_progress,
                  desc="Checking plans") as bar:
            results = run_plans(found.sources, packs=args.rules, today=today, workers=workers, timeout=PLAN_TIMEOUT,
                                cache=cache if args.skip_unchanged else None, on_done=lambda _: bar.update())
    if args.redact_names:
        results = [_redacted(r) for r in results]
    caseload = assemble(results, today, manifest, found.problems)
    write_outputs(args.out, caseload)
    cache.save(results, caseload.shown_digests())
    s = caseload.summary
    print(f"Checked {s['checked']} of {s['plans']} plans ({s['not_checked']} could not be checked). "
          f"Dashboard: {args.out / 'caseload.html'}")
    return 0


def _redacted(result: PlanResult) -> PlanResult:
    """The same result with people's names in the report replaced by [name]."""
    from dataclasses import replace

    from ..redact import redact_report

    if result.report is None:
        return result
    report = redact_report(Report.model_validate(result.report))
    return replace(result, report=report.model_dump(mode="json"))


def write_outputs(out: Path, caseload: Caseload) -> None:
    """Each plan's report (HTML and JSON), then caseload.html, .csv, .xlsx and summary.json."""
    reports = out / REPORTS
    reports.mkdir(exist_ok=True)
    taken: set[str] = set()
    for row in caseload.rows:
        if row.report is None:
            continue
        stem = _file_stem(row.name, taken)
        report = Report.model_validate(row.report)
        (reports / f"{stem}.html").write_text(to_html(report), encoding="utf-8")
        (reports / f"{stem}.json").write_text(to_json(report), encoding="utf-8")
        row.report_file = f"{REPORTS}/{stem}.html"
    links = {row.name: row.report_file for row in caseload.rows if row.report_file}
    (out / "caseload.html").write_text(to_dashboard(caseload.summary, links), encoding="utf-8")
    write_csv(caseload.rows, out / "caseload.csv")
    write_xlsx(caseload.rows, out / "caseload.xlsx")
    (out / "summary.json").write_text(json.dumps(caseload.summary, indent=2), encoding="utf-8")


def _file_stem(name: str, taken: set[str]) -> str:
    """A safe, unique file name for a plan's report."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:150] or "plan"
    stem, n = base, 2
    while stem.lower() in taken:
        stem, n = f"{base}-{n}", n + 1
    taken.add(stem.lower())
    return stem
