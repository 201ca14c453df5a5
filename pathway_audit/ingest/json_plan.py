"""Read structured plans sent by case systems as JSON.

Shape: {"metadata": {...}, "sections": [{"heading": str, "text": str | [str],
"actions": [{"what": str, "who": str, "when": str, "outcome": str}]}]}.
"""

from __future__ import annotations

from typing import Any

from ..errors import PlanError
from ..plan import RawBlock, RawPlan

ACTION_HEADER = ("What", "Who", "By when", "How will we know")
FIELD_LABELS = {"plan_date": "Plan date", "last_review": "Last review", "next_review": "Next review",
                "adviser": "Personal adviser", "team": "Team", "young_person_id": "Young person ID",
                "date_of_birth": "Date of birth", "manager": "Manager"}


def read_json(payload: Any) -> RawPlan:
    """Validate the JSON shape and turn sections into blocks."""
    from pydantic import ValidationError

    from ..report import JsonPlan

    try:
        plan = JsonPlan.model_validate(payload)
    except ValidationError as exc:
        where = "; ".join(_where(e["loc"]) + ": " + e["msg"] for e in exc.errors()[:5])
        raise PlanError(f"The JSON plan does not have the expected shape ({where}).",
                        code="bad_json", status=422) from exc
    blocks = [RawBlock("paragraph", f"{FIELD_LABELS[k]}: {v}")
              for k, v in plan.metadata.model_dump(exclude_none=True).items()]
    for section in plan.sections:
        blocks.append(RawBlock("heading", section.heading))
        texts = [section.text] if isinstance(section.text, str) else section.text
        for text in texts:
            blocks.extend(RawBlock("paragraph", " ".join(p.split())) for p in text.split("\n\n") if p.strip())
        for action in section.actions:
            cells = (action.what, action.who or "", action.when or "", action.outcome or "")
            blocks.append(RawBlock("table_row", " | ".join(cells), cells=cells, header=ACTION_HEADER))
    return RawPlan(blocks=blocks)


def _where(loc: tuple[int | str, ...]) -> str:
    """The path to a JSON error, with unknown keys (which may hold plan text) left out."""
    from ..report import JsonAction, JsonMetadata, JsonPlan, JsonSection

    known = {"str", "list[str]"}.union(*(m.model_fields for m in (JsonPlan, JsonSection, JsonAction, JsonMetadata)))
    return ".".join(str(p) if isinstance(p, int) or p in known else "(unknown field)" for p in loc) or "(top level)"
