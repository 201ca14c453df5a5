"""Put a batch together: results -> rows with metadata -> copied passages -> summary. Used by CLI and API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .copypaste import Passage, PlanText, find_shared
from .metadata import Manifest, PlanMeta, from_report
from .runner import PlanResult
from .summary import PlanRow, make_row, summarise


@dataclass
class Caseload:
    rows: list[PlanRow]
    passages: list[Passage]
    summary: dict[str, Any]

    def shown_digests(self) -> set[str]:
        """Sentences that appear in the copied-passages list (the only plan text kept in the cache)."""
        return {d for p in self.passages for d in p.digests}


def assemble(results: list[PlanResult], today: date, manifest: Manifest | None = None,
             problems: list[tuple[str, str]] | None = None) -> Caseload:
    rows = []
    for result in results:
        meta = from_report(result.report, result.author) if result.report else PlanMeta()
        if manifest:
            meta = manifest.apply(result.name, meta)
        rows.append(make_row(result.name, meta, today, result.report, result.error))
    texts = {d: t for r in results for d, t in r.sentences if t}
    passages = find_shared([PlanText(r.name, _person(row), tuple(d for d, _ in r.sentences))
                            for r, row in zip(results, rows) if r.ok])
    return Caseload(rows, passages, summarise(rows, passages, texts, today, problems or []))


def _person(row: PlanRow) -> str:
    """Whose plan it is: the young person id, or the file itself when the id is not known."""
    return f"id:{row.meta.young_person_id.strip().lower()}" if row.meta.young_person_id else f"file:{row.name}"
