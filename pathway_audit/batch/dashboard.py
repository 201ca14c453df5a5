"""caseload.html: a self-contained dashboard for a team manager (CSS bars and inline SVG, no scripts)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..render import GRADE_WORDS


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("pathway_audit.batch", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("caseload.html.j2")


def to_dashboard(summary: dict[str, Any], report_links: dict[str, str]) -> str:
    """Render the summary. `report_links` maps a plan's name to its own report, relative to the page."""
    tallest = max((b["count"] for b in summary["score_bins"]), default=0) or 1
    return _template().render(s=summary, links=report_links, grade_words=GRADE_WORDS, tallest=tallest)
