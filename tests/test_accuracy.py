"""Accuracy on the held-out labelled plans must not fall below the recorded baseline.

The held-out plans were written by separate authors and are never used to tune rules or train models.
After a change that improves results, rewrite the baseline with UPDATE_BASELINE=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pathway_audit.auditor import Auditor
from pathway_audit.evaluate import evaluate_folder

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).parent / "golden" / "heldout_baseline.json"


def test_heldout_accuracy_does_not_drop(auditor: Auditor) -> None:
    result = evaluate_folder(auditor, ROOT / "fixtures" / "labelled" / "heldout").to_dict()
    assert not result["unreadable"]
    current = {"criteria": {c["criterion"]: {"accuracy": round(c["accuracy"], 4), "harmful_misses": c["harmful_misses"]}
                            for c in result["criteria"]},
               "actions": {k: round(v["f1"], 4) for k, v in result["actions"].items()}}
    baseline = json.loads(BASELINE.read_text())
    if os.environ.get("UPDATE_BASELINE"):
        BASELINE.write_text(json.dumps({**baseline, **current}, indent=1, sort_keys=True) + "\n")
    for criterion, base in baseline["criteria"].items():
        now = current["criteria"][criterion]
        assert now["accuracy"] >= base["accuracy"], f"{criterion} agreement fell: {now['accuracy']} < {base['accuracy']}"
        assert now["harmful_misses"] <= base["harmful_misses"], f"{criterion}: more plans labelled met called not met"
    for field, f1 in baseline["actions"].items():
        assert current["actions"][field] >= f1, f"action {field} F1 fell: {current['actions'][field]} < {f1}"
