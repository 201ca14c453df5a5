"""Detectors are the code behind rules. A rule names one and gives its parameters.

Each detector module has a Params model and a `run` function returning a Result when it fires.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ...errors import RulePackError
from ..schema import Rule, Vocabulary
from . import actions, conditional, dates, metrics, phrases, sections, sentences
from .base import Params, Result, check_names

DETECTORS: dict[str, tuple[type[Params], Callable[..., Result | None]]] = {
    "section_present": (sections.SectionParams, sections.run),
    "phrases": (phrases.PhraseParams, phrases.run),
    "sentences": (sentences.SentenceParams, sentences.run),
    "conditional": (conditional.ConditionalParams, conditional.run),
    "actions": (actions.ActionParams, actions.run),
    "metric": (metrics.MetricParams, metrics.run),
    "dates": (dates.DateParams, dates.run),
}
NEEDS_VOCAB = {"metric", "phrases", "dates"}


def parse_params(rule: Rule) -> Params:
    if rule.detector not in DETECTORS:
        raise RulePackError(f"Rule '{rule.id}': unknown detector '{rule.detector}'. "
                            f"Known: {', '.join(sorted(DETECTORS))}.")
    model, _ = DETECTORS[rule.detector]
    try:
        return model.model_validate(rule.params)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise RulePackError(f"Rule '{rule.id}': bad params for {rule.detector} ({problems}).") from exc


def check_params(rule: Rule, vocab: Vocabulary) -> Params:
    """Validate a rule's params and the names it refers to; raise RulePackError naming the rule."""
    params = parse_params(rule)
    problems = check_names(params, vocab)
    if problems:
        raise RulePackError(f"Rule '{rule.id}': {'; '.join(problems)}.")
    return params


def run(detector: str, params: Params, ap: Any, vocab: Vocabulary) -> Result | None:
    _, fn = DETECTORS[detector]
    return fn(params, ap, vocab) if detector in NEEDS_VOCAB else fn(params, ap)
