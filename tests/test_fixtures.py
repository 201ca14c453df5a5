"""Each criterion proven on the showcase plans, plus a golden record of their results.

Set UPDATE_GOLDEN=1 to rewrite tests/golden/fixture_results.json after a deliberate rule change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from pathway_audit.auditor import Auditor
from pathway_audit.rules.schema import CRITERIA

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "fixtures" / "plans"
GOLDEN = Path(__file__).parent / "golden" / "fixture_results.json"


def _plan_file(labels: Path) -> Path:
    stem = labels.name.removesuffix(".labels.yaml")
    return next(p for ext in (".docx", ".txt", ".md") if (p := labels.with_name(stem + ext)).exists())


@pytest.fixture(scope="module")
def results(auditor: Auditor) -> dict[str, dict]:
    out = {}
    for labels in sorted(PLANS.glob("*.labels.yaml")):
        gold = yaml.safe_load(labels.read_text())
        plan = _plan_file(labels)
        report = auditor.check_bytes(plan.read_bytes(), plan.name, gold["today"])
        out[plan.name] = {"gold": gold["criteria"], "report": report}
    return out


@pytest.mark.parametrize("criterion", CRITERIA)
def test_criterion_separates_met_from_not_met(results: dict, criterion: str) -> None:
    """For every criterion some fixture is rightly met and some rightly not met, and none is reversed."""
    pairs = [(r["gold"][criterion], next(c.status for c in r["report"].criteria if c.id == criterion))
             for r in results.values()]
    assert ("met", "met") in pairs or criterion == "coverage" and ("partly_met", "partly_met") in pairs
    assert ("not_met", "not_met") in pairs or ("partly_met", "partly_met") in pairs
    assert ("met", "not_met") not in pairs, f"{criterion}: a plan labelled met was judged not met"


def test_agreement_with_labels_on_showcase_plans(results: dict) -> None:
    pairs = [(r["gold"][c.id], c.status) for r in results.values() for c in r["report"].criteria]
    agreement = sum(g == p for g, p in pairs) / len(pairs)
    assert agreement >= 0.8, f"agreement with labels fell to {agreement:.2f}"


def test_demo_plans_grade_as_expected(results: dict) -> None:
    assert results["example-good.docx"]["report"].overall.grade in ("good", "outstanding")
    assert results["example-poor.docx"]["report"].overall.grade == "inadequate"


def test_golden_results(results: dict) -> None:
    current = {name: {"score": r["report"].overall.score, "grade": r["report"].overall.grade,
                      "criteria": {c.id: [c.status, c.score] for c in r["report"].criteria},
                      "actions": len(r["report"].actions)} for name, r in results.items()}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    assert current == json.loads(GOLDEN.read_text())
