"""Rebuild the trained models from the fixtures (needs the `train` extra: scikit-learn).

The area classifier learns from text under recognised headings in `fixtures/plans` and
`fixtures/labelled/dev`: the heading gives the area, so no extra labelling is needed.
The held-out sets (`fixtures/labelled/heldout`, `heldout2`, ...) are only used to measure the model, never to fit it.
The goal-sentence model is in `train_goals`; `train` builds both.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .evaluate import heldout_folders
from .ingest import read_plan
from .nlp.text_model import AREA_MODEL, TOKEN_PATTERN, TextClassifier
from .rules.loader import load_ruleset
from .sections import Sectionizer

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

TRAIN_FOLDERS = ("plans", "labelled/dev")
# Areas that gather actions or history on any topic: their text says nothing about the topic.
NOT_TOPICS = frozenset({"action_plan", "review_record"})
MIN_WORDS = 3
SETTINGS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "C": 10.0, "class_weight": None}
THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class Example:
    plan: str
    text: str
    area: str


def plan_files(folder: Path) -> list[Path]:
    """One source file per plan (.md, else .txt), in name order; .docx copies are built from these."""
    files: dict[str, Path] = {}
    for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
        files[path.stem] = path  # .md wins over .txt
    return [files[stem] for stem in sorted(files)]


def examples_from(folder: Path, sectionizer: Sectionizer) -> list[Example]:
    """Blocks under a real heading that the vocabulary knows (not the document title) whose area comes out as
    exactly one topic area (a run-in heading such as "Money. You get ..." counts)."""
    out: list[Example] = []
    for path in plan_files(folder):
        raw = read_plan(path.read_bytes(), path.name)
        real_headings = {rb.text for rb in raw.blocks if rb.kind == "heading"}
        plan = sectionizer.build(raw, source=path.name, sha256="")
        for section in plan.sections:
            is_title = section.blocks[0] == 0 and plan.blocks[0].kind == "heading"
            if section.heading not in real_headings or is_title or not sectionizer.heading_areas(section.heading):
                continue
            out.extend(Example(path.name, b.text, b.areas[0]) for b in (plan.blocks[i] for i in section.blocks)
                       if b.kind != "heading" and len(b.areas) == 1 and b.areas[0] not in NOT_TOPICS
                       and len(re.findall(r"\w+", b.text)) >= MIN_WORDS)
    return out


def fit(texts: list[str], labels: list[str], seed: int = 0,
        settings: dict | None = None) -> tuple[TfidfVectorizer, LogisticRegression]:
    """Fit the vectorizer and the logistic regression with these settings (default: the area model's), on one
    thread so that the result does not depend on the machine's thread count (and is faster at this size)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    settings = settings or SETTINGS
    if len(set(labels)) < 2:
        raise ValueError("A classifier needs examples of at least two classes.")
    vectorizer = TfidfVectorizer(lowercase=True, token_pattern=TOKEN_PATTERN, ngram_range=settings["ngram_range"],
                                 min_df=settings["min_df"], sublinear_tf=settings["sublinear_tf"], dtype=np.float64)
    features = vectorizer.fit_transform(texts)
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=settings["C"], class_weight=settings["class_weight"], max_iter=5000,
                                   random_state=seed).fit(features, labels)
    return vectorizer, model


def to_classifier(vectorizer: TfidfVectorizer, model: LogisticRegression) -> TextClassifier:
    """The fitted scikit-learn objects as plain arrays. A two-class model keeps one weight row w; stored as the
    rows -w/2 and w/2, the softmax over them is scikit-learn's sigmoid of w, so prediction has one path."""
    coef, intercept = np.asarray(model.coef_, dtype=np.float64), np.asarray(model.intercept_, dtype=np.float64)
    if len(model.classes_) == 2:
        coef, intercept = np.vstack([-coef / 2, coef / 2]), np.concatenate([-intercept / 2, intercept / 2])
    return TextClassifier(terms=tuple(vectorizer.get_feature_names_out().tolist()),
                          idf=np.asarray(vectorizer.idf_, dtype=np.float64) if vectorizer.use_idf else None,
                          classes=tuple(str(c) for c in model.classes_.tolist()), coef=coef, intercept=intercept,
                          ngram_range=vectorizer.ngram_range, sublinear_tf=vectorizer.sublinear_tf)


@dataclass
class TrainResult:
    classifier: TextClassifier
    train: list[Example]
    heldout: list[Example]
    card: str


def train(fixtures_dir: str | Path, out_dir: str | Path, seed: int = 0) -> TrainResult:
    """Fit the area classifier, measure it on the held-out plans and write the model and its card
    (see `train_goals.train_goals` for the other model)."""
    fixtures_dir, out_dir = Path(fixtures_dir), Path(out_dir)
    sectionizer = Sectionizer(load_ruleset([]).vocabulary)
    examples = [e for folder in TRAIN_FOLDERS for e in examples_from(fixtures_dir / folder, sectionizer)]
    folders = heldout_folders(fixtures_dir / "labelled")
    heldout = [e for folder in folders for e in examples_from(folder, sectionizer)]
    vectorizer, model = fit([e.text for e in examples], [e.area for e in examples], seed)
    classifier = to_classifier(vectorizer, model)
    classifier.save(AREA_MODEL, out_dir)
    card = model_card(classifier, examples, heldout, [f"fixtures/labelled/{f.name}" for f in folders], seed)
    (out_dir / f"{AREA_MODEL}.md").write_text(card, encoding="utf-8")
    return TrainResult(classifier, examples, heldout, card)


