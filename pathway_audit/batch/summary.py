"""Turn per-plan results into one row per plan and a caseload summary (the data behind every output)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import Any

from ..rules.schema import CRITERIA
from .copypaste import Passage
from .metadata import PlanMeta

GOOD_GRADES = ("outstanding", "good")
WEAKEST_ACTIONS = 25
GAPS = {
    "no_contingency": ("No real plan B (contingency)", "contingency", {"contingency.missing"}),
    "no_voice": ("The young person's voice is missing", "young_person_voice", {"voice.no-views"}),
    "no_health_history": ("No health history given or explained", None, {"health.no-history", "health.missing"}),
}


@dataclass
class PlanRow:
    """One plan in the caseload: who, when, and how it did (or why it could not be checked)."""

    name: str
    meta: PlanMeta
    review: str
    report: dict[str, Any] | None = None
    error: str | None = None
    report_file: str | None = None
    gaps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def score(self) -> int | None:
        return self.report["overall"]["score"] if self.report else None

    @property
    def grade(self) -> str | None:
        return self.report["overall"]["grade"] if self.report else None

    def status(self, criterion: str) -> str | None:
        if not self.report:
            return None
        return next((c["status"] for c in self.report["criteria"] if c["id"] == criterion), None)

    def actions(self) -> tuple[int, int]:
        """(actions found, actions clear on what, who and when)."""
        acts = self.report["actions"] if self.report else []
        return len(acts), sum(1 for a in acts if a["smart"])


def make_row(name: str, meta: PlanMeta, today: date, report: dict[str, Any] | None, error: str | None) -> PlanRow:
    row = PlanRow(name, meta, meta.review_status(today), report, error)
    if report:
        fired = {f["rule"] for c in report["criteria"] for f in c["findings"]}
        row.gaps = [key for key, (_, criterion, rules) in GAPS.items()
                    if fired & rules or (criterion and row.status(criterion) == "not_met")]
    return row


def quantifier(part: int, whole: int) -> str:
    """The words inspectors use for a proportion of plans."""
    if whole == 0 or part == 0:
        return "no"
    share = part / whole
    if share == 1:
        return "all"
    if share >= 0.9:
        return "almost all"
    if share >= 0.65:
        return "most"
    if share >= 0.5:
        return "many"
    if share >= 0.2:
        return "some"
    return "a small number of"


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def criterion_titles(rows: list[PlanRow]) -> dict[str, str]:
    titles = {c: c.replace("_", " ").capitalize() for c in CRITERIA}
    for row in rows:
        if row.report:
            titles.update({c["id"]: c["title"] for c in row.report["criteria"] if c.get("title")})
            break
    return titles


def _group(rows: list[PlanRow], key: str) -> list[dict[str, Any]]:
    groups: dict[str, list[PlanRow]] = defaultdict(list)
    for row in rows:
        groups[getattr(row.meta, key) or "Not recorded"].append(row)
    out = []
    for name, members in sorted(groups.items(), key=lambda kv: (kv[0] == "Not recorded", kv[0].lower())):
        checked = [r for r in members if r.ok]
        good = sum(1 for r in checked if r.grade in GOOD_GRADES)
        teams = sorted({r.meta.team for r in members if r.meta.team})
        out.append({"name": name, "teams": teams, "plans": len(members), "checked": len(checked),
                    "average_score": round(mean(r.score for r in checked)) if checked else None,
                    "good_or_better": good, "good_or_better_percent": _percent(good, len(checked)),
                    "overdue": sum(1 for r in members if r.review == "overdue"),
                    "no_review_date": sum(1 for r in members if r.review == "no_date"),
                    **{gap: sum(1 for r in members if gap in r.gaps) for gap in GAPS}})
    return out


def _weakest_actions(rows: list[PlanRow]) -> list[dict[str, Any]]:
    found = []
    for row in rows:
        for action in (row.report or {}).get("actions", []):
            missing = [label for label, gap in (
                ("who", not action["owner"] or action["weak_owner"]),
                ("by when", not action["due"] or action["vague_due"]),
                ("what exactly", not action["specific"]),
                ("how we will know", not action["measurable"])) if gap]
            if missing:
                found.append({"file": row.name, "adviser": row.meta.adviser, "text": action["text"],
                              "missing": missing})
    found.sort(key=lambda a: -len(a["missing"]))
    return found[:WEAKEST_ACTIONS]


def _review_list(rows: list[PlanRow], status: str, today: date) -> list[dict[str, Any]]:
    picked = [r for r in rows if r.review == status]
    picked.sort(key=lambda r: (r.meta.next_review or date.max, r.name))
    return [{"file": r.name, "adviser": r.meta.adviser, "team": r.meta.team,
             "young_person_id": r.meta.young_person_id,
             "next_review": r.meta.next_review.isoformat() if r.meta.next_review else None,
             "days": (r.meta.next_review - today).days if r.meta.next_review else None} for r in picked]


def summarise(rows: list[PlanRow], passages: list[Passage], texts: dict[str, str], today: date,
              problems: list[tuple[str, str]]) -> dict[str, Any]:
    """The caseload summary: a plain dict, written as JSON and drawn as the dashboard."""
    checked = [r for r in rows if r.ok]
    n = len(checked)
    titles = criterion_titles(rows)
    criteria = []
    for cid in CRITERIA:
        counts = Counter(r.status(cid) for r in checked)
        criteria.append({"id": cid, "title": titles[cid], "met": counts["met"], "partly_met": counts["partly_met"],
                         "not_met": counts["not_met"], "not_applicable": counts["not_applicable"],
                         "met_percent": _percent(counts["met"], n),
                         "partly_met_percent": _percent(counts["partly_met"], n),
                         "not_met_percent": _percent(counts["not_met"], n),
                         "quantifier": quantifier(counts["met"], n)})
    bins = Counter(min(r.score // 10, 9) for r in checked)
    grades = Counter(r.grade for r in checked)
    return {
        "checked_on": today.isoformat(),
        "plans": len(rows) + len(problems), "checked": n, "not_checked": len(rows) - n + len(problems),
        "average_score": round(mean(r.score for r in checked)) if checked else None,
        "grades": {g: grades[g] for g in ("outstanding", "good", "requires_improvement", "inadequate")},
        "good_or_better_quantifier": quantifier(sum(grades[g] for g in GOOD_GRADES), n),
        "criteria": criteria,
        "score_bins": [{"from": b * 10, "to": b * 10 + 9 if b < 9 else 100, "count": bins[b]} for b in range(10)],
        "advisers": _group(rows, "adviser"),
        "teams": _group(rows, "team"),
        "reviews": {s: _review_list(rows, s, today) for s in ("overdue", "due_soon", "no_date")},
        "gaps": [{"id": gap, "title": title, "plans": [r.name for r in rows if gap in r.gaps],
                  "quantifier": quantifier(sum(1 for r in checked if gap in r.gaps), n)}
                 for gap, (title, _, _) in GAPS.items()],
        "weakest_actions": _weakest_actions(rows),
        "copy_paste": [{"text": " ".join(texts.get(d) or "[text not kept from an earlier run]" for d in p.digests),
                        "sentences": p.sentences, "young_people": p.young_people, "plans": list(p.plans)}
                       for p in passages],
        "not_checked_files": [{"file": r.name, "message": r.error} for r in rows if not r.ok]
        + [{"file": name, "message": message} for name, message in problems],
    }
