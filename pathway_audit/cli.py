"""The pathway-audit command line.

Exit codes: 0 checked and nothing fell below --fail-under; 1 a plan fell below --fail-under;
2 a usage or input problem (unreadable, unsupported or hostile file, bad rule pack).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .errors import PlanError, RulePackError

EXIT_OK, EXIT_BELOW, EXIT_INPUT = 0, 1, 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("use the form YYYY-MM-DD, for example 2026-11-24") from exc


def _score(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError("give a score from 0 to 100")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pathway-audit", description="Check care leavers' pathway plans.")
    parser.add_argument("--version", action="version", version=f"pathway-audit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    rules_opt = argparse.ArgumentParser(add_help=False)
    rules_opt.add_argument("--rules", action="append", default=[], metavar="PACK",
                           help="a council rule pack (YAML file or folder) to apply on top of the core rules")

    check = sub.add_parser("check", parents=[rules_opt], help="check one plan")
    check.add_argument("plan", type=Path, help="the plan: .docx, .pdf, .txt, .md or .json")
    check.add_argument("--format", choices=["text", "json", "html"], default="text")
    check.add_argument("-o", "--output", type=Path, help="write the report to this file instead of the screen")
    check.add_argument("--fail-under", type=_score, metavar="N", help="exit with 1 if the overall score is below N")
    check.add_argument("--today", type=_date, help="the date to check currency against (default: today)")
    check.add_argument("--redact-names", action="store_true", help="hide people's names in the report")

    rules = sub.add_parser("rules", parents=[rules_opt], help="list or explain the rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    rules_sub.add_parser("list", help="list the rules in force")
    explain = rules_sub.add_parser("explain", help="explain one rule")
    explain.add_argument("rule_id")
    rules_sub.add_parser("config", help="show the effective vocabulary and scoring after packs are applied")

    annotate = sub.add_parser("annotate", parents=[rules_opt], help="write a copy of a .docx plan with Word comments")
    annotate.add_argument("plan", type=Path, help="the plan (.docx)")
    annotate.add_argument("-o", "--output", type=Path, required=True, help="where to write the reviewed .docx")
    annotate.add_argument("--today", type=_date)

    batch = sub.add_parser("batch", parents=[rules_opt], help="check a caseload of plans")
    batch.add_argument("inputs", nargs="+", help="folders, globs or .zip files of plans")
    batch.add_argument("--out", type=Path, required=True, help="folder for the dashboard, spreadsheet and reports")
    batch.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    batch.add_argument("--manifest", type=Path, help="CSV with adviser, team and young person id per file")
    batch.add_argument("--skip-unchanged", action="store_true", help="reuse results for files checked before")
    batch.add_argument("--today", type=_date)
    batch.add_argument("--redact-names", action="store_true", help="hide people's names in the reports")
    batch.add_argument("--no-progress", action="store_true", help="do not show a progress bar")

    evaluate = sub.add_parser("evaluate", parents=[rules_opt], help="measure agreement with labelled plans")
    evaluate.add_argument("folder", type=Path, help="a folder of NAME.md/.txt/.docx plans with NAME.labels.yaml")
    evaluate.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    evaluate.add_argument("--second-labels", type=Path, metavar="DIR",
                          help="a folder of labels for the same plans by a second labeller: show how far the two agree")

    train = sub.add_parser("train", help="rebuild the trained models from the labelled fixtures")
    train.add_argument("fixtures", type=Path, help="the fixtures folder (trains on plans/, labelled/dev/ and sentences/; "
                       "held-out sets only measure)")
    train.add_argument("--out", type=Path, default=Path("models"), help="folder to write the models to")

    sub.add_parser("schema", help="print the JSON Schema of the report (version 1)")

    serve = sub.add_parser("serve", parents=[rules_opt], help="run the HTTP API and the web page")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="server processes (2 uses both cores of a small server)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except RulePackError as exc:
        print(f"pathway-audit: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except PlanError as exc:
        print(f"pathway-audit: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace) -> int:
    from .auditor import Auditor
    from .render import render

    data = _read(args.plan)
    auditor = Auditor(args.rules)
    report = auditor.check_bytes(data, args.plan.name, args.today)
    if args.redact_names:
        from .redact import redact_report
        report = redact_report(report)
    output = render(report, args.format)
    if args.output:
        args.output.write_text(output + "\n", encoding="utf-8")
    else:
        sys.stdout.write(output + "\n")
    if args.fail_under is not None and report.overall.score < args.fail_under:
        return EXIT_BELOW
    return EXIT_OK


def _read(path: Path) -> bytes:
    """Read a plan file, or raise PlanError with a message that names the file only."""
    from .ingest import Limits, sniff

    try:
        limit = Limits().max_bytes
        if path.stat().st_size > limit:
            raise PlanError(f"{path.name} is too big to be a plan. The limit is {limit // (1024 * 1024)} MB.",
                            code="too_large")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PlanError(f"Cannot find {path}.", code="not_found") from exc
    except IsADirectoryError as exc:
        raise PlanError(f"{path} is a folder. To check many plans use 'pathway-audit batch'.",
                        code="is_directory") from exc
    except PermissionError as exc:
        raise PlanError(f"Cannot open {path}: permission denied.", code="permission") from exc
    sniff(data, path.name)  # refuse empty, encrypted or binary files before loading the rules
    return data


def _rules(args: argparse.Namespace) -> int:
    from .rules.catalogue import describe_rule, effective_config, list_rules
    from .rules.loader import load_ruleset

    ruleset = load_ruleset(args.rules)
    if args.rules_command == "list":
        print(list_rules(ruleset))
    elif args.rules_command == "config":
        print(effective_config(ruleset))
    else:
        rule = ruleset.rule(args.rule_id)
        if rule is None:
            print(f"pathway-audit: no rule called '{args.rule_id}'. Try 'pathway-audit rules list'.", file=sys.stderr)
            return EXIT_INPUT
        print(describe_rule(rule))
    return EXIT_OK


def _annotate(args: argparse.Namespace) -> int:
    from .auditor import Auditor
    from .render.annotate_docx import annotate_docx

    data = _read(args.plan)
    auditor = Auditor(args.rules)
    report = auditor.check_bytes(data, args.plan.name, args.today)
    args.output.write_bytes(annotate_docx(data, report))
    print(f"Wrote {args.output} with {sum(len(c.findings) for c in report.criteria)} comments' worth of findings.")
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from .batch import run_batch_cli
    return run_batch_cli(args)


def _evaluate(args: argparse.Namespace) -> int:
    from .evaluate import run_evaluate_cli
    return run_evaluate_cli(args)


def _train(args: argparse.Namespace) -> int:
    from .train import run_train_cli
    return run_train_cli(args)


def _serve(args: argparse.Namespace) -> int:
    from .api.server import serve
    return serve(host=args.host, port=args.port, packs=args.rules, workers=args.workers)


def _schema(args: argparse.Namespace) -> int:
    import json

    from .report import report_schema
    print(json.dumps(report_schema(), indent=2))
    return EXIT_OK


COMMANDS = {"schema": _schema, "check": _check, "rules": _rules, "annotate": _annotate, "batch": _batch,
            "evaluate": _evaluate, "train": _train, "serve": _serve}


if __name__ == "__main__":
    sys.exit(main())
