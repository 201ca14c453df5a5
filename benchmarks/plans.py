"""Deterministic benchmark plans, made from the fixture markdown with `fixtures.build.build_docx`.

A plan of N words is the header of example-good (name, dates, adviser) followed by the sections of the
fixture plans, in a fixed order, until N words are reached. Action tables are kept whole, so every
plan above about 1,000 words has action tables. Only fixtures/plans and fixtures/labelled/dev are used.
"""

from __future__ import annotations

import functools
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, use_source_tree

use_source_tree()

SIZES = {"small": 1_000, "typical": 4_000, "large": 20_000}
SERIES = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000)
QUICK_SERIES = (1_000, 2_000, 4_000, 8_000)
BASE = ROOT / "fixtures" / "plans" / "example-good.md"
STYLE = "headings"
PROPERTIES = {"author": "Benchmark", "created": datetime(2026, 1, 1), "modified": datetime(2026, 1, 1)}


def _sources() -> list[Path]:
    plans = sorted((ROOT / "fixtures" / "plans").glob("*.md"))
    dev = sorted((ROOT / "fixtures" / "labelled" / "dev").glob("*.md"))
    return [BASE] + [p for p in plans + dev if p != BASE]


def _words(line: str) -> int:
    if line.startswith("|") and set(line) <= set("|-: "):
        return 0
    return len(line.lstrip("#-| ").replace("|", " ").split())


@functools.cache
def _body_lines() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(header lines of the base plan, all section lines of every source in order)."""
    header: list[str] = []
    body: list[str] = []
    for source in _sources():
        lines = source.read_text(encoding="utf-8").splitlines()
        first = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
        if first is None:  # a letter with no sections adds nothing to cut up
            continue
        if source == BASE:
            header = lines[:first]
        body.extend(lines[first:])
    return tuple(header), tuple(body)


def compose(words: int) -> str:
    """Markdown for a plan of about `words` words (never stopping inside a table)."""
    header, body = _body_lines()
    out = list(header)
    count = sum(_words(line) for line in out)
    for line in body * (1 + words // max(1, sum(map(_words, body)))):
        if count >= words and not line.startswith("|"):
            break
        out.append(line)
        count += _words(line)
    return "\n".join(out) + "\n"


@functools.cache
def docx_plan(words: int, style: str = STYLE) -> bytes:
    """A .docx plan of about `words` words."""
    from fixtures.build import build_docx

    return restamp(build_docx(compose(words), style, core_properties=PROPERTIES))


def sized(name: str) -> bytes:
    """The small, typical or large benchmark plan."""
    return docx_plan(SIZES[name])


def corpus() -> list[tuple[str, bytes]]:
    """The fixture plans as .docx (those with a style), each in its own labelled style: a varied caseload."""
    import yaml

    out = []
    for source in _sources():
        labels = source.with_suffix(".labels.yaml")
        style = (yaml.safe_load(labels.read_text(encoding="utf-8")) or {}).get("docx_style") if labels.exists() else None
        if style:
            out.append((source.stem, _fixture_docx(source, style)))
    return out


def _fixture_docx(source: Path, style: str) -> bytes:
    from fixtures.build import build_docx

    return restamp(build_docx(source.read_text(encoding="utf-8"), style, core_properties=PROPERTIES))


def restamp(data: bytes, date_time: tuple[int, int, int, int, int, int] = (2026, 1, 1, 0, 0, 0)) -> bytes:
    """The same .docx with every zip timestamp set to `date_time`: fixed bytes, or distinct bytes per stamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=date_time), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

if __name__ == "__main__":
    for n in SERIES:
        md = compose(n)
        print(f"{n:>6} words asked: {sum(map(_words, md.splitlines())):>6} words, "
              f"{sum(line.startswith('|') for line in md.splitlines()):>4} table lines, {len(docx_plan(n)):>7} bytes")
