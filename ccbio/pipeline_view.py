"""What the pipeline page (五个一批) shows: funnel, flows, stalled list. Filters in, frames out.

Query results come from `ccbio.data` (cached there); the rest is cheap pandas on one row per
stage or on the config.STALLED_SHOWN rows of the stalled list, so nothing here needs its own cache.
"""

from __future__ import annotations

import pandas as pd

from ccbio import alerts, charts, config, data, rules
from ccbio.formatting import format_count, format_yi
from ccbio.i18n import pick, t
from ccbio.periods import add_months
from ccbio.published import figure

# The stage cards share a row, at least 150 px each, and wrap: five in a row from a laptop up,
# two on a phone (in Streamlit's columns a phone gets one tall card per screen-half).
STAGE_CSS = """<style>
.st-key-pipeline_stages { flex-wrap: wrap !important; }
.st-key-pipeline_stages > div { flex: 1 1 150px !important; min-width: min(150px, 100%) !important; }
</style>"""


def stage_names(stages: pd.DataFrame, lang: str) -> dict[str, str]:
    """Return {stage id: shown stage name} in pipeline order."""
    return {s["stage"]: pick(s, "name", lang) for s in stages.to_dict("records")}


def funnel_frame(stages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per stage: shown name, projects, share of all projects, bar label.

    Every label is in 亿元 (one unit on one chart, even where a stage holds less than 1亿元).
    """
    total = int(stages["projects"].sum())
    return stages.assign(
        stage_label=list(stage_names(stages, lang).values()),
        share=stages["projects"] / total if total else float("nan"),
        label=[
            f"{format_count(n, lang, 'projects')} · {format_yi(v, lang, unit='yi')}"
            for n, v in zip(stages["projects"], stages["investment_yi"], strict=True)
        ],
    )


def stall_view(period: str, parks: tuple, sectors: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (one row per stage: warning level and reason, the most severe stalled projects).

    The project_stalled rules are evaluated in SQL, so neither grows with the number of projects.
    """
    rule_set = rules.current()
    limits = alerts.stall_limits(rule_set)
    counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    status = alerts.stage_status(counts, rule_set)
    rows = data.stalled_projects(period, parks, sectors, limits=limits, limit=config.STALLED_SHOWN)
    stalled = alerts.stalled_projects(rows, rule_set)[
        ["project_id", "level", "reason_zh", "reason_en"]
    ].merge(rows, on="project_id")
    return status.set_index("stage"), stalled


def stalled_table(stalled: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Return the stalled list with shown names and levels in `lang` (months_limit: the rule's line)."""
    side = "zh" if lang == "zh" else "en"
    return stalled.assign(
        project=stalled[f"name_{side}"],
        park=stalled[f"park_{side}"],
        stage_label=stalled["stage"].map(names),
        level=stalled["level"].map({v: t(f"common.status_{v}", lang) for v in ("red", "amber")}),
    )


def default_flow_start(period: str, earlier: list[str]) -> str:
    """Return the month flows are compared from by default: a year back, or the first month."""
    year_back = add_months(period, -12)
    return year_back if year_back in earlier else earlier[0]


def flow_view(
    period_from: str, period: str, parks: tuple, sectors: tuple, names: dict[str, str], lang: str
) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Return (flows with shown from/to labels, label order, one summary row per stage)."""
    flows = data.stage_flows(period_from, period, parks, sectors)
    # short words on the chart's axes; the caption says what 退出 covers
    entered, left = t("pipeline.entered", lang), t("pipeline.left_short", lang)
    shown = flows.assign(
        from_label=flows["from_stage"].map(names).fillna(entered),
        to_label=flows["to_stage"].map(names).fillna(left),
    )
    summary = charts.flow_summary(flows, list(names)).assign(stage=lambda d: d["stage"].map(names))
    return shown, [entered, *names.values(), left], summary


def total_figure(stages: pd.DataFrame, pub, lang: str) -> tuple[str, object]:
    """Return (the pipeline's project count as shown, its published row or None)."""
    return figure(pub, ("", "", "projects"), stages["projects"].sum(), "count", lang)


def stage_cards(stages: pd.DataFrame, pub, status: pd.DataFrame, lang: str) -> list[dict]:
    """Return one card per stage: campaign name, count and investment as shown (each with its
    published row), and the stage's warning (level, reason) when a stall rule watches it."""
    cards = []
    for s in stages.to_dict("records"):
        count_text, count_row = figure(
            pub, (s["stage"], "", "projects"), s["projects"], "count", lang
        )
        inv_text, inv_row = figure(
            pub, (s["stage"], "", "investment_yi"), s["investment_yi"], "yi", lang
        )
        warning = None
        if s["stage"] in status.index:
            row = status.loc[s["stage"]]
            warning = (row["level"], pick(row, "reason", lang))
        cards.append(
            {
                "stage": s["stage"],
                "title": pick(s, "campaign", lang),
                "count": count_text,
                "count_row": count_row,
                "investment": inv_text,
                "investment_row": inv_row,
                "investment_yi": s["investment_yi"],
                "warning": warning,
            }
        )
    return cards


def build_cards(stages: pd.DataFrame, pub, lang: str) -> list[dict]:
    """Return the construction stage split into 新建 and 续建: label, count, investment, source."""
    build = stages.set_index("stage").loc["construction"]
    cards = []
    for kind in ("new", "continued"):
        n_text, n_row = figure(
            pub, ("construction", kind, "projects"), build[f"{kind}_projects"], "count", lang
        )
        v_text, _ = figure(
            pub, ("construction", kind, "investment_yi"), build[f"{kind}_investment_yi"], "yi", lang
        )
        label = t("pipeline.stage_projects", lang, stage=t(f"pipeline.{kind}", lang))
        cards.append(
            {
                "kind": kind,
                "label": label,
                "count": n_text,
                "count_row": n_row,
                "investment": v_text,
            }
        )
    return cards


def age_frame(period: str, parks: tuple, sectors: tuple, names: dict[str, str]) -> pd.DataFrame:
    """Return the months-in-stage summary per stage with its shown stage name."""
    ages = data.stage_age_summary(period, parks, sectors)
    return ages.assign(stage_label=ages["stage"].map(names))


def age_labels(lang: str) -> dict[str, str]:
    """Return the stage-age chart's tooltip words."""
    words = {k: t(f"pipeline.age_{k}", lang) for k in ("min", "q1", "median", "q3", "max")}
    return words | {"projects": t("pipeline.projects", lang)}


def stalled_texts(status: pd.DataFrame, stalled: pd.DataFrame, lang: str) -> list[str]:
    """Return the stalled list's heading, how many are listed (when not all), and the rules."""
    n = int(status["stalled"].sum())
    texts = [t("pipeline.stalled", lang, n=n)]
    if n > len(stalled):
        texts.append(t("pipeline.stalled_shown", lang, shown=len(stalled), n=n))
    names = " · ".join(r.label(lang) for r in rules.current().of(rules.ProjectStalled))
    return [*texts, t("pipeline.stalled_rules", lang, rules=names)]
