"""Train the goal-sentence model: does a sentence state a clear goal of the young person's own?

Its data are sentences labelled by hand (`fixtures/sentences/`): every sentence with goal words (the core pack's
`goal_voice` list) in the training plans (`fixtures/plans`, `fixtures/labelled/dev`), labelled 1 when it states
the young person's own goal with something concrete to aim at, else 0; and sentences written for the purpose, in
the style of plans, to show the model more kinds of goal. A third file labels the same kind of sentences from
held-out plans; it only measures the model.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from .nlp.text_model import GOAL_MODEL, TextClassifier
from .train import fit, to_classifier

TRAIN_FILE = "sentences/goal_sentences.jsonl"
WRITTEN_FILE = "sentences/goal_sentences_written.jsonl"
HELDOUT_FILE = "sentences/goal_sentences_heldout.jsonl"
SETTINGS = {"ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True, "C": 10.0, "class_weight": "balanced"}
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass(frozen=True)
class LabelledSentence:
    plan: str
    text: str
    goal: int


@dataclass
class GoalResult:
    classifier: TextClassifier
    train: list[LabelledSentence]
    heldout: list[LabelledSentence]
    card: str


def read_sentences(path: Path) -> list[LabelledSentence]:
    """One JSON object per line: {"plan": ..., "text": ..., "goal": 0 or 1} ("plan" is absent for written ones)."""
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [LabelledSentence(r.get("plan", "written"), r["text"], int(r["goal"])) for r in rows]


def fitted(sentences: list[LabelledSentence], seed: int) -> TextClassifier:
    return to_classifier(*fit([s.text for s in sentences], [str(s.goal) for s in sentences], seed, SETTINGS))


def cross_validated(sentences: list[LabelledSentence], written: list[LabelledSentence], seed: int,
                    folds: int = 5) -> np.ndarray:
    """Goal probability of every sentence from the plans, from a model fitted without that sentence's plan
    (the written sentences are always in the fit)."""
    from sklearn.model_selection import GroupKFold

    predicted = np.zeros(len(sentences))
    for fit_rows, test_rows in GroupKFold(folds).split(sentences, groups=[s.plan for s in sentences]):
        model = fitted([sentences[i] for i in fit_rows] + written, seed)
        predicted[test_rows] = model.yes_probability([sentences[i].text for i in test_rows])
    return predicted


def results_table(sentences: list[LabelledSentence], probability: np.ndarray) -> list[str]:
    """Markdown lines: precision, recall and F1 of "states a goal" at each probability threshold."""
    gold = np.array([s.goal for s in sentences], dtype=bool)
    lines = [f"- Sentences: {len(sentences)} from {len({s.plan for s in sentences})} plans, "
             f"{int(gold.sum())} labelled as a goal.", "",
             "| Threshold | Precision | Recall | F1 |", "|---|---|---|---|"]
    for threshold in THRESHOLDS:
        said = probability >= threshold
        tp = int((said & gold).sum())
        precision, recall = tp / max(1, int(said.sum())), tp / max(1, int(gold.sum()))
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        lines.append(f"| {threshold:.1f} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    return lines


def train_goals(fixtures_dir: str | Path, out_dir: str | Path, seed: int = 0) -> GoalResult:
    """Fit the goal-sentence model, measure it on the held-out sentences and write the model and its card."""
    fixtures_dir, out_dir = Path(fixtures_dir), Path(out_dir)
    sentences, written = read_sentences(fixtures_dir / TRAIN_FILE), read_sentences(fixtures_dir / WRITTEN_FILE)
    heldout = read_sentences(fixtures_dir / HELDOUT_FILE)
    classifier = fitted(sentences + written, seed)
    classifier.save(GOAL_MODEL, out_dir)
    card = model_card(classifier, sentences, written, heldout, seed)
    (out_dir / f"{GOAL_MODEL}.md").write_text(card, encoding="utf-8")
    return GoalResult(classifier, sentences + written, heldout, card)


def model_card(classifier: TextClassifier, sentences: list[LabelledSentence], written: list[LabelledSentence],
               heldout: list[LabelledSentence], seed: int) -> str:
    """What the model is, what it learned from, how well it does on sentences from plans it never saw."""
    import sklearn

    heldout_plans = sorted({"fixtures/" + s.plan.rsplit("/", 1)[0] for s in heldout})
    heldout_lines = (results_table(heldout, classifier.yes_probability([s.text for s in heldout])) if heldout
                     else ["No held-out sentences were found."])
    return "\n".join([
        "# Goal-sentence model", "",
        "Tells whether a sentence states a clear goal of the young person's own: a named kind of work or study, a",
        "home, driving, travel or a business they want, not a vague wish (\"get a job\"), a hint (\"might want to",
        "... at some point\"), a goal set by professionals or a wish about services. The core rule",
        "`aspiration.no-own-goal` asks it about each sentence with goal words.", "",
        "## Model", "",
        "TF-IDF (lowercased word unigrams and bigrams, sublinear tf, l2 norm) and a logistic regression",
        f"(C={SETTINGS['C']}, balanced class weights, lbfgs, seed {seed}). {len(classifier.terms)} features.",
        f"Stored as plain data: `{GOAL_MODEL}.json` and `{GOAL_MODEL}.npz`. Prediction uses numpy only.", "",
        "## Training data", "",
        f"- `fixtures/{TRAIN_FILE}`: every sentence with a word from the core pack's `goal_voice` list in",
        "  fixtures/plans and fixtures/labelled/dev (all synthetic), labelled as a goal (1) or not (0) against a",
        f"  written brief: {len(sentences)} sentences, {sum(s.goal for s in sentences)} goals.",
        f"- `fixtures/{WRITTEN_FILE}`: sentences written in the style of plans for the same brief, to show the",
        f"  model more kinds of goal and of near miss: {len(written)} sentences, {sum(s.goal for s in written)} goals.",
        "",
        "## Cross-validation on the sentences from plans", "",
        "Five folds, grouped by plan (a plan's sentences are never split between fitting and testing); the written",
        "sentences are in every fit and never tested.", "",
        *results_table(sentences, cross_validated(sentences, written, seed)), "",
        "## Held-out results", "",
        f"`fixtures/{HELDOUT_FILE}`: sentences chosen the same way from {', '.join(heldout_plans) or 'no plans'},",
        "labelled by another labeller with the same brief, never used for training or for choosing settings.", "",
        *heldout_lines, "",
        "## Limits", "",
        "A few hundred synthetic sentences: expect lower accuracy on real plans. The model reads one sentence",
        "at a time, so a goal spread over two sentences, or one only clear from the paragraph, is missed.", "",
        "## Provenance", "",
        f"Trained on {date.today().isoformat()} with Python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}. Rebuild with `pathway-audit train fixtures --out models`.", ""])
