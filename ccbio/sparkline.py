"""A target card's sparkline as inline SVG: the months so far, the dashed projection, the target.

The goals page is every user's first screen. Drawn as six Vega-Lite charts, its sparklines made
a new browser fetch and start Vega (~0.8 MB of script and ~17 files) before the first card could
show: 0.15-0.2 s of the wait measured in the benchmark (issue 15). These few lines and labels,
made here on the server, draw with the card. Pure: frames in, an SVG string out.

Text and grid lines take the page's text colour (currentColor), so the chart reads in the light
and the dark theme; each point names its month and value on hover (an SVG <title>), as the Vega
chart's tooltip did.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from ccbio.formatting import format_month

WIDTH, HEIGHT = 300, 110  # viewBox units: the chart scales to the card's width
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 8, 22  # room for the value and month labels
FONT = 11
MAX_STEPS = 4  # value ticks: at most five labels


def nice_ticks(lo: float, hi: float, count: int = 3) -> list[float]:
    """Return round ticks (steps of 1, 2 or 5 x 10^k) from below lo to above hi, about `count`
    steps apart (d3's tick step, which Vega-Lite's axes use) and at most MAX_STEPS."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0, 1.0]
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / count
    step = 10 ** math.floor(math.log10(raw))
    error = raw / step
    step *= (
        10
        if error >= math.sqrt(50)
        else 5
        if error >= math.sqrt(10)
        else 2
        if error >= math.sqrt(2)
        else 1
    )
    while math.ceil(hi / step) - math.floor(lo / step) > MAX_STEPS:  # a 110-px chart: few labels
        leading = round(step / 10 ** math.floor(math.log10(step)))  # 1, 2 or 5
        step *= 2.5 if leading == 2 else 2  # the next round step: 1 -> 2 -> 5 -> 10
    first, last = math.floor(lo / step), math.ceil(hi / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def month_ticks(months: list[str]) -> list[str]:
    """Return the months the x axis labels: each January, or the first and last month if the
    line holds fewer than two Januaries."""
    januaries = [m for m in months if m.endswith("-01")]
    return januaries if len(januaries) >= 2 else [months[0], months[-1]] if months else []


def _label(value: float, step: float) -> str:
    return f"{value:,.0f}" if step >= 1 else f"{value:,.1f}"


def sparkline_svg(
    series: pd.DataFrame,
    proj: pd.DataFrame,
    target: float,
    lang: str,
    color: str,
    labels: dict,
) -> str:
    """Return `series` (month, value) as a line, `proj` (its projection, from the last observed
    month on) dashed after it and `target` as a dotted rule: one <svg> in a <div>, for
    st.markdown(…, unsafe_allow_html=True).

    `labels`: 'actual', 'projection', 'month', 'value' (translated) for the hover texts.
    """
    actual = [
        (m, float(v), labels["actual"])
        for m, v in zip(series["month"], series["value"], strict=True)
    ]
    projected = [
        (m, float(v), labels["projection"])
        for m, v in zip(proj["month"], proj["value"], strict=True)
    ]
    points = actual + projected
    if not points:
        return ""
    months = sorted({m for m, _, _ in points})
    values = [v for _, v, _ in points] + [float(target)]
    ticks = nice_ticks(min(values), max(values))
    lo, hi, step = ticks[0], ticks[-1], (ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    index = {m: i for i, m in enumerate(months)}

    def x(month: str) -> float:
        return LEFT + plot_w * index[month] / max(len(months) - 1, 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - lo) / ((hi - lo) or 1))

    def line(rows, dash: str = "") -> str:
        coords = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v, _ in rows)
        style = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"'
            f'{style} stroke-linejoin="round"/>'
        )

    sep = "：" if lang == "zh" else ": "
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{escape(labels["actual"])} · {escape(labels["projection"])}" '
        f'style="font-size:{FONT}px;font-family:inherit;display:block">'
    ]
    for tick in ticks:  # value grid and labels
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="currentColor" stroke-opacity="0.12"/>'
            f'<text x="{LEFT - 4}" y="{y(tick) + FONT * 0.35:.1f}" text-anchor="end" '
            f'fill="currentColor" fill-opacity="0.65">{_label(tick, step)}</text>'
        )
    for month in month_ticks(months):
        anchor = "start" if month == months[0] else "end" if month == months[-1] else "middle"
        parts.append(
            f'<text x="{x(month):.1f}" y="{HEIGHT - 4}" text-anchor="{anchor}" '
            f'fill="currentColor" fill-opacity="0.65">{escape(format_month(month, lang))}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
        'stroke="#888" stroke-dasharray="2,2" class="goal-sparkline-target"/>'
    )
    parts += [line(actual)] + ([line(projected, "4,3")] if projected else [])
    for month, value, kind in points:  # a hover target per point: its month, value and kind
        tip = (
            f"{labels['month']}{sep}{format_month(month, lang)}\n"
            f"{labels['value']}{sep}{value:,.1f}\n{kind}"
        )
        parts.append(
            f'<circle cx="{x(month):.1f}" cy="{y(value):.1f}" r="4" fill="transparent">'
            f"<title>{escape(tip)}</title></circle>"
        )
    # a <div> line opens a Markdown HTML block (st.markdown draws it); it holds no blank line
    return '<div class="goal-sparkline">' + "".join(parts) + "</svg></div>"
