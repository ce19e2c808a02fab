"""The briefing's content (专报) as plain data: sections of paragraphs, tables, lists and charts.

One document feeds both the PDF (Typst) and the Word file, so both carry the same figures as
the assessment page: the tables and sentences come from ccbio.assessment_report.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from ccbio import assessment_report as ar
from ccbio import charts, data
from ccbio.formatting import format_count, format_month, format_pct, format_yi
from ccbio.i18n import t

LEVEL_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}
ALERTS_SHOWN = 12


def _table(df: pd.DataFrame) -> dict:
    """Return a table block: header and rows as text."""
    rows = [["" if pd.isna(v) else str(v) for v in r] for r in df.itertuples(index=False)]
    return {"kind": "table", "header": [str(c) for c in df.columns], "rows": rows}


def _chart(name: str, chart: alt.TopLevelMixin, caption: str) -> dict:
    return {"kind": "chart", "name": name, "spec": chart.to_dict(), "caption": caption}


def _para(text: str, strong: bool = False) -> dict:
    return {"kind": "para", "text": text, "strong": strong}


def attainment_chart(rep: ar.Report, lang: str) -> alt.Chart:
    """Return bars of each target's attainment (value ÷ target) coloured by class."""
    rows = rep.table.assign(
        target=rep.table["name_zh" if lang == "zh" else "name_en"],
        pct=(100 * rep.table["ratio"]).round(1),
        colour=rep.table["class_level"].map(LEVEL_COLOURS),
        label=[format_pct(r, 1) for r in rep.table["ratio"]],
    )
    return charts.bars(
        rows,
        "target",
        "pct",
        "",
        t("assessment.col_ratio", lang) + " (%)",
        label_col="label",
        color_col="colour",
        value_format=",.0f",
    ).properties(width=420)


def open_alerts(period: str) -> tuple[pd.DataFrame, dict]:
    """Return (the alerts open in snapshot `period`, red/amber counts), as the monitoring page finds them."""
    from ccbio import rules
    from ccbio.monitoring_view import evaluate_alerts

    found, counts, _ = evaluate_alerts(period, (), (), rules.current())
    return found, counts


def alerts_block(period: str, lang: str) -> list[dict]:
    """Return the open warnings: counts, then the most severe ones in words."""
    found, counts = open_alerts(period)
    zh = lang == "zh"
    blocks = [_para(t("briefing.alert_counts", lang, red=counts["red"], amber=counts["amber"]))]
    if found.empty:
        return blocks
    shown = found.head(ALERTS_SHOWN)
    reasons = shown["reason_zh" if zh else "reason_en"]  # they name their rule, never its id
    frame = pd.DataFrame(
        {
            t("briefing.col_level", lang): shown["level"].map(
                lambda v: t(f"common.status_{v}", lang)
            ),
            t("briefing.col_figure", lang): shown["figure_zh" if zh else "figure_en"],
            t("briefing.col_reason", lang): reasons,
        }
    )
    return [*blocks, _table(frame)]


def parks_and_sectors(month: str, lang: str) -> list[dict]:
    """Return the parks' and programmes' figures at `month`: firms, output, projects, investment."""
    zh = lang == "zh"
    parks = data.park_summary(month).sort_values("output_value_yi", ascending=False)
    sectors = data.sector_summary(month).sort_values("output_value_yi", ascending=False)

    def frame(df, name_col):
        return pd.DataFrame(
            {
                t("assessment.col_member", lang): df[name_col],
                t("briefing.col_firms", lang): [
                    format_count(v, lang, "firms") for v in df["enterprises"]
                ],
                t("briefing.col_output", lang): [
                    format_yi(v, lang, 1) for v in df["output_value_yi"]
                ],
                t("briefing.col_projects", lang): [
                    format_count(v, lang, "projects") for v in df["projects"]
                ],
                t("assessment.col_investment", lang): [
                    format_yi(v, lang, 1) for v in df["investment_yi"]
                ],
            }
        )

    return [
        _para(t("assessment.by_park", lang), strong=True),
        _table(frame(parks, "name_zh" if zh else "name_en")),
        _para(t("assessment.by_sector", lang), strong=True),
        _table(frame(sectors, "name_zh" if zh else "name_en")),
    ]


