"""Who and when for each plan: adviser, team, young person id, plan date and next review.

Taken from the plan's own fields, then the .docx author (as adviser), and overridden by an
optional manifest CSV with one row per file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import PlanError
from ..nlp.dates import parse_date

FIELDS = ("adviser", "team", "young_person_id", "plan_date", "next_review")
_ALIASES = {
    "file": "file", "filename": "file", "file name": "file", "plan": "file", "path": "file",
    "adviser": "adviser", "personal adviser": "adviser", "pa": "adviser", "worker": "adviser",
    "team": "team",
    "young person id": "young_person_id", "young_person_id": "young_person_id", "yp id": "young_person_id",
    "id": "young_person_id", "child id": "young_person_id",
    "plan date": "plan_date", "plan_date": "plan_date",
    "next review": "next_review", "next_review": "next_review", "next review date": "next_review",
}
DUE_SOON_DAYS = 28


@dataclass(frozen=True)
class PlanMeta:
    adviser: str | None = None
    team: str | None = None
    young_person_id: str | None = None
    plan_date: date | None = None
    next_review: date | None = None

    def review_status(self, today: date) -> str:
        """overdue, due_soon, no_date or in_date."""
        if self.next_review is None:
            return "no_date"
        if self.next_review < today:
            return "overdue"
        return "due_soon" if (self.next_review - today).days <= DUE_SOON_DAYS else "in_date"


def from_report(report: dict[str, Any], author: str | None) -> PlanMeta:
    """Metadata the checker found in the plan; the .docx author stands in for a missing adviser."""
    doc = report["document"]
    return PlanMeta(adviser=doc.get("adviser") or author, team=doc.get("team"),
                    young_person_id=doc.get("young_person_id"),
                    plan_date=_iso(doc.get("plan_date")), next_review=_iso(doc.get("next_review")))


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class Manifest:
    """A CSV with a file column and any of adviser, team, young person id, plan date, next review."""

    def __init__(self, rows: dict[str, dict[str, Any]]) -> None:
        self.rows = rows

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                columns = {name: _ALIASES.get(name.strip().lower()) for name in reader.fieldnames or []}
                if "file" not in columns.values():
                    raise PlanError(f"The manifest {path.name} needs a 'file' column naming each plan.",
                                    code="bad_manifest")
                rows: dict[str, dict[str, Any]] = {}
                for line, raw in enumerate(reader, start=2):
                    row = {columns[k]: (v or "").strip() for k, v in raw.items() if k and columns.get(k)}
                    rows[row["file"].lower()] = {k: _value(k, v, path.name, line) for k, v in row.items()
                                                 if k != "file" and v}
        except FileNotFoundError as exc:
            raise PlanError(f"Cannot find the manifest {path}.", code="not_found") from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise PlanError(f"The manifest {path.name} is not a readable CSV file.", code="bad_manifest") from exc
        return cls(rows)

    def apply(self, name: str, meta: PlanMeta) -> PlanMeta:
        """Override with the manifest row for this plan: matched on the full name, then the file name."""
        row = self.rows.get(name.lower()) or self.rows.get(name.rsplit("/", 1)[-1].lower())
        return replace(meta, **row) if row else meta


def _value(field: str, value: str, manifest: str, line: int) -> Any:
    if field not in ("plan_date", "next_review"):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise PlanError(f"The manifest {manifest} has a date we cannot read on line {line}. "
                        "Use a form like 2026-11-24 or 24/11/2026.", code="bad_manifest")
    return parsed
