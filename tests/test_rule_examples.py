"""Every rule must fire on its own bad examples and stay quiet on its good ones."""

from __future__ import annotations

from datetime import date

import pytest

from pathway_audit.auditor import Auditor
from pathway_audit.rules.loader import load_ruleset

RULES = load_ruleset().rules


def _fires(auditor: Auditor, rule_id: str, text: str, today: date) -> bool:
    ap = auditor.annotate(text.encode("utf-8"), "example.md", today)
    compiled = [c for c in auditor.rules if c.rule.id == rule_id]
    return any(f.rule == rule_id for fs in auditor.findings(ap, compiled).values() for f in fs)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_fires_on_bad_examples(auditor: Auditor, rule, today: date) -> None:
    for example in rule.examples.bad:
        assert _fires(auditor, rule.id, example.text, example.today or today), f"{rule.id} did not fire on:\n{example.text}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_quiet_on_good_examples(auditor: Auditor, rule, today: date) -> None:
    for example in rule.examples.good:
        assert not _fires(auditor, rule.id, example.text, example.today or today), f"{rule.id} fired on:\n{example.text}"


def test_every_rule_cites_a_source_and_has_examples() -> None:
    for rule in RULES:
        assert rule.source.cite.strip()
        assert rule.examples.good and rule.examples.bad
