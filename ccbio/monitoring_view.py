"""What the monitoring page shows, as plain data: the indicator ledger, the pace table, the alerts.

Functions here take the filters and return frames and texts; `pages/monitoring.py` only lays
them out. The goal alerts come from `outlook.goal_outlook`, the call the goals page makes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ccbio import alerts, config, data, filters
from ccbio import rules as rules_mod
from ccbio.formatting import format_month, format_pct, format_yi_alike, unit_name
from ccbio.i18n import t
from ccbio.outlook import goal_outlook
from ccbio.periods import add_months, months_between
from ccbio.rules import RuleSet

MONEY = ("pharma_industrial_output", "medical_service_revenue", "pharma_distribution_revenue")
PERCENT_COLUMNS = ("monitoring.mom", "monitoring.qoq", "monitoring.yoy", "monitoring.ytd_yoy")
LEVEL_COLORS = {lv: config.STATUS_COLORS[lv] for lv in ("red", "amber")}


# Column -> catalogue key of its header, in the order shown (the page turns them into words).
LEDGER_HEADERS = {
    "name": "monitoring.indicator_col",
    "shown": "monitoring.value_col",
    "unit": "monitoring.unit_col",
    "step": "monitoring.mom",
    "yoy": "monitoring.yoy",
    "ytd_shown": "monitoring.ytd",
    "ytd_yoy": "monitoring.ytd_yoy",
    "status": "monitoring.status_col",
}
PACE_HEADERS = {
    "name": "monitoring.target_col",
    "value": "monitoring.actual",
    "pace_value": "monitoring.pace_value_col",
    "gap": "monitoring.gap_col",
    "target_value": "monitoring.target_value_col",
    "unit": "monitoring.unit_col",
}
# the kind is the filter above the table; the reason goes last, where it has the most room
ALERT_HEADERS = {
    "level": "monitoring.level_col",
    "figure": "monitoring.figure_col",
    "rule": "monitoring.rule_col",
    "reason": "monitoring.reason_col",
}
RULE_HEADERS = {
    "level": "monitoring.level_col",
    "rule": "monitoring.rule_name_col",  # the list of rules: each a rule, not a "rule fired"
    "when": "monitoring.rule_when_col",
}


def ledger_headers(grain: str) -> dict[str, str]:
    """Return LEDGER_HEADERS with the step column named for the grain (环比 / 环比（上季）)."""
    return LEDGER_HEADERS | {"step": "monitoring.qoq" if grain == "quarter" else "monitoring.mom"}


def format_quarter(quarter: str, lang: str) -> str:
    """Return '2025-Q4' as '2025年第4季度' (zh) or 'Q4 2025' (en)."""
    year, _, q = quarter.partition("-Q")
    return f"{year}年第{q}季度" if lang == "zh" else f"Q{q} {year}"


def when_label(when: str, grain: str, lang: str) -> str:
    """Return a month or quarter as users read it."""
    return format_quarter(when, lang) if grain == "quarter" else format_month(when, lang)


def number(value: float, unit_zh: str) -> str:
    """Return a ledger figure without its unit (the unit has its own column): 亿元 to 2 decimals."""
    if pd.isna(value):
        return "—"
    return f"{value:,.2f}" if unit_zh == "亿元" else f"{value:,.0f}"


def signed_number(value: float, unit_zh: str) -> str:
    """Return a gap with its sign as shown: '+22', '−61.10'; one that rounds to zero reads '0'
    (8 listed firms against 8 on pace read '−0')."""
    shown = number(abs(value), unit_zh)
    if shown.strip("0.,") == "":
        return shown
    return ("+" if value >= 0 else "−") + shown


def selection_name(f: filters.Filters, lang: str) -> str:
    """Return the chosen parks × sectors as words: '九台中古医药产业园 × 医疗器械' (or the city)."""
    parks = data.park_list().set_index("park_id")
    sectors = data.sector_list().set_index("sector_id")
    side = "zh" if lang == "zh" else "en"
    sep = "、" if lang == "zh" else ", "
    names = [sep.join(parks.loc[list(f.parks), f"name_{side}"])] if f.parks else []
    names += [sep.join(sectors.loc[list(f.sectors), f"name_{side}"])] if f.sectors else []
    return " × ".join(names) or t("monitoring.whole_city", lang)


def preliminary_note(month: str, today: date, lang: str) -> str:
    """Return the status of a preliminary month; say so when it closed long ago and is still 初步数."""
    overdue = months_between(month, filters.last_complete_month(today))
    if overdue >= 1:
        return t("monitoring.preliminary_overdue", lang, months=overdue)
    return t("monitoring.preliminary", lang)


def status_date(period: str, latest: str, today: date) -> date:
    """Return the day a snapshot's 初步数 are judged at: today for the newest snapshot; for an older
    one the first day after its month, when it was current (Jun 2024's own month read 'still
    preliminary: 29 full months have closed since', though later snapshots made it final)."""
    if period >= latest:
        return today
    return date.fromisoformat(add_months(period, 1) + "-01")


def ledger(f: filters.Filters, grain: str, today: date) -> pd.DataFrame:
    """Return one row per indicator and month (or quarter) up to the period, with `when`, `step`,
    `name`, `label` and `status`; empty when the selection holds no indicator data at all."""
    if grain == "quarter":
        rows = data.indicator_quarters(f.period, f.parks, f.sectors)
        rows = rows.rename(columns={"quarter": "when", "qoq": "step"})
    else:
        rows = data.indicator_series(f.period, f.parks, f.sectors)
        rows = rows.rename(columns={"month": "when", "mom": "step"})
    if not (rows["value"].fillna(0) != 0).any():
        return rows.iloc[0:0]
    rows["name"] = rows[f"name_{'zh' if f.lang == 'zh' else 'en'}"]
    rows["label"] = [when_label(w, grain, f.lang) for w in rows["when"]]
    # a quarter is as preliminary as its last month, the period itself
    months = rows["when"] if grain == "month" else pd.Series(f.period, index=rows.index)
    rows["status"] = [
        preliminary_note(m, today, f.lang) if p else t("monitoring.final", f.lang)
        for m, p in zip(months, rows["is_preliminary"], strict=True)
    ]
    return rows


def headline(rows: pd.DataFrame, lang: str) -> list[dict]:
    """Return one metric per money indicator for the latest month or quarter: label, value, delta, caption."""
    latest = rows[(rows["when"] == rows["when"].max()) & rows["indicator_code"].isin(MONEY)]
    # the cards sit side by side: one unit for their figures, one for their year-to-date sums
    values, ytds = format_yi_alike(latest["value"], lang), format_yi_alike(latest["ytd"], lang)
    out = []
    for r, value, ytd in zip(latest.to_dict("records"), values, ytds, strict=True):
        caption = t(
            "monitoring.ytd_caption",
            lang,
            mom=format_pct(r["step"], signed=True),
            ytd=ytd,
            ytd_yoy=format_pct(r["ytd_yoy"], signed=True),
        )
        out.append(
            {
                "label": f"{r['name']} · {r['label']}",
                "value": value,
                "delta": f"{t('monitoring.yoy', lang)} {format_pct(r['yoy'], signed=True)}",
                "caption": caption + (f" · {r['status']}" if r["is_preliminary"] else ""),
            }
        )
    return out


def money_series(rows: pd.DataFrame) -> pd.DataFrame:
    """Return the money indicators over the plan years (2022 only feeds year-on-year)."""
    return rows[rows["indicator_code"].isin(MONEY) & (rows["when"] >= config.PLAN_START[:4])]


def ledger_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the latest month's (quarter's) row per indicator, as text: figures beside their unit,
    every change as a signed percentage with one decimal.

    Stock counts (firms) have no year-to-date sum: their year-to-date cells read "—".
    """
    latest = rows[rows["when"] == rows["when"].max()]
    money = latest["kind"] == "money"
    units = latest["unit_zh"]
    pct = [format_pct(v, signed=True) for v in latest["yoy"]]
    return pd.DataFrame(
        {
            "name": latest["name"],
            "shown": [number(v, u) for v, u in zip(latest["value"], units, strict=True)],
            "unit": [unit_name(u, lang) for u in latest["unit_zh"]],
            "step": [format_pct(v, signed=True) for v in latest["step"]],
            "yoy": pct,
            "ytd_shown": [
                number(v, u) if m else "—"
                for v, u, m in zip(latest["ytd"], units, money, strict=True)
            ],
            "ytd_yoy": [
                format_pct(v, signed=True) if m else "—"
                for v, m in zip(latest["ytd_yoy"], money, strict=True)
            ],
            "status": latest["status"],
        }
    ).reset_index(drop=True)


def ledger_download(rows: pd.DataFrame, grain: str) -> pd.DataFrame:
    """Return the whole ledger (every month or quarter) with Chinese headers, for Excel."""
    money = rows["kind"] == "money"
    out = pd.DataFrame(
        {
            "monitoring.period_col": [when_label(w, grain, "zh") for w in rows["when"]],
            "monitoring.indicator_col": rows["name_zh"],
            "monitoring.value_col": rows["value"].round(4),
            "monitoring.unit_col": rows["unit_zh"],
            "monitoring.mom" if grain == "month" else "monitoring.qoq": (100 * rows["step"]).round(
                1
            ),
            "monitoring.yoy": (100 * rows["yoy"]).round(1),
            "monitoring.ytd": rows["ytd"].where(money).round(4),
            "monitoring.ytd_yoy": (100 * rows["ytd_yoy"].where(money)).round(1),
            "monitoring.status_col": [
                t("monitoring.preliminary", "zh") if p else t("monitoring.final", "zh")
                for p in rows["is_preliminary"]
            ],
        }
    )
    return out.rename(columns=lambda k: t(k, "zh") + ("（%）" if k in PERCENT_COLUMNS else ""))


def pace_rows(period: str, lang: str) -> pd.DataFrame:
    """Return data.target_pace(period) with the target's `name` and the month's `label` in `lang`."""
    pace = data.target_pace(period)
    pace["name"] = pace[f"name_{'zh' if lang == 'zh' else 'en'}"]
    pace["label"] = [format_month(m, lang) for m in pace["month"]]
    return pace


def pace_table(pace: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one row per target at the latest month: actual, value on pace, gap, target, unit."""
    now = pace[pace["month"] == pace["month"].max()]
    units = now["unit_zh"]
    gap = [signed_number(g, u) for g, u in zip(now["gap_to_pace"], units, strict=True)]
    return pd.DataFrame(
        {
            "name": now[f"name_{'zh' if lang == 'zh' else 'en'}"],
            "value": [number(v, u) for v, u in zip(now["value"], units, strict=True)],
            "pace_value": [number(v, u) for v, u in zip(now["pace_value"], units, strict=True)],
            "gap": gap,
            "target_value": [number(v, u) for v, u in zip(now["target_value"], units, strict=True)],
            "unit": [unit_name(u, lang) for u in now["unit_zh"]],
        }
    ).reset_index(drop=True)


