"""Measure how far the checker agrees with hand-labelled plans (criteria statuses and actions).

Runs with the core dependencies only (numpy, no scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import PlanError
from .report import ActionOut
from .rules.schema import CRITERIA

if TYPE_CHECKING:
    from .auditor import Auditor

STATUSES = ("met", "partly_met", "not_met")
MATCH_JACCARD = 0.5


# -- agreement on criteria -------------------------------------------------------------------------------------
def confusion(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = STATUSES) -> list[list[int]]:
    """Counts with rows = labelled status and columns = predicted status, in the order of `labels`."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        matrix[index[g]][index[p]] += 1
    return matrix


def cohen_kappa(matrix: list[list[int]]) -> float | None:
    """Cohen's kappa from a confusion matrix; None when chance agreement is total (kappa undefined)."""
    total = sum(map(sum, matrix))
    if not total:
        return None
    observed = sum(matrix[i][i] for i in range(len(matrix))) / total
    rows = [sum(r) for r in matrix]
    cols = [sum(c) for c in zip(*matrix)]
    expected = sum(r * c for r, c in zip(rows, cols)) / total ** 2
    return None if expected == 1 else (observed - expected) / (1 - expected)


@dataclass
class CriterionAgreement:
    criterion: str
    plans: int
    accuracy: float
    kappa: float | None
    confusion: list[list[int]]
    harmful_misses: int  # labelled met, predicted not_met


def criterion_agreement(criterion: str, gold: Sequence[str], predicted: Sequence[str]) -> CriterionAgreement:
    matrix = confusion(gold, predicted)
    n = len(gold)
    return CriterionAgreement(
        criterion=criterion, plans=n, accuracy=sum(matrix[i][i] for i in range(3)) / n if n else 0.0,
        kappa=cohen_kappa(matrix), confusion=matrix,
        harmful_misses=matrix[STATUSES.index("met")][STATUSES.index("not_met")])


# -- agreement on actions --------------------------------------------------------------------------------------
def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def jaccard(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def _contains(outer: str, inner: str) -> bool:
    inner = _norm(inner)
    return bool(inner) and f" {inner} " in f" {_norm(outer)} "


def same_action(gold_text: str, predicted_text: str) -> bool:
    """The gold text is inside the predicted text, or their word overlap is at least half."""
    return _contains(predicted_text, gold_text) or jaccard(gold_text, predicted_text) >= MATCH_JACCARD


def same_span(gold: str, predicted: str) -> bool:
    """Owner or timescale texts agree: one contains the other, or their word overlap is at least half."""
    return _contains(gold, predicted) or _contains(predicted, gold) or jaccard(gold, predicted) >= MATCH_JACCARD


def match_actions(gold: Sequence[dict[str, Any]], predicted: Sequence[ActionOut]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, predicted index): each gold action, in order, takes the first
    unused predicted action in document order that it matches."""
    order = sorted(range(len(predicted)), key=lambda i: (predicted[i].block, predicted[i].start))
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        pi = next((i for i in order if i not in used and same_action(g["text"], predicted[i].text)), None)
        if pi is not None:
            used.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass
class Counts:
    """True positives, false positives and false negatives, with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _field_counts(gold: Sequence[dict[str, Any]], predicted: Sequence[ActionOut], pairs: list[tuple[int, int]],
                  name: str) -> Counts:
    """Owner or due: found when the matched prediction agrees; a wrong value is both a miss and a false alarm;
    a value predicted on an unmatched action, or where the labels have none, is a false alarm."""
    counts = Counts()
    partner = dict(pairs)
    for gi, g in enumerate(gold):
        want = g.get(name)
        got = getattr(predicted[partner[gi]], name) if gi in partner else None
        if want and got and same_span(want, got):
            counts.tp += 1
            continue
        counts.fn += bool(want)
        counts.fp += bool(got)
    matched = set(partner.values())
    counts.fp += sum(1 for i, p in enumerate(predicted) if i not in matched and getattr(p, name))
    return counts


@dataclass
class ActionAgreement:
    detection: Counts = field(default_factory=Counts)
    owner: Counts = field(default_factory=Counts)
    due: Counts = field(default_factory=Counts)

    def add_plan(self, gold: Sequence[dict[str, Any]], predicted: Sequence[ActionOut]) -> None:
        pairs = match_actions(gold, predicted)
        self.detection.add(Counts(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(gold) - len(pairs)))
        self.owner.add(_field_counts(gold, predicted, pairs, "owner"))
        self.due.add(_field_counts(gold, predicted, pairs, "due"))


# -- a folder of labelled plans --------------------------------------------------------------------------------
@dataclass
class EvalResult:
    folder: str
    plans: list[str]
    unreadable: list[str]
    criteria: list[CriterionAgreement]
    actions: ActionAgreement

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "plans": self.plans, "unreadable": self.unreadable,
                "criteria": [asdict(c) for c in self.criteria],
                "actions": {k: getattr(self.actions, k).to_dict() for k in ("detection", "owner", "due")}}


def heldout_folders(labelled: Path) -> list[Path]:
    """The held-out sets under a `labelled` folder: `heldout`, `heldout2`, ... (not the `-second` labels)."""
    found = [p for p in labelled.glob("heldout*") if p.is_dir() and not p.name.endswith("-second")]
    return sorted(found, key=lambda p: int(p.name.removeprefix("heldout") or 1))