def pipeline_blocks(rep: ar.Report, lang: str) -> list[dict]:
    """Return the pipeline's fate: sentences, the cohort table, the funnel at the end, stalled projects."""
    stages = data.pipeline_by_stage(rep.state_period)
    stages = stages.assign(
        stage_name=stages["name_zh" if lang == "zh" else "name_en"],
        label=[
            f"{format_count(n, lang, 'projects')} · {format_yi(v, lang, 1)}"
            for n, v in zip(stages["projects"], stages["investment_yi"], strict=True)
        ],
    )
    funnel = charts.funnel(
        stages, "stage_name", "projects", "label", t("assessment.col_projects", lang), ""
    ).properties(width=440)
    caption = t("briefing.funnel_caption", lang, month=format_month(rep.state_period, lang))
    cohort = [_table(ar.cohort_frame(rep, lang))] if not rep.cohort.empty else []
    return [
        *(_para(s) for s in ar.cohort_sentences(rep, lang)),
        *cohort,
        _chart("funnel", funnel, caption),
        _para(t("assessment.stalled_title", lang), strong=True),
        _table(ar.stalled_frame(rep, lang).head(5)),
    ]


def sources_blocks(rep: ar.Report, lang: str) -> dict:
    """Return the sources and the data note: the plan, the 2023 figures, the snapshot and month."""
    return {
        "kind": "list",
        "items": [
            t("briefing.source_plan", lang, source=rep.plan.text("source", lang)),
            t("briefing.source_report", lang),
            t(
                "assessment.how_snapshot",
                lang,
                snapshot=format_month(rep.snapshot, lang),
                month=format_month(rep.month, lang),
            ),
            t("common.demo_note", lang),
        ],
    }


def document(period: str, lang: str, today: dt.date | None = None) -> dict:
    """Return the whole briefing for snapshot `period` in `lang` as plain data."""
    rep = ar.report(period)
    if rep is None:
        raise ValueError(t("assessment.no_plan", lang))
    today = today or dt.date.today()
    growth = ar.sources_frame(rep, "output_value", "park", lang)
    growth_chart = charts.bars(
        growth[growth["change"] != 0], "label", "change", "", t("assessment.change_axis", lang)
    ).properties(width=420)
    targets_name = t("briefing.output_by_park", lang)
    sections = [
        (
            t("briefing.section_verdict", lang),
            [
                _para(ar.verdict_text(rep, lang), strong=True),
                _para(ar.thresholds_text(rep, lang)),
                _para(ar.plan_note(rep, lang)),
            ],
        ),
        (
            ar.targets_title(rep, lang),
            [
                _table(ar.targets_frame(rep, lang)),
                _chart(
                    "attainment",
                    attainment_chart(rep, lang),
                    t("briefing.attainment_caption", lang),
                ),
            ],
        ),
        (t("assessment.section_pipeline", lang), pipeline_blocks(rep, lang)),
        (
            t("assessment.section_sources", lang),
            [
                _chart("growth", growth_chart, targets_name),
                *parks_and_sectors(rep.state_period, lang),
            ],
        ),
        (
            t("assessment.section_short", lang),
            [{"kind": "list", "items": ar.short_sentences(rep, lang)}],
        ),
        (
            t("briefing.section_alerts", lang, month=format_month(period, lang)),
            alerts_block(period, lang),
        ),
        (t("briefing.section_sources", lang), [sources_blocks(rep, lang)]),
    ]
    return {
        "lang": lang,
        "demo": True,  # every figure below the verdict rests on generated snapshots
        "demo_label": t("common.demo_badge", lang),
        "header": t("briefing.header", lang),
        "cover": {
            "kicker": t("briefing.kicker", lang),
            "title": rep.plan.text("name", lang),
            "subtitle": t("briefing.subtitle", lang)
            if rep.ended
            else t("briefing.subtitle_interim", lang),
            "date": t("briefing.date", lang, date=_date(today, lang)),
            "period": t(
                "briefing.period",
                lang,
                snapshot=format_month(rep.snapshot, lang),
                month=format_month(rep.month, lang),
            ),
            "verdict": ar.verdict_text(rep, lang),
            "demo_note": t("common.demo_note", lang),
        },
        "sections": [{"title": title, "blocks": blocks} for title, blocks in sections],
    }


def _date(day: dt.date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.strftime("%d %b %Y")
