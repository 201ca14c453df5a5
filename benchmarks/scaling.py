"""How check time grows with plan length: a series of plans (1k..32k words), a straight-line fit and an SVG chart.

The fit is time = intercept + slope * words (least squares) with R^2; the log-log exponent is also given
(1.0 means linear; 2.0 would mean quadratic).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import RESULTS, run_as_script
from benchmarks.latency import STAGES, build_auditor, measure
from benchmarks.plans import QUICK_SERIES, SERIES, docx_plan

COLOURS = {"total": "#1b4f72", "ingest": "#d35400", "sectionize": "#7d3c98", "annotate": "#117a65",
           "evaluate_score": "#b7950b"}


def fit(xs: list[float], ys: list[float]) -> dict[str, float]:
    """Least-squares line through (xs, ys): slope, intercept and R^2."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    ss_tot = sum((y - my) ** 2 for y in ys)
    return {"slope": slope, "intercept": intercept, "r2": 1 - ss_res / ss_tot if ss_tot else 1.0}


def run(quick: bool = False, svg: Path | None = RESULTS / "scaling.svg") -> dict:
    """Median check time per plan length, the fit, and (optionally) the chart."""
    auditor, _ = build_auditor()
    series = QUICK_SERIES if quick else SERIES
    points = []
    for words in series:
        runs = max(3, (8 if quick else 20) * 4_000 // words)
        m = measure(auditor, docx_plan(words), f"plan-{words}.docx", runs)
        points.append({"words": m["words"], "median_ms": m["median_ms"], "p95_ms": m["p95_ms"],
                       **{s: m["stages_median_ms"][s] for s in STAGES}})
    xs = [p["words"] for p in points]
    line = fit(xs, [p["median_ms"] for p in points])
    loglog = fit([math.log(x) for x in xs], [math.log(p["median_ms"]) for p in points])
    result = {"points": points, "ms_per_1000_words": round(line["slope"] * 1000, 2),
              "intercept_ms": round(line["intercept"], 1), "r2": round(line["r2"], 4),
              "loglog_exponent": round(loglog["slope"], 3),
              "stage_ms_per_1000_words": {s: round(fit(xs, [p[s] for p in points])["slope"] * 1000, 2)
                                          for s in STAGES}}
    if svg is not None:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(chart(points, line), encoding="utf-8")
        result["chart"] = str(svg.relative_to(RESULTS.parents[1]))
    return result


def chart(points: list[dict], line: dict[str, float], width: int = 720, height: int = 440) -> str:
    """A hand-written SVG line chart: total and per-stage median time against words, with the fitted line."""
    left, right, top, bottom = 70, 170, 40, 60
    max_x = max(p["words"] for p in points) * 1.05
    max_y = max(p["median_ms"] for p in points) * 1.1

    def sx(x: float) -> float:
        return left + x / max_x * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - y / max_y * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="22" font-size="15">Check time against plan length (median of warm runs)</text>']
    for i in range(6):
        y, x = max_y * i / 5, max_x * i / 5
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.0f}</text>')
        parts.append(f'<text x="{sx(x):.1f}" y="{height - bottom + 18}" text-anchor="middle">{x / 1000:.0f}k</text>')
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{height - bottom}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" y2="{height - bottom}" stroke="#333"/>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 15}" text-anchor="middle">words in the plan</text>')
    parts.append(f'<text x="18" y="{(top + height - bottom) / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 18 {(top + height - bottom) / 2})">milliseconds</text>')
    fx = [0, max_x / 1.05]
    parts.append(f'<line x1="{sx(fx[0]):.1f}" y1="{sy(line["intercept"]):.1f}" x2="{sx(fx[1]):.1f}" '
                 f'y2="{sy(line["intercept"] + line["slope"] * fx[1]):.1f}" stroke="#999" stroke-dasharray="5 4"/>')
    for row, (key, colour) in enumerate(COLOURS.items()):
        field = "median_ms" if key == "total" else key
        coords = " ".join(f"{sx(p['words']):.1f},{sy(p[field]):.1f}" for p in points)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(f'<circle cx="{sx(p["words"]):.1f}" cy="{sy(p[field]):.1f}" r="3" fill="{colour}"/>'
                     for p in points)
        ly = top + 20 + row * 20
        parts.append(f'<line x1="{width - right + 15}" x2="{width - right + 35}" y1="{ly}" y2="{ly}" '
                     f'stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{width - right + 40}" y="{ly + 4}">{key.replace("_", " + ")}</text>')
    ly = top + 20 + len(COLOURS) * 20
    parts.append(f'<line x1="{width - right + 15}" x2="{width - right + 35}" y1="{ly}" y2="{ly}" stroke="#999" '
                 f'stroke-dasharray="5 4"/>')
    parts.append(f'<text x="{width - right + 40}" y="{ly + 4}">fit, R² {line["r2"]:.3f}</text>')
    parts.append(f'<text x="{width - right + 15}" y="{ly + 24}">{line["slope"] * 1000:.1f} ms per 1k words</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    run_as_script(run, __doc__)
