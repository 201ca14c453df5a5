"""The Auditor: load rules once, then check many plans. CLI, batch and API all use it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import __version__, scoring
from .ingest import Limits, read_plan
from .nlp.annotate import AnnotatedPlan, Annotator
from .nlp.text_model import AREA_MODEL, TextClassifier
from .report import ActionOut, CriterionResult, DocumentInfo, Evidence, Finding, Report, RulesetInfo, SectionOut, Tool
from .rules.detectors import Params, check_params, run
from .rules.loader import load_ruleset
from .rules.schema import CRITERIA, Rule, RuleSet
from .sections import Sectionizer

CRITERION_TITLES = {
    "smart_actions": "Clear actions: what, who and by when",
    "young_person_voice": "The young person's own voice",
    "contingency": "Contingency: a real plan B",
    "health": "Health, health history and mental health",
    "aspiration": "Aspirations and goals",
    "identity": "Identity and diversity",
    "currency": "Up to date and reviewed",
    "coverage": "All the required areas",
    "management_oversight": "Manager oversight",
    "plain_language": "Plain, respectful language",
}


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    params: Params


class Auditor:
    """Holds the rule set, the sectionizer and the spaCy pipeline, built once."""

    def __init__(self, packs: tuple[str | Path, ...] | list[str | Path] = (), limits: Limits | None = None,
                 ruleset: RuleSet | None = None) -> None:
        self.ruleset = ruleset or load_ruleset(packs)
        self.limits = limits or Limits()
        vocab = self.ruleset.vocabulary
        self.rules = [CompiledRule(r, check_params(r, vocab)) for r in self.ruleset.rules if r.status != "deprecated"]
        lexicons = {n for c in self.rules for n in c.params.names() if n in vocab.lexicons}
        self.sectionizer = Sectionizer(vocab, TextClassifier.load(AREA_MODEL))
        self.annotator = Annotator(vocab, lexicons)

    def check_file(self, path: str | Path, today: date | None = None) -> Report:
        path = Path(path)
        return self.check_bytes(path.read_bytes(), path.name, today)

    def check_bytes(self, data: bytes, filename: str = "plan", today: date | None = None) -> Report:
        """Read, annotate, evaluate and score one plan. Raises PlanError for unreadable input."""
        return self.report(self.annotate(data, filename, today))

    def annotate(self, data: bytes, filename: str = "plan", today: date | None = None) -> AnnotatedPlan:
        raw = read_plan(data, filename, self.limits)
        plan = self.sectionizer.build(raw, source=filename, sha256=hashlib.sha256(data).hexdigest())
        return self.annotator.annotate(plan, today or date.today())

    def findings(self, ap: AnnotatedPlan, rules: list[CompiledRule] | None = None) -> dict[str, list[Finding]]:
        """Run each rule's detector; group the findings by criterion."""
        out: dict[str, list[Finding]] = {c: [] for c in CRITERIA}
        for compiled in rules or self.rules:
            rule = compiled.rule
            result = run(rule.detector, compiled.params, ap, self.ruleset.vocabulary)
            if result is None:
                continue
            out[rule.criterion].append(Finding(
                rule=rule.id, severity=rule.severity, title=rule.title, message=rule.message,
                suggestion=rule.suggestion, detail=result.detail, source=rule.source.cite,
                deduction=round(rule.weight * result.factor, 1),
                evidence=[Evidence(**vars(e)) for e in result.evidence]))
        return out

    def report(self, ap: AnnotatedPlan) -> Report:
        found = self.findings(ap)
        scores = {c: scoring.criterion_score([f.deduction for f in found[c]]) for c in CRITERIA}
        statuses = {c: scoring.status_for(scores[c], self.ruleset.scoring) for c in CRITERIA}
        plan, meta = ap.plan, ap.plan.metadata
        return Report(
            tool=Tool(version=__version__),
            ruleset=RulesetInfo(name=self.ruleset.name, version=self.ruleset.version, packs=list(self.ruleset.packs)),
            checked_on=ap.today,
            document=DocumentInfo(source=plan.source, sha256=plan.sha256, words=plan.words,
                                  plan_date=meta.plan_date, next_review=meta.next_review,
                                  last_review=meta.last_review, adviser=meta.adviser, team=meta.team,
                                  young_person_id=meta.young_person_id),
            overall=scoring.overall(scores, statuses, self.ruleset.scoring),
            criteria=[CriterionResult(id=c, title=CRITERION_TITLES[c], status=statuses[c], score=scores[c],
                                      findings=sorted(found[c], key=lambda f: -f.deduction)) for c in CRITERIA],
            actions=[ActionOut(text=a.text, section=a.section, owner=a.owner, due=a.due, due_date=a.due_date,
                               specific=a.specific, measurable=a.measurable, smart=a.smart, vague_due=a.vague_due,
                               weak_owner=a.weak_owner, block=a.block, start=a.start, end=a.end)
                     for a in ap.actions],
            sections=self._sections(ap))

    def _sections(self, ap: AnnotatedPlan) -> list[SectionOut]:
        headings: dict[str, str] = {}
        for section in ap.plan.sections:
            for area in section.areas:
                headings.setdefault(area, section.heading)
        present = ap.plan.areas()
        return [SectionOut(area=area, heading=headings.get(area) or None, present=area in present)
                for area in self.ruleset.vocabulary.areas]