def plan_for(labels_path: Path, labels: dict[str, Any]) -> Path | None:
    """The plan next to a labels file: the .docx when the labels give a Word style, else .md, else .txt."""
    stem = labels_path.name.removesuffix(".labels.yaml")
    suffixes = (".docx", ".md", ".txt") if labels.get("docx_style") else (".md", ".txt")
    return next((p for s in suffixes if (p := labels_path.with_name(stem + s)).exists()), None)


def evaluate_folder(auditor: Auditor, folder: str | Path) -> EvalResult:
    """Check every labelled plan in `folder` and compare with its labels."""
    folder = Path(folder)
    gold: dict[str, list[str]] = {c: [] for c in CRITERIA}
    predicted: dict[str, list[str]] = {c: [] for c in CRITERIA}
    actions = ActionAgreement()
    plans: list[str] = []
    unreadable: list[str] = []
    for labels_path in sorted(folder.glob("*.labels.yaml")):
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
        plan = plan_for(labels_path, labels)
        try:
            if plan is None:
                raise PlanError("no plan file", code="not_found")
            report = auditor.check_file(plan, labels.get("today"))
        except PlanError:
            unreadable.append(labels_path.name)
            continue
        plans.append(plan.name)
        status = {c.id: c.status for c in report.criteria}
        for criterion in CRITERIA:
            if criterion in labels.get("criteria", {}):
                gold[criterion].append(labels["criteria"][criterion])
                predicted[criterion].append(status[criterion])
        actions.add_plan(labels.get("actions") or [], report.actions)
    return EvalResult(folder=str(folder), plans=plans, unreadable=unreadable, actions=actions,
                      criteria=[criterion_agreement(c, gold[c], predicted[c]) for c in CRITERIA])


def labeller_agreement(first: str | Path, second: str | Path) -> list[CriterionAgreement]:
    """How far two sets of labels for the same plans agree (two auditors), criterion by criterion.

    Plans are paired by labels file name; only plans labelled in both folders count.
    """
    pairs = []
    for path in sorted(Path(second).glob("*.labels.yaml")):
        if (other := Path(first) / path.name).exists():
            pairs.append((yaml.safe_load(other.read_text(encoding="utf-8"))["criteria"],
                          yaml.safe_load(path.read_text(encoding="utf-8"))["criteria"]))
    return [criterion_agreement(c, [a[c] for a, _ in pairs], [b[c] for _, b in pairs]) for c in CRITERIA]


# -- output ----------------------------------------------------------------------------------------------------
def _criteria_table(title: str, rows: list[CriterionAgreement], against: str) -> list[str]:
    lines = ["", title, f"{'Criterion':<22} {'Plans':>5} {'Agree':>6} {'Kappa':>6} {'Met called not met':>19}   "
                        f"Labelled -> {against} said met/partly/not"]
    for c in rows:
        kappa = "n/a" if c.kappa is None else f"{c.kappa:.2f}"
        cells = "  ".join(f"{s.split('_')[0]}:{'/'.join(map(str, row))}" for s, row in zip(STATUSES, c.confusion))
        lines.append(f"{c.criterion:<22} {c.plans:>5} {c.accuracy:>6.0%} {kappa:>6} {c.harmful_misses:>19}   {cells}")
    return lines


def format_result(result: EvalResult, labellers: list[CriterionAgreement] | None = None) -> str:
    """Plain tables for the screen."""
    n = len(result.plans)
    lines = [f"Checked {n} labelled plan{'' if n == 1 else 's'} in {result.folder}."]
    if result.unreadable:
        lines.append(f"Could not read the plan for: {', '.join(result.unreadable)}")
    lines += _criteria_table("How often the checker agrees with the labels, criterion by criterion",
                             result.criteria, "checker")
    if labellers:
        lines += _criteria_table("How often a second labeller agrees with the labels (the same plans, judged again)",
                                 labellers, "second labeller")
    lines.append("Agree: plans given the labelled status. Kappa: agreement beyond chance "
                 "(1 perfect, 0 no better than chance).")
    lines += ["", "Actions",
              f"{'What':<28} {'Found':>6} {'Wrong':>6} {'Missed':>6} {'Precision':>10} {'Recall':>7} {'F1':>5}"]
    for title, counts in (("Actions found", result.actions.detection), ("Owner (who)", result.actions.owner),
                          ("Timescale (by when)", result.actions.due)):
        lines.append(f"{title:<28} {counts.tp:>6} {counts.fp:>6} {counts.fn:>6} {counts.precision:>10.0%} "
                     f"{counts.recall:>7.0%} {counts.f1:>5.2f}")
    lines.append("Found: agrees with the labels. Wrong: found by the checker but not in the labels (or different). "
                 "Missed: in the labels but not found.")
    return "\n".join(lines)


def run_evaluate_cli(args: argparse.Namespace) -> int:
    """`pathway-audit evaluate FOLDER [--json FILE] [--second-labels DIR]`."""
    from .auditor import Auditor

    if not args.folder.is_dir():
        raise PlanError(f"{args.folder} is not a folder.", code="not_found")
    result = evaluate_folder(Auditor(args.rules), args.folder)
    labellers = labeller_agreement(args.folder, args.second_labels) if args.second_labels else None
    print(format_result(result, labellers))
    if args.json:
        data = result.to_dict() | ({"second_labeller": [asdict(c) for c in labellers]} if labellers else {})
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"\nWrote {args.json}.")
    return 0
