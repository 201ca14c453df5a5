"""Small text classifiers trained by `pathway_audit.train` with scikit-learn:

- `area_classifier` guesses a plan area (health, money, ...) for text under an unknown heading or with none;
- `goal_sentences` tells whether a sentence states a clear goal of the young person's own (classes "0", "1").

Each is a TF-IDF over lowercased word unigrams and bigrams, then a logistic regression, stored as plain data
(never pickle): `NAME.json` (settings, vocabulary, idf, classes) and `NAME.npz` (coef, intercept).
Loading and predicting need only numpy and the standard library, and give the same probabilities as
scikit-learn's `predict_proba`.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

AREA_MODEL = "area_classifier"
GOAL_MODEL = "goal_sentences"
FORMAT = 1
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default


def default_dir() -> Path:
    """The models folder shipped with the package."""
    return Path(__file__).resolve().parents[1] / "models"


@dataclass(frozen=True, eq=False)
class TextClassifier:
    """Feature settings and weights of a fitted TF-IDF + logistic regression model."""

    terms: tuple[str, ...]
    idf: np.ndarray | None
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, terms)
    intercept: np.ndarray  # (classes,)
    ngram_range: tuple[int, int] = (1, 2)
    sublinear_tf: bool = False
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.terms)})

    # -- features, as scikit-learn's TfidfVectorizer(lowercase=True, norm="l2") computes them ----------------
    def _ngrams(self, text: str) -> Iterable[str]:
        tokens = re.findall(TOKEN_PATTERN, text.lower())
        low, high = self.ngram_range
        for n in range(low, high + 1):
            for i in range(len(tokens) - n + 1):
                yield " ".join(tokens[i:i + n])

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(column indices, values) of one text's non-zero features."""
        index = self._index
        counts = Counter(index[g] for g in self._ngrams(text) if g in index)
        cols = np.array(sorted(counts), dtype=np.intp)
        values = np.array([counts[c] for c in cols], dtype=np.float64)
        if self.sublinear_tf:
            values = np.log(values) + 1.0
        if self.idf is not None:
            values = values * self.idf[cols]
        norm = math.sqrt(float(np.dot(values, values)))
        return cols, (values / norm if norm else values)

    # -- prediction ------------------------------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of each class (columns in `classes` order) for each text."""
        scores = np.empty((len(texts), len(self.classes)))
        for row, text in enumerate(texts):
            cols, values = self._vector(text)
            scores[row] = self.coef[:, cols] @ values + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def yes_probability(self, texts: Sequence[str]) -> np.ndarray:
        """For a two-class model (classes "0" and "1"): the probability of "1" (yes) for each text."""
        return self.predict_proba(texts)[:, self.classes.index("1")]

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most likely class and its probability, for each text."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(self.classes[i], float(proba[row, i])) for row, i in enumerate(best)]

    # -- storage ---------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, name: str, directory: str | Path | None = None) -> TextClassifier:
        """Read model `name` from `directory` (default: the package's models folder)."""
        directory = Path(directory) if directory is not None else default_dir()
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{name}.json has format {meta.get('format')!r}; this version reads {FORMAT}.")
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            coef, intercept = arrays["coef"], arrays["intercept"]
        idf = None if meta["idf"] is None else np.array(meta["idf"], dtype=np.float64)
        return cls(terms=tuple(meta["vocabulary"]), idf=idf, classes=tuple(meta["classes"]), coef=coef,
                   intercept=intercept, ngram_range=tuple(meta["ngram_range"]), sublinear_tf=meta["sublinear_tf"])

    def save(self, name: str, directory: str | Path) -> None:
        """Write the .json and .npz files; the same model always gives the same bytes."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT, "kind": "tfidf + logistic regression", "lowercase": True,
                "token_pattern": TOKEN_PATTERN, "ngram_range": list(self.ngram_range), "norm": "l2",
                "sublinear_tf": self.sublinear_tf, "classes": list(self.classes),
                "idf": None if self.idf is None else self.idf.tolist(), "vocabulary": list(self.terms)}
        (directory / f"{name}.json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
        _write_npz(directory / f"{name}.npz", {"coef": self.coef, "intercept": self.intercept})


@cache
def shipped(name: str) -> TextClassifier:
    """Model `name` from the package's models folder, read once per process."""
    return TextClassifier.load(name)


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like numpy.savez_compressed, but with fixed zip timestamps so the bytes are reproducible."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
