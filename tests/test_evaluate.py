"""Agreement measures (kappa, confusion, action matching) and the `evaluate` command."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
import yaml

from fixtures.build import build_docx
from pathway_audit.cli import main
from pathway_audit.evaluate import (
    STATUSES,
    ActionAgreement,
    cohen_kappa,
    confusion,
    criterion_agreement,
    evaluate_folder,
    labeller_agreement,
    match_actions,
    plan_for,
)
from pathway_audit.report import ActionOut
from pathway_audit.rules.schema import CRITERIA

ROOT = Path(__file__).resolve().parents[1]


def _action(text: str, owner: str | None = None, due: str | None = None, block: int = 0) -> ActionOut:
    return ActionOut(text=text, section="", owner=owner, due=due, due_date=None, specific=True, measurable=False,
                     smart=False, block=block)


# -- criteria --------------------------------------------------------------------------------------------------
def test_confusion_and_kappa_on_a_hand_worked_example() -> None:
    gold = ["met", "met", "not_met", "not_met"]
    predicted = ["met", "not_met", "not_met", "not_met"]
    assert confusion(gold, predicted) == [[1, 0, 1], [0, 0, 0], [0, 0, 2]]
    # observed 3/4; chance (2*1 + 2*3) / 16 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2)
    agreement = criterion_agreement("health", gold, predicted)
    assert agreement.kappa == pytest.approx(0.5)
    assert agreement.accuracy == pytest.approx(0.75)
    assert agreement.harmful_misses == 1


def test_kappa_edge_cases() -> None:
    assert cohen_kappa(confusion(["met", "not_met"], ["met", "not_met"])) == pytest.approx(1.0)
    assert cohen_kappa(confusion(["met", "met"], ["met", "met"])) is None  # chance agreement is total
    assert cohen_kappa(confusion([], [])) is None
    assert cohen_kappa(confusion(["met", "not_met"], ["not_met", "met"])) == pytest.approx(-1.0)


def test_kappa_agrees_with_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(3)
    for _ in range(20):
        gold = [rng.choice(STATUSES) for _ in range(30)]
        predicted = [g if rng.random() < 0.6 else rng.choice(STATUSES) for g in gold]
        assert cohen_kappa(confusion(gold, predicted)) == pytest.approx(cohen_kappa_score(gold, predicted))


# -- actions ---------------------------------------------------------------------------------------------------
GOLD = [
    {"text": "Book a GP appointment", "owner": "Sam", "due": "by 1 December"},
    {"text": "open a savings account", "owner": "I", "due": None},
    {"text": "Apply for college", "owner": "Priya", "due": "by May"},
]
PREDICTED = [
    _action("Sam will book a GP appointment by 1 December 2026.", "Sam", "by 1 December 2026", block=1),
    _action("I will open a savings account.", "I", "soon", block=2),
    _action("Priya will ring the housing office.", "Priya", None, block=3),
]


def test_actions_match_by_containment_and_count_owner_and_due() -> None:
    assert match_actions(GOLD, PREDICTED) == [(0, 0), (1, 1)]
    agreement = ActionAgreement()
    agreement.add_plan(GOLD, PREDICTED)
    assert (agreement.detection.tp, agreement.detection.fp, agreement.detection.fn) == (2, 1, 1)
    # owners: Sam and I found; Priya missed (action not found); Priya on an unmatched action is a false alarm
    assert (agreement.owner.tp, agreement.owner.fp, agreement.owner.fn) == (2, 1, 1)
    # due: containment counts; "soon" where the labels have none is a false alarm; "by May" missed
    assert (agreement.due.tp, agreement.due.fp, agreement.due.fn) == (1, 1, 1)
    assert agreement.detection.precision == pytest.approx(2 / 3)
    assert agreement.detection.f1 == pytest.approx(2 / 3)


def test_actions_match_by_word_overlap_and_one_to_one_in_document_order() -> None:
    # overlap {register, with, gp} of {register, with, the, gp, a, surgery} = 1/2: enough
    assert match_actions([{"text": "Register with the GP"}], [_action("register with a GP surgery")]) == [(0, 0)]
    assert match_actions([{"text": "Register with the GP"}], [_action("register with a dentist")]) == []
    later, earlier = _action("Priya will phone the college.", block=9), _action("Priya will phone the college.", block=2)
    gold = [{"text": "phone the college"}, {"text": "phone the college"}]
    assert match_actions(gold, [later, earlier]) == [(0, 1), (1, 0)]


def test_a_wrong_owner_is_both_a_miss_and_a_false_alarm() -> None:
    agreement = ActionAgreement()
    agreement.add_plan([{"text": "Book a GP appointment", "owner": "Sam", "due": None}],
                       [_action("Book a GP appointment", "Priya Shah (personal adviser)")])
    assert (agreement.owner.tp, agreement.owner.fp, agreement.owner.fn) == (0, 1, 1)
    agreement.add_plan([{"text": "Book a GP appointment", "owner": "Priya", "due": None}],
                       [_action("Book a GP appointment", "Priya Shah (personal adviser)")])
    assert agreement.owner.tp == 1


# -- a folder of labelled plans --------------------------------------------------------------------------------
PLAN = """# Pathway Plan

