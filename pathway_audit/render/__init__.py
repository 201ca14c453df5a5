"""Turn a Report into text for a terminal, JSON, or a self-contained HTML page."""

from __future__ import annotations

from ..report import Report

STATUS_WORDS = {"met": "Met", "partly_met": "Partly met", "not_met": "Not met", "not_applicable": "Not applicable"}
GRADE_WORDS = {"outstanding": "Outstanding", "good": "Good", "requires_improvement": "Requires improvement",
               "inadequate": "Inadequate"}


def to_json(report: Report) -> str:
    return report.model_dump_json(indent=2)


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "html":
        from .html import to_html
        return to_html(report)
    from .text import to_text
    return to_text(report)