def pace_download(pace: pd.DataFrame) -> pd.DataFrame:
    """Return every target and month of the pace chart with Chinese headers, for Excel."""
    out = pd.DataFrame(
        {
            "monitoring.period_col": [format_month(m, "zh") for m in pace["month"]],
            "monitoring.target_col": pace["name_zh"],
            "monitoring.actual": pace["value"].round(2),
            "monitoring.pace_value_col": pace["pace_value"].round(2),
            "monitoring.gap_col": pace["gap_to_pace"].round(2),
            "monitoring.target_value_col": pace["target_value"],
            "monitoring.unit_col": pace["unit_zh"],
            "goals.time_elapsed": (100 * pace["time_elapsed"]).round(1),
        }
    )
    return out.rename(columns=lambda k: t(k, "zh") + ("（%）" if k == "goals.time_elapsed" else ""))


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def alert_list(period: str, parks: tuple, sectors: tuple, version: str):
    """Return (every alert, red/amber counts, stalled projects in all); stall rules run in SQL.

    Stalled-project alerts list the config.STALLED_SHOWN most severe; the counts cover every project.
    `version` (data and rules file) makes a new snapshot or an edited rule a new cache entry.
    """
    return evaluate_alerts(period, parks, sectors, rules_mod.current())


def evaluate_alerts(period: str, parks: tuple, sectors: tuple, rules: RuleSet):
    """Return (every alert, red/amber counts, stalled projects in all) for these filters and rules."""
    limits = alerts.stall_limits(rules)
    stage_counts = data.stage_stall_counts(period, parks, sectors, limits=limits)
    goals = data.goal_progress(period)
    activity = data.park_last_new_project(period)
    found = alerts.monitoring_alerts(
        outlook=goal_outlook(goals, data.goal_series(period), rules),
        goals=goals,
        yoy=data.indicator_yoy_by_park(period, parks, sectors),
        stage_counts=stage_counts,
        stalled=data.stalled_projects(
            period, parks, sectors, limits=limits, limit=config.STALLED_SHOWN
        ),
        park_activity=activity[activity["park_id"].isin(parks)] if parks else activity,
        period=period,
        rules=rules,
    )
    stalled = sum(alerts.stalled_counts(stage_counts, rules).values())
    return found, alerts.alert_counts(found, stage_counts, rules), stalled