Plan date: 02/11/2026
Next review: 02/05/2027

## My health

I am registered with Dr Patel.

## Action plan

| What | Who | By when |
|---|---|---|
| Book a dentist check-up | Sam | by 15 December 2026 |
| Open a savings account | Priya (personal adviser) | by 31 January 2027 |
| Find a weekend football team | - | by March 2027 |
"""


def _labels(docx_style: str | None = None) -> dict:
    labels = {"today": date(2026, 11, 24), "criteria": dict.fromkeys(CRITERIA, "not_met"),
              "actions": [
                  {"text": "Book a dentist check-up", "owner": "Sam", "due": "by 15 December 2026"},
                  {"text": "Open a savings account", "owner": "Priya (personal adviser)", "due": "by 31 January 2027"},
                  {"text": "Find a weekend football team", "owner": None, "due": "by March 2027"}]}
    labels["criteria"]["currency"] = "met"
    if docx_style:
        labels["docx_style"] = docx_style
    return labels


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    (tmp_path / "yp.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "yp.labels.yaml").write_text(yaml.safe_dump(_labels()), encoding="utf-8")
    return tmp_path


def test_evaluate_folder_on_a_small_labelled_plan(auditor, labelled: Path) -> None:
    result = evaluate_folder(auditor, labelled)
    assert result.plans == ["yp.md"] and not result.unreadable
    assert [c.criterion for c in result.criteria] == list(CRITERIA)
    assert all(c.plans == 1 and sum(map(sum, c.confusion)) == 1 for c in result.criteria)
    currency = next(c for c in result.criteria if c.criterion == "currency")
    assert currency.accuracy == 1.0  # dated this month, review in six months
    actions = result.actions
    assert (actions.detection.tp, actions.detection.fp, actions.detection.fn) == (3, 0, 0)
    assert (actions.owner.tp, actions.owner.fp, actions.owner.fn) == (2, 0, 0)
    assert (actions.due.tp, actions.due.fp, actions.due.fn) == (3, 0, 0)


def test_the_word_version_is_preferred_when_the_labels_give_a_style(auditor, tmp_path: Path) -> None:
    (tmp_path / "yp.md").write_text(PLAN, encoding="utf-8")
    (tmp_path / "yp.docx").write_bytes(build_docx(PLAN, "caps"))
    labels_path = tmp_path / "yp.labels.yaml"
    assert plan_for(labels_path, _labels()) == tmp_path / "yp.md"
    assert plan_for(tmp_path / "none.labels.yaml", _labels("caps")) is None
    assert plan_for(labels_path, _labels("caps")) == tmp_path / "yp.docx"
    labels_path.write_text(yaml.safe_dump(_labels("caps")), encoding="utf-8")
    result = evaluate_folder(auditor, tmp_path)
    assert result.plans == ["yp.docx"]
    assert result.actions.detection.tp == 3


def test_a_missing_plan_is_reported_not_fatal(auditor, labelled: Path) -> None:
    (labelled / "lost.labels.yaml").write_text(yaml.safe_dump(_labels()), encoding="utf-8")
    result = evaluate_folder(auditor, labelled)
    assert result.unreadable == ["lost.labels.yaml"] and result.plans == ["yp.md"]


def test_cli_prints_a_table_and_writes_json(labelled: Path, tmp_path_factory: pytest.TempPathFactory,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path_factory.mktemp("out") / "eval.json"
    assert main(["evaluate", str(labelled), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Checked 1 labelled plan in" in printed
    assert "Owner (who)" in printed and "smart_actions" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["plans"] == ["yp.md"]
    assert {c["criterion"] for c in data["criteria"]} == set(CRITERIA)
    assert data["actions"]["detection"]["tp"] == 3


def test_cli_rejects_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_two_labellers_agreement(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    statuses = ["met", "partly_met", "not_met", "met"]
    others = ["met", "partly_met", "partly_met", "met"]
    for i, (a, b) in enumerate(zip(statuses, others, strict=True)):
        (first / f"p{i}.labels.yaml").write_text(yaml.safe_dump({"criteria": {c: a for c in CRITERIA}}))
        (second / f"p{i}.labels.yaml").write_text(yaml.safe_dump({"criteria": {c: b for c in CRITERIA}}))
    (second / "only-here.labels.yaml").write_text(yaml.safe_dump({"criteria": {c: "met" for c in CRITERIA}}))
    rows = labeller_agreement(first, second)
    assert [r.criterion for r in rows] == list(CRITERIA)
    assert rows[0].plans == 4 and rows[0].accuracy == 0.75
    assert rows[0].confusion == [[2, 0, 0], [0, 1, 0], [0, 1, 0]]
