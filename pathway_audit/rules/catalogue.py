"""Human-readable views of the rules in force: a list, one rule explained, the effective config."""

from __future__ import annotations

import textwrap

import yaml

from .schema import Rule, RuleSet


def list_rules(ruleset: RuleSet) -> str:
    lines = [f"Rules in force: {ruleset.name} {ruleset.version} ({len(ruleset.rules)} rules; packs: {', '.join(ruleset.packs)})"]
    if ruleset.disabled:
        lines.append(f"Switched off: {', '.join(ruleset.disabled)}")
    current = None
    for rule in sorted(ruleset.rules, key=lambda r: (r.criterion, -r.weight)):
        if rule.criterion != current:
            current = rule.criterion
            lines.append(f"\n{current.replace('_', ' ').capitalize()}")
        lines.append(f"  {rule.id:<36} {rule.severity:<8} {rule.weight:>5g}  {rule.title}")
    return "\n".join(lines)


def describe_rule(rule: Rule) -> str:
    wrap = lambda label, text: textwrap.fill(" ".join(text.split()), 92, initial_indent=f"{label:<12}",  # noqa: E731
                                             subsequent_indent=" " * 12)
    lines = [f"{rule.id}: {rule.title}", "",
             wrap("Criterion", rule.criterion), wrap("Severity", f"{rule.severity} (up to {rule.weight:g} points)"),
             wrap("Why", rule.rationale), wrap("Source", rule.source.cite + (f" <{rule.source.url}>" if rule.source.url else "")),
             wrap("Message", rule.message), wrap("Suggestion", rule.suggestion),
             wrap("Detector", f"{rule.detector} {dict(rule.params)}"), ""]
    for kind, examples in (("Good", rule.examples.good), ("Bad", rule.examples.bad)):
        for ex in examples:
            lines.append(f"{kind} example:")
            lines.extend("    " + line for line in ex.text.strip().splitlines())
    return "\n".join(lines)


def effective_config(ruleset: RuleSet) -> str:
    """The vocabulary, scoring and rule switches after every pack is applied, as YAML."""
    data = {"packs": list(ruleset.packs), "disabled": list(ruleset.disabled),
            "scoring": ruleset.scoring.model_dump(mode="json"),
            "vocabulary": ruleset.vocabulary.model_dump(mode="json")}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