def alert_table(found: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the alerts as shown: level word, kind, figure, reason and the rule's display name."""
    return pd.DataFrame(
        {
            "level": found["level"].map(lambda v: t(f"monitoring.level_{v}", lang)),
            "kind": found["kind"].map(lambda k: t(f"monitoring.kind_{k}", lang)),
            "figure": found[f"figure_{'zh' if lang == 'zh' else 'en'}"],
            "reason": found[f"reason_{'zh' if lang == 'zh' else 'en'}"],
            "rule": found[f"rule_{'zh' if lang == 'zh' else 'en'}"],
        }
    ).reset_index(drop=True)


def level_cells(table: pd.DataFrame) -> pd.DataFrame:
    """Return the table with each level word as a one-word list: level_column draws it coloured."""
    return table.assign(level=[[word] for word in table["level"]])


def level_column(label: str, lang: str):
    """Return the table column that draws level_cells' words as labels in the warning colours."""
    # not a pandas Styler: it formats every cell of the table on every run (~11 ms for the
    # 170 alerts at 1x, against ~1 ms for this; issue 15)
    words = [t(f"monitoring.level_{lv}", lang) for lv in LEVEL_COLORS]
    return st.column_config.MultiselectColumn(
        label,
        options=words,
        color=list(LEVEL_COLORS.values()),
        format_func=lambda word: word.removeprefix("● "),  # the colour says what the disc did
        width="small",
    )


def alert_download(found: pd.DataFrame) -> pd.DataFrame:
    """Return the alerts with Chinese headers, for Excel (what the table shows, in Chinese)."""
    headers = {"level": "monitoring.level_col", "kind": "monitoring.kinds"} | ALERT_HEADERS
    table = alert_table(found, "zh")[list(headers)]
    return table.rename(columns={k: t(v, "zh") for k, v in headers.items()})


def rule_list(rules: RuleSet, lang: str) -> pd.DataFrame:
    """Return one row per rule: level, display name and when it fires (the rules in words)."""
    return pd.DataFrame(
        {
            "level": [t(f"monitoring.level_{r.level}", lang) for r in rules],
            "rule": [r.name(lang) for r in rules],
            "when": [r.label(lang) for r in rules],
        }
    )


def kind_names(found: pd.DataFrame, lang: str) -> dict[str, str]:
    """Return kind -> its name, for the kinds present (the alert-kind filter's options)."""
    return {k: t(f"monitoring.kind_{k}", lang) for k in dict.fromkeys(found["kind"])}


def ledger_chart_labels(lang: str) -> dict[str, str]:
    """Return the words of the ledger's two charts (axes and tooltips)."""
    return {
        "value": t("monitoring.value_axis", lang),
        "x": t("monitoring.period_col", lang),
        "yoy": t("monitoring.yoy_chart", lang),
        "status": "",
    }


def pace_labels(lang: str) -> dict[str, str]:
    """Return the words of the pace chart: actual, pace, month and value."""
    labels = {k: t(f"monitoring.{k}", lang) for k in ("actual", "pace")}
    return labels | {
        "month": t("monitoring.period_col", lang),
        "value": t("monitoring.value_col", lang),
    }


def alerts_shown(found: pd.DataFrame, kinds: list[str], n_stalled: int, lang: str):
    """Return (the alerts of the chosen kinds, all when none is chosen; the note saying only the
    config.STALLED_SHOWN most severe stalled projects are listed, or None)."""
    shown = found[found["kind"].isin(kinds)] if kinds else found
    note = None
    if n_stalled > config.STALLED_SHOWN and (not kinds or "project_stalled" in kinds):
        note = t("monitoring.projects_shown", lang, shown=config.STALLED_SHOWN, n=n_stalled)
    return shown, note
