"""The area classifier: shipped files load, numpy prediction equals scikit-learn's, training is reproducible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pathway_audit.evaluate import heldout_folders
from pathway_audit.nlp.area_model import NAME, AreaClassifier
from pathway_audit.train import TrainResult, examples_from, fit, to_classifier, train

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ODD_TEXTS = ["", "!!!", "zzqx unknownword", "health health health health GP GP", "I"]


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model")


@pytest.fixture(scope="module")
def trained(trained_dir: Path) -> TrainResult:
    return train(FIXTURES, trained_dir)


def test_shipped_model_loads_and_is_consistent() -> None:
    model = AreaClassifier.load()
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
    model = AreaClassifier.load()
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


def test_saved_model_predicts_like_the_trained_one(trained: TrainResult, tmp_path: Path) -> None:
    trained.classifier.save(tmp_path)
    loaded = AreaClassifier.load(tmp_path)
    texts = [e.text for e in trained.heldout[:20]] + ODD_TEXTS
    np.testing.assert_array_equal(loaded.predict_proba(texts), trained.classifier.predict_proba(texts))
    assert loaded.classes == trained.classifier.classes


def test_training_twice_gives_identical_files(trained_dir: Path, trained, tmp_path: Path) -> None:
    again = train(FIXTURES, tmp_path, seed=0)
    for suffix in (".json", ".npz"):
        assert (tmp_path / (NAME + suffix)).read_bytes() == (trained_dir / (NAME + suffix)).read_bytes()
    np.testing.assert_array_equal(again.classifier.coef, trained.classifier.coef)
    np.testing.assert_array_equal(again.classifier.intercept, trained.classifier.intercept)


def test_shipped_model_is_up_to_date(trained_dir: Path, trained) -> None:
    """The model in models/ is what `pathway-audit train fixtures` makes from today's fixtures and vocabulary:
    the same terms and classes, and the same weights up to rounding (another numerical library build can move
    them in the tenth decimal place)."""
    shipped = Path(__file__).resolve().parents[1] / "models"
    stale = "models/ is stale: run `pathway-audit train fixtures --out models`"
    assert (shipped / f"{NAME}.json").read_bytes() == (trained_dir / f"{NAME}.json").read_bytes(), stale
    with np.load(shipped / f"{NAME}.npz") as ours, np.load(trained_dir / f"{NAME}.npz") as fresh:
        assert ours.files == fresh.files, stale
        for name in ours.files:
            np.testing.assert_allclose(ours[name], fresh[name], rtol=1e-7, atol=1e-9, err_msg=stale)
    card = (shipped / f"{NAME}.md").read_text(encoding="utf-8")
    assert all(f"fixtures/labelled/{f.name}," in card or f"fixtures/labelled/{f.name} " in card
               for f in heldout_folders(FIXTURES / "labelled")), "the model card does not name every held-out set"


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
