"""Hide people's names in a report before it is shared: "Hannah Doyle will..." becomes "[name] will...".

Names are found from simple cues, not a language model: the adviser in the plan's details,
action owners, titles ("Mrs Ahmed"), labels ("Personal adviser: Hannah Doyle") and roles next to a
name ("Gareth Lloyd, Team Manager", "Hannah (PA)", "the counsellor, Jo"). Every place a found name
appears is then replaced. It is a help, not a guarantee: a name with no cue nearby can be missed.
Evidence offsets still point into the original plan, so redacted evidence text may be shorter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .report import Report

MASK = "[name]"
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*"
_FULL = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
_ROLE = (r"PA|[Pp]ersonal [Aa]dvis[eo]r|[Ss]ocial [Ww]orker|[Tt]eam [Mm]anager|[Mm]anager|[Nn]urse|[Cc]ounsellor|"
         r"[Tt]utor|[Cc]arers?|[Ff]oster [Cc]arers?|[Kk]ey ?[Ww]orker|[Ss]upport [Ww]orker|IRO|[Mm]entor|[Tt]eacher|"
         r"[Hh]ousing [Oo]fficer|[Ww]ork [Cc]oach|[Aa]dvocate")
_CUES = (
    re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?P<name>{_FULL})"),
    re.compile(rf"\b(?:[Nn]ame|{_ROLE}|[Ss]igned[^:\n]{{0,30}}|[Aa]uthoris(?:ed|ing) by)\s*[:\-–]\s*"
               rf"(?P<name>{_FULL})"),
    re.compile(rf"(?P<name>{_FULL}),?\s+\((?:{_ROLE})\)"),
    re.compile(rf"(?P<name>{_FULL}),\s+(?:the\s+|your\s+)?(?:{_ROLE})\b"),
    re.compile(rf"\b(?:the|your|my)\s+(?:{_ROLE}),\s+(?P<name>{_FULL})"),
)
_NOT_NAMES = {
    "the", "a", "an", "and", "with", "from", "for", "by", "to", "of", "in", "on", "at", "if", "when", "you", "your",
    "i", "we", "me", "my", "our", "they", "she", "he", "her", "his", "their", "it", "this", "that", "all", "team",
    "pa", "personal", "adviser", "advisor", "social", "worker", "manager", "nurse", "carer", "carers", "foster",
    "college", "school", "council", "gp", "leaving", "care", "young", "person", "mum", "dad", "nan", "grandma",
    "housing", "officer", "tutor", "support", "key", "keyworker", "help", "local", "authority", "service",
    "services", "health", "children", "childrens", "children's", "plan", "pathway", "review", "signed", "name",
    "date", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "virtual",
    "jobcentre", "work", "coach", "camhs", "iro", "advocate", "mentor", "teacher", "counsellor", "solicitor",
    "landlord", "therapist", "dentist", "lodgings", "provider", "yes", "no", "none", "not", "tbc", "everyone",
    "everybody", "professionals", "staff", "agencies", "network", "west", "east", "north", "south",
}
_TITLES = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"}


def redact_report(report: Report) -> Report:
    """A copy of `report` with people's names in evidence, actions and details replaced by "[name]"."""
    data = report.model_dump()
    evidence = [e for c in data["criteria"] for f in c["findings"] for e in f["evidence"]]
    texts = [e["text"] for e in evidence] + [a["text"] for a in data["actions"]]
    names = _names(texts, [a["owner"] or "" for a in data["actions"]] + [data["document"]["adviser"] or ""])
    if not names:
        return report
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")

    def hide(text: str | None) -> str | None:
        return pattern.sub(MASK, text) if text else text

    for item in evidence:
        item["text"] = hide(item["text"])
    for action in data["actions"]:
        action["text"], action["owner"] = hide(action["text"]), hide(action["owner"])
    for section in data["sections"]:
        section["heading"] = hide(section["heading"])
    document = data["document"]
    document["adviser"], document["source"] = hide(document["adviser"]), hide(document["source"])
    return Report.model_validate(data)


def _names(texts: Iterable[str], owners: Iterable[str]) -> set[str]:
    """Full names found by the cues and in owner fields, plus each of their words."""
    found: set[str] = set()
    for text in texts:
        for cue in _CUES:
            found.update(m.group("name") for m in cue.finditer(text))
    for owner in owners:
        found.update(re.findall(_FULL, owner))
    names: set[str] = set()
    for candidate in found:
        words = [w for w in candidate.split() if w not in _TITLES]
        if words and not any(w.lower() in _NOT_NAMES for w in words):
            names.update([" ".join(words), *words])
    return names
