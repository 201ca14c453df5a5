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

    rules = sub.add_parser("rules", parents=[rules_opt], help="list or explain the rules")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    rules_sub.add_parser("list", help="list the rules in force")
    explain = rules_sub.add_parser("explain", help="explain one rule")
    explain.add_argument("rule_id")
    rules_sub.add_parser("config", help="show the effective vocabulary and scoring after packs are applied")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        return _rules(args)
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
    try:
        if path.stat().st_size > 50 * 1024 * 1024:
            raise PlanError(f"{path.name} is too big to be a plan.", code="too_large")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise PlanError(f"Cannot find {path}.", code="not_found") from exc
    except IsADirectoryError as exc:
        raise PlanError(f"{path} is a folder. To check many plans use 'pathway-audit batch'.",
                        code="is_directory") from exc
    except PermissionError as exc:
        raise PlanError(f"Cannot open {path}: permission denied.", code="permission") from exc


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


if __name__ == "__main__":
    sys.exit(main())
