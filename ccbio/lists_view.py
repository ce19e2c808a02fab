"""What the lists page (双单) shows: filtered, sorted lists and their downloads. Pure functions.

The page draws widgets and hands their values here; these functions take the list from
`data.leading_enterprises` / `data.major_projects` and return frames and texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ccbio import config, export
from ccbio.formatting import format_month, name_key
from ccbio.i18n import t

FIRM_FLAGS = ("is_chain_leader", "is_chain_leader_new", "is_listed", "is_above_scale", "is_srdi")
# Sort choices map to fixed (column, ascending) pairs: user input never names a column.
# "name" sorts by the name shown, by pinyin in Chinese.
FIRM_SORTS = {
    "output": (("output_value_yi", False),),
    "name": (("name", True),),
    "entered": (("entered_month", False), ("output_value_yi", False)),
}
PROJECT_SORTS = {
    "investment": (("investment_yi", False),),
    "months": (("months_in_stage", False), ("investment_yi", False)),
    "name": (("name", True),),
}
FIRM_EXPORT = {
    "enterprise_id": "企业编号",
    "name_zh": "企业名称",
    "park_zh": "所在园区",
    "sector_zh": "产业领域",
    "is_chain_leader": "链主企业",
    "is_chain_leader_new": "新引进链主",
    "is_listed": "上市企业",
    "is_above_scale": "规上企业",
    "is_srdi": "专精特新",
    "output_value_yi": "产值（亿元，近12个月）",
    "entered_month": "入库月份",
    "is_demo": "演示数据",
}
FIRM_KINDS = {"output_value_yi": "yi", "entered_month": "month"}
PROJECT_EXPORT = {
    "project_id": "项目编号",
    "name_zh": "项目名称",
    "sponsor_zh": "投资主体",
    "park_zh": "所在园区",
    "sector_zh": "产业领域",
    "stage_zh": "所处阶段",
    "stage_since": "进入阶段月份",
    "months_in_stage": "本阶段月数",
    "build_type": "建设类型",
    "investment_yi": "计划总投资（亿元）",
    "is_demo": "演示数据",
}
PROJECT_KINDS = {"investment_yi": "yi", "stage_since": "month", "months_in_stage": "count"}


@dataclass(frozen=True)
class ListView:
    """What a user asked of one list: search text, flags or stages, sort choice."""

    text: str = ""
    sort: str = ""
    picks: tuple[str, ...] = ()  # firm flags (all must hold) or project stages (any)


TABS = ("firms", "projects")  # the page's two tabs, by the id the URL holds


def tab_label(tab: str, lang: str) -> str:
    """Return a tab's shown name ('projects' -> 重大项目清单)."""
    return t(f"lists.{tab}_tab", lang)


def sort_label(sort: str, lang: str) -> str:
    """Return a sort choice's shown name ('name' -> 名称（按拼音）)."""
    return t(f"lists.sort_{sort}", lang)


def stage_labeller(stages: pd.DataFrame):
    """Return (stage id, lang) -> the stage's shown name, from data.stage_list() indexed by id."""
    return lambda s, lang: stages.loc[s, "name_zh" if lang == "zh" else "name_en"]


def flag_label(flag: str, lang: str) -> str:
    """Return the shown name of a firm flag column ('is_srdi' -> 专精特新)."""
    return t(f"lists.flag_{flag.removeprefix('is_')}", lang)


def build_label(kind: str, lang: str) -> str:
    """Return 新建/续建 (New/Continued) for a build type."""
    return t(f"lists.build_{kind}", lang)


def search(df: pd.DataFrame, text: str, columns: list[str]) -> pd.DataFrame:
    """Return the rows whose name columns contain `text` (plain substring, any case)."""
    text = (text or "").strip()
    if not text:
        return df
    hit = pd.Series(False, index=df.index)
    for col in columns:
        hit |= df[col].fillna("").astype(str).str.contains(text, case=False, regex=False)
    return df[hit]


def _sorted(df: pd.DataFrame, keys: tuple, lang: str) -> pd.DataFrame:
    by = [c for c, _ in keys]
    key = name_key(lang)
    return df.sort_values(
        by,
        ascending=[a for _, a in keys],
        kind="stable",
        key=lambda s: s.map(key) if s.name == "name" else s,
    )


def _labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    side = "zh" if lang == "zh" else "en"
    out = df.assign(name=df[f"name_{side}"], park=df[f"park_{side}"], sector=df[f"sector_{side}"])
    if "stage" in df:
        out["stage_label"] = df[f"stage_{side}"]
        out["build"] = df["build_type"].map({k: build_label(k, lang) for k in config.BUILD_TYPES})
    return out


def firms_shown(firms: pd.DataFrame, view: ListView, lang: str) -> pd.DataFrame:
    """Return the firms matching the search and every chosen flag, sorted, with shown labels."""
    shown = _labelled(search(firms, view.text, ["name_zh", "name_en"]), lang)
    for flag in view.picks:
        shown = shown[shown[flag]]
    return _sorted(shown, FIRM_SORTS.get(view.sort, FIRM_SORTS["output"]), lang)


def projects_shown(projects: pd.DataFrame, view: ListView, lang: str) -> pd.DataFrame:
    """Return the projects matching the search and any chosen stage, sorted, with shown labels."""
    shown = _labelled(search(projects, view.text, ["name_zh", "name_en", "sponsor_zh"]), lang)
    if view.picks:
        shown = shown[shown["stage"].isin(view.picks)]
    return _sorted(shown, PROJECT_SORTS.get(view.sort, PROJECT_SORTS["investment"]), lang)


def export_notes(f, which: str, view: ListView, counts: tuple[int, int], names: dict) -> list[str]:
    """Return the 说明 sheet: the filters actually applied, counts, number formats (in Chinese).

    `counts` is (rows shown, rows on the list); `names` maps "parks", "sectors" and "picks"
    (the chosen flags or stages) to their Chinese names.
    """
    park_names, sector_names = names.get("parks", []), names.get("sectors", [])
    picks = "、".join(names.get("picks", []))
    return [
        t("lists.export_period", "zh", period=format_month(f.period, "zh")),
        t("lists.export_list", "zh", name=t(f"lists.{which}_tab", "zh")),
        t(
            "lists.export_filters",
            "zh",
            parks="、".join(park_names) or "全部",
            sectors="、".join(sector_names) or "全部",
        ),
        t("lists.export_search", "zh", text=view.text.strip() or "无"),
        t(f"lists.export_picks_{which}", "zh", picks=picks or "不限"),
        t("lists.export_sort", "zh", sort=t(f"lists.sort_{view.sort}", "zh")),
        t("lists.export_rows", "zh", n=counts[0], total=counts[1]),
        t("lists.export_formats", "zh"),
        t("common.demo_note", "zh"),
    ]


def export_table(table: pd.DataFrame, which: str) -> pd.DataFrame:
    """Return the rows shown as they are downloaded: Chinese headers, 是/否, dates, rounding."""
    if which == "firms":
        return export.export_frame(table, FIRM_EXPORT, kinds=FIRM_KINDS)
    return export.export_frame(
        table,
        PROJECT_EXPORT,
        {"build_type": {k: build_label(k, "zh") for k in config.BUILD_TYPES}},
        kinds=PROJECT_KINDS,
    )
