"""caseload.csv and caseload.xlsx: one row per plan, one column per criterion, plain-English words."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..render import GRADE_WORDS, STATUS_WORDS
from ..rules.schema import CRITERIA
from .summary import GAPS, PlanRow, criterion_titles

REVIEW_WORDS = {"overdue": "Overdue", "due_soon": "Due soon", "no_date": "No review date", "in_date": "In date"}
STATUS_FILLS = {"Met": "C6EFCE", "Partly met": "FFEB9C", "Not met": "FFC7CE"}


def table(rows: list[PlanRow]) -> tuple[list[str], list[list[Any]]]:
    """The header and the values, shared by the CSV and the spreadsheet."""
    titles = criterion_titles(rows)
    header = ["File", "Checked", "Problem", "Young person ID", "Adviser", "Team", "Plan date", "Next review",
              "Review", "Score", "Grade", *(titles[c] for c in CRITERIA), "Actions", "Clear actions", "Gaps",
              "Report"]
    body = []
    for row in rows:
        found, clear = row.actions()
        m = row.meta
        body.append([row.name, "Yes" if row.ok else "No", row.error or "", m.young_person_id or "",
                     m.adviser or "", m.team or "", m.plan_date or "", m.next_review or "",
                     REVIEW_WORDS[row.review], row.score if row.ok else "",
                     GRADE_WORDS[row.grade] if row.grade else "",
                     *(STATUS_WORDS[s] if (s := row.status(c)) else "" for c in CRITERIA),
                     found if row.ok else "", clear if row.ok else "",
                     "; ".join(GAPS[g][0] for g in row.gaps), row.report_file or ""])
    return header, body


def write_csv(rows: list[PlanRow], path: Path) -> None:
    header, body = table(rows)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([_csv_safe(v) for v in line] for line in body)


def _csv_safe(value: Any) -> Any:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_xlsx(rows: list[PlanRow], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    header, body = table(rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "Caseload"
    sheet.append(header)
    for line in body:
        sheet.append([_csv_safe(v) for v in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    first_criterion = header.index("Grade") + 2
    for line in sheet.iter_rows(min_row=2, min_col=first_criterion, max_col=first_criterion + len(CRITERIA) - 1):
        for cell in line:
            if fill := STATUS_FILLS.get(cell.value):
                cell.fill = PatternFill("solid", fgColor=fill)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(name), 10) + 2, 40)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
