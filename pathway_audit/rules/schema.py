"""The shape of rule packs, validated with pydantic (unknown keys are errors)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

CRITERIA = ("smart_actions", "young_person_voice", "contingency", "health", "aspiration",
            "identity", "currency", "coverage", "management_oversight", "plain_language")
Criterion = Literal["smart_actions", "young_person_voice", "contingency", "health", "aspiration",
                    "identity", "currency", "coverage", "management_oversight", "plain_language"]
Severity = Literal["critical", "major", "minor", "info"]


def _compiles(pattern: str) -> str:
    """A regular expression must compile, so that a bad one in a council pack fails at load, not mid-check."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc.msg})") from exc
    return pattern


Regex = Annotated[str, AfterValidator(_compiles)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(Strict):
    label: str
    headings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    lines: tuple[Regex, ...] = ()  # regular expressions: a line that matches belongs to this area wherever it is


class Vocabulary(Strict):
    """Words and patterns the annotators use. Every list can be extended by a council pack."""

    areas: dict[str, Area]
    coverage: dict[str, tuple[str, ...]]
    fields: dict[str, tuple[str, ...]]
    field_patterns: dict[str, tuple[Regex, ...]] = {}
    action_columns: dict[Literal["what", "owner", "due", "outcome"], tuple[str, ...]]
    lexicons: dict[str, tuple[str, ...]]
    acronyms: tuple[str, ...] = ()
    jargon: dict[str, str] = {}
    patterns: dict[str, tuple[Regex, ...]]

    @model_validator(mode="before")
    @classmethod
    def _jargon_lexicon(cls, data: Any) -> Any:
        """The `jargon` terms are also a lexicon named "jargon"."""
        if isinstance(data, dict) and data.get("jargon"):
            data = {**data, "lexicons": {**data.get("lexicons", {}), "jargon": list(data["jargon"])}}
        return data


class Source(Strict):
    cite: str
    url: str | None = None


class Example(Strict):
    text: str
    today: date | None = None


class Examples(Strict):
    good: tuple[Example, ...] = Field(min_length=1)
    bad: tuple[Example, ...] = Field(min_length=1)


class Rule(Strict):
    """One check: which detector to run, with what parameters, and what to tell the adviser."""

    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9-]+$")
    criterion: Criterion
    title: str
    rationale: str
    source: Source
    severity: Severity
    weight: float = Field(ge=0, le=100)
    detector: str
    params: dict[str, Any] = {}
    message: str
    suggestion: str
    examples: Examples
    status: Literal["active", "experimental", "deprecated"] = "active"
    version: str = "1"
    tags: tuple[str, ...] = ()


class CriterionScoring(Strict):
    weight: float = Field(ge=0)
    gate: bool = False


class Grade(Strict):
    grade: Literal["outstanding", "good", "requires_improvement", "inadequate"]
    min_score: float


class Scoring(Strict):
    """How findings become criterion statuses, an overall score and a grade."""

    met: float = 75
    partly_met: float = 40
    criteria: dict[Criterion, CriterionScoring]
    grades: tuple[Grade, ...]
    gate_cap: Literal["outstanding", "good", "requires_improvement", "inadequate"] = "requires_improvement"

    @model_validator(mode="after")
    def _bands_cover_zero(self) -> Scoring:
        if not any(g.min_score <= 0 for g in self.grades):
            raise ValueError("one grade must have min_score 0 so every score gets a grade")
        return self


class RuleSet(Strict):
    name: str
    version: str
    packs: tuple[str, ...]
    vocabulary: Vocabulary
    scoring: Scoring
    rules: tuple[Rule, ...]
    disabled: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
