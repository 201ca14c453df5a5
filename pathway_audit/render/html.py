"""A self-contained HTML report (no external files), with the evidence highlighted in place."""

from __future__ import annotations

from functools import lru_cache

from ..report import Report
from . import GRADE_WORDS, STATUS_WORDS


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("pathway_audit.render", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    return env.get_template("report.html.j2")


def to_html(report: Report, *, fragment: bool = False) -> str:
    return _template().render(report=report, status_words=STATUS_WORDS, grade_words=GRADE_WORDS,
                              fragment=fragment)