def cross_validated(examples: list[Example], seed: int, folds: int = 5) -> list[tuple[str, float]]:
    """Predictions for every training block from a model fitted without that block's plan."""
    from sklearn.model_selection import GroupKFold

    texts, labels = [e.text for e in examples], [e.area for e in examples]
    predicted: list[tuple[str, float]] = [("", 0.0)] * len(examples)
    for fit_rows, test_rows in GroupKFold(folds).split(texts, labels, [e.plan for e in examples]):
        classifier = to_classifier(*fit([texts[i] for i in fit_rows], [labels[i] for i in fit_rows], seed))
        for i, guess in zip(test_rows, classifier.predict([texts[i] for i in test_rows])):
            predicted[i] = guess
    return predicted


def results_table(examples: list[Example], predicted: list[tuple[str, float]]) -> list[str]:
    """Markdown lines: accuracy, and at each probability threshold the share of blocks labelled and how many
    of those are right."""
    from sklearn.metrics import f1_score

    gold, labels = [e.area for e in examples], [a for a, _ in predicted]
    lines = [f"- Blocks: {len(examples)} from {len({e.plan for e in examples})} plans.",
             f"- Accuracy: {np.mean([g == a for g, a in zip(gold, labels)]):.3f}; "
             f"macro F1: {f1_score(gold, labels, average='macro', zero_division=0):.3f}.", "",
             "| Threshold | Blocks labelled | Accuracy on those |", "|---|---|---|"]
    for threshold in THRESHOLDS:
        kept = [g == a for g, (a, p) in zip(gold, predicted) if p >= threshold]
        accuracy = f"{np.mean(kept):.3f}" if kept else "-"
        lines.append(f"| {threshold:.1f} | {len(kept) / len(examples):.0%} | {accuracy} |")
    return lines


def model_card(classifier: TextClassifier, examples: list[Example], heldout: list[Example], heldout_names: list[str],
               seed: int) -> str:
    """The model card: what the model is, what it learned from, how well it does on plans it never saw."""
    import sklearn

    counts = Counter(e.area for e in examples)
    heldout_lines = (results_table(heldout, classifier.predict([e.text for e in heldout])) if heldout
                     else ["No held-out plans were found."])
    lines = [
        "# Area classifier", "",
        "Guesses the plan area (health, money, contingency ...) of text under a heading the vocabulary does not",
        "know, or with no heading at all (letter-style plans). Use it only when it is confident (see thresholds).",
        "", "## Model", "",
        f"TF-IDF (lowercased word unigrams and bigrams, min_df={SETTINGS['min_df']}, sublinear tf, l2 norm) and",
        f"a multinomial logistic regression (C={SETTINGS['C']}, lbfgs, seed {seed}). "
        f"{len(classifier.terms)} features, {len(classifier.classes)} areas.",
        "Stored as plain data: `area_classifier.json` (settings, vocabulary, idf, classes) and `area_classifier.npz`",
        "(coef, intercept). Prediction uses numpy only.", "",
        "## Training data", "",
        f"All synthetic: {', '.join('fixtures/' + f for f in TRAIN_FOLDERS)} "
        f"({len({e.plan for e in examples})} plans, {len(examples)} blocks).",
        f"Each block of at least {MIN_WORDS} words under a heading the vocabulary recognises (or after a run-in",
        "heading such as \"Money. ...\") is labelled with that heading's area, so labels are only as good as the",
        "heading vocabulary. Left out: document titles, 'Label: value' lines read as headings, blocks with several",
        f"areas, and the areas {', '.join(sorted(NOT_TOPICS))} (they gather text on any topic).", "",
        "| Area | Blocks |", "|---|---|", *(f"| {a} | {n} |" for a, n in sorted(counts.items())), "",
        "## Cross-validation on the training plans", "",
        "Five folds, grouped by plan (a plan's blocks are never split between fitting and testing).", "",
        *results_table(examples, cross_validated(examples, seed)), "",
        "## Held-out results", "",
        f"Blocks chosen the same way from {', '.join(heldout_names)} (never used for "
        "training or for choosing "
        "settings).", "", *heldout_lines, "",
        "## Limits", "",
        "Trained on a few dozen synthetic plans written for this project: expect lower accuracy on real plans.",
        "Text that belongs to none of the areas still gets the nearest area, so use a probability threshold.", "",
        "## Provenance", "",
        f"Trained on {date.today().isoformat()} with Python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}. Rebuild with `pathway-audit train fixtures --out models`.", ""]
    return "\n".join(lines)


def run_train_cli(args: argparse.Namespace) -> int:
    """`pathway-audit train FIXTURES [--out DIR]`."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("pathway-audit: training needs scikit-learn. Install it with: pip install 'pathway-audit[train]'",
              file=sys.stderr)
        return 2
    from .train_goals import TRAIN_FILE, train_goals

    missing = [f"{f} folder" for f in TRAIN_FOLDERS if not (args.fixtures / f).is_dir()]
    missing += [] if (args.fixtures / TRAIN_FILE).is_file() else [TRAIN_FILE]
    if missing:
        print(f"pathway-audit: {args.fixtures} has no {' or '.join(missing)}. "
              "Give the fixtures folder, for example: pathway-audit train fixtures", file=sys.stderr)
        return 2

    result = train(args.fixtures, args.out)
    goals = train_goals(args.fixtures, args.out)
    print(f"Trained the area classifier on {len(result.train)} blocks ({len(result.classifier.classes)} areas) "
          f"and the goal-sentence model on {len(goals.train)} sentences. "
          f"Wrote them and their model cards to {args.out}.")
    return 0
