"""The trained models (area classifier, goal-sentence model): shipped files load, numpy prediction equals
scikit-learn's, training is reproducible and never sees held-out plans."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pathway_audit.evaluate import heldout_folders
from pathway_audit.nlp.text_model import AREA_MODEL, GOAL_MODEL, TextClassifier
from pathway_audit.train import TrainResult, examples_from, fit, to_classifier, train
from pathway_audit.train_goals import SETTINGS as GOAL_SETTINGS
from pathway_audit.train_goals import GoalResult, train_goals

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ODD_TEXTS = ["", "!!!", "zzqx unknownword", "health health health health GP GP", "I"]


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model")


@pytest.fixture(scope="module")
def trained(trained_dir: Path) -> TrainResult:
    return train(FIXTURES, trained_dir)


@pytest.fixture(scope="module")
def goals(trained_dir: Path) -> GoalResult:
    return train_goals(FIXTURES, trained_dir)


def test_shipped_model_loads_and_is_consistent() -> None:
    model = TextClassifier.load(AREA_MODEL)
    assert model.coef.shape == (len(model.classes), len(model.terms))
    assert model.intercept.shape == (len(model.classes),)
    assert model.idf is not None and model.idf.shape == (len(model.terms),)
    assert {"health", "contingency", "finance", "accommodation"} <= set(model.classes)


@pytest.mark.parametrize(("text", "area"), [
    ("I am registered with Dr Patel and see the dentist every six months.", "health"),
    ("If my tenancy breaks down, Priya will help me find emergency housing the same day.", "contingency"),
    ("I get Universal Credit and I budget for my rent and bills each month.", "finance"),
    ("I live in a supported flat on Mill Street. It is near college and I feel safe there.", "accommodation"),
])
def test_shipped_model_gets_obvious_texts_right(text: str, area: str) -> None:
    model = TextClassifier.load(AREA_MODEL)
    predicted, probability = model.predict([text])[0]
    assert predicted == area
    assert probability > 1 / len(model.classes)


def test_numpy_prediction_equals_sklearn(trained: TrainResult) -> None:
    examples = trained.train
    vectorizer, model = fit([e.text for e in examples], [e.area for e in examples])
    texts = [e.text for e in trained.heldout[:80]] + ODD_TEXTS
    expected = model.predict_proba(vectorizer.transform(texts))
    ours = to_classifier(vectorizer, model).predict_proba(texts)
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(ours.argmax(axis=1), expected.argmax(axis=1))


def test_two_class_prediction_equals_sklearn(goals: GoalResult) -> None:
    """A two-class model is stored as two softmax rows; its probabilities are still scikit-learn's."""
    sentences = goals.train
    vectorizer, model = fit([s.text for s in sentences], [str(s.goal) for s in sentences], 0, GOAL_SETTINGS)
    texts = [s.text for s in goals.heldout[:80]] + ODD_TEXTS
    expected = model.predict_proba(vectorizer.transform(texts))
    ours = to_classifier(vectorizer, model)
    np.testing.assert_allclose(ours.predict_proba(texts), expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.yes_probability(texts), expected[:, 1], rtol=1e-9, atol=1e-12)
    assert ours.classes == ("0", "1")


def test_saved_model_predicts_like_the_trained_one(trained: TrainResult, tmp_path: Path) -> None:
    trained.classifier.save(AREA_MODEL, tmp_path)
    loaded = TextClassifier.load(AREA_MODEL, tmp_path)
    texts = [e.text for e in trained.heldout[:20]] + ODD_TEXTS
    np.testing.assert_array_equal(loaded.predict_proba(texts), trained.classifier.predict_proba(texts))
    assert loaded.classes == trained.classifier.classes


def test_training_twice_gives_identical_files(trained_dir: Path, trained, goals, tmp_path: Path) -> None:
    again, goals_again = train(FIXTURES, tmp_path, seed=0), train_goals(FIXTURES, tmp_path, seed=0)
    for name in (AREA_MODEL, GOAL_MODEL):
        for suffix in (".json", ".npz"):
            assert (tmp_path / (name + suffix)).read_bytes() == (trained_dir / (name + suffix)).read_bytes()
    for first, second in ((trained.classifier, again.classifier), (goals.classifier, goals_again.classifier)):
        np.testing.assert_array_equal(first.coef, second.coef)
        np.testing.assert_array_equal(first.intercept, second.intercept)


@pytest.mark.parametrize("name", [AREA_MODEL, GOAL_MODEL])
def test_shipped_model_is_up_to_date(trained_dir: Path, trained, goals, name: str) -> None:
    """The model in models/ is what `pathway-audit train fixtures` makes from today's fixtures and vocabulary:
    the same terms and classes, and the same weights up to rounding (another numerical library build can move
    them in the tenth decimal place)."""
    shipped = Path(__file__).resolve().parents[1] / "models"
    stale = "models/ is stale: run `pathway-audit train fixtures --out models`"
    assert (shipped / f"{name}.json").read_bytes() == (trained_dir / f"{name}.json").read_bytes(), stale
    with np.load(shipped / f"{name}.npz") as ours, np.load(trained_dir / f"{name}.npz") as fresh:
        assert ours.files == fresh.files, stale
        for array in ours.files:
            np.testing.assert_allclose(ours[array], fresh[array], rtol=1e-7, atol=1e-9, err_msg=stale)


def test_area_model_card_names_every_heldout_set() -> None:
    card = (Path(__file__).resolve().parents[1] / "models" / f"{AREA_MODEL}.md").read_text(encoding="utf-8")
    assert all(f"fixtures/labelled/{f.name}," in card or f"fixtures/labelled/{f.name} " in card
               for f in heldout_folders(FIXTURES / "labelled")), "the model card does not name every held-out set"


def test_goal_model_never_trains_on_heldout_plans(goals: GoalResult) -> None:
    heldout = {f"labelled/{f.name}/" for f in heldout_folders(FIXTURES / "labelled")}
    assert goals.train and goals.heldout
    assert not any(s.plan.startswith(tuple(heldout)) for s in goals.train)
    assert all(s.plan.startswith(tuple(heldout)) for s in goals.heldout)


def test_training_never_reads_heldout_plans(trained: TrainResult) -> None:
    folders = heldout_folders(FIXTURES / "labelled")
    assert len(folders) >= 6
    heldout_plans = {p.name for folder in folders for p in folder.iterdir()}
    assert trained.train and not {e.plan for e in trained.train} & heldout_plans
    assert {e.plan for e in trained.heldout} & {p for p in heldout_plans if p.startswith("ho-d")}
    assert {e.area for e in trained.train}.isdisjoint({"action_plan", "review_record"})


def test_examples_come_from_real_headings_only(tmp_path: Path) -> None:
    from pathway_audit.rules.loader import load_ruleset
    from pathway_audit.sections import Sectionizer

    (tmp_path / "p.md").write_text(
        "# Pathway Plan\n\nPlan date: 01/11/2026\n\nSocial worker: Ann Lee\n\nAnn visits every month at home.\n\n"
        "## My health\n\nI see Dr Patel at the surgery.\n\nOK\n\n## Something else\n\nThis text has no area.\n",
        encoding="utf-8")
    examples = examples_from(tmp_path, Sectionizer(load_ruleset([]).vocabulary))
    assert [(e.text, e.area) for e in examples] == [("I see Dr Patel at the surgery.", "health")]


def test_train_cli_explains_a_wrong_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pathway_audit.cli import main

    assert main(["train", str(tmp_path), "--out", str(tmp_path / "models")]) == 2
    assert "has no plans" in capsys.readouterr().err
    assert not (tmp_path / "models").exists()
