"""Compare 快照对比 — what changed between two snapshots: projects and firms added and removed
(with the recorded reason), stage moves, and revised figures for months both snapshots hold."""

import streamlit as st

from ccbio import data, filters, links, render
from ccbio import monitoring_charts as mc
from ccbio.i18n import pick, t
from ccbio.periods import add_months


def flags_text(raw: str, lang: str) -> str:
    """Return '+上市 −规上' from '+listed;-above_scale'."""
    parts = [p for p in (raw or "").split(";") if p]
    return " ".join(("+" if p[0] == "+" else "−") + t(f"compare.flag_{p[1:]}", lang) for p in parts)


SHOWN = 500  # rows per list; the counts above the tabs cover every change


def shown_caption(key: str, shown: int, total: int, lang: str) -> None:
    """Say 'N of M shown' when a list was cut to SHOWN rows."""
    if total > shown:
        st.caption(t(f"compare.{key}", lang, shown=shown, n=total))


f = filters.current()
lang = f.lang
side = "zh" if lang == "zh" else "en"  # which of the _zh/_en columns to show
filters.page_header("compare.title", "compare.question", f)

periods = data.periods()
default_from = add_months(f.period, -1) if add_months(f.period, -1) in periods else periods[0]
c1, c2 = st.columns(2)
period_from = c1.selectbox(
    t("compare.period_from", lang), periods, index=periods.index(default_from), key="compare_from"
)
period_to = c2.selectbox(
    t("compare.period_to", lang), periods, index=periods.index(f.period), key="compare_to"
)
if period_from == period_to:
    st.info(t("compare.same_period", lang))
elif period_from > period_to:
    st.warning(t("compare.reversed", lang))

# counted in SQL; only the largest SHOWN rows of each list come back, however many firms there are
change_counts = data.snapshot_change_counts(period_from, period_to, f.parks, f.sectors)
n_changes = change_counts.set_index(["table_name", "change"])["changes"].to_dict()
projects = data.project_changes(period_from, period_to, f.parks, f.sectors, limit=SHOWN)
firms = data.enterprise_changes(period_from, period_to, f.parks, f.sectors, limit=SHOWN)
revisions = data.indicator_revisions(period_from, period_to, f.parks, f.sectors, limit=SHOWN)
n_revisions = int(revisions["total_revisions"].iloc[0]) if len(revisions) else 0
stages = data.stage_list().set_index("stage_id")
stage_name = {s: pick(r, "name", lang) for s, r in stages.iterrows()}

counts = [
    ("projects_added", n_changes.get(("projects", "added"), 0)),
    ("projects_removed", n_changes.get(("projects", "removed"), 0)),
    ("stage_moves", n_changes.get(("projects", "stage_moved"), 0)),
    ("firms_added", n_changes.get(("enterprises", "added"), 0)),
    ("firms_removed", n_changes.get(("enterprises", "removed"), 0)),
    ("revisions", n_revisions),
]
for col, (key, n) in zip(st.columns(len(counts)), counts, strict=True):
    col.metric(t(f"compare.{key}", lang), int(n), border=True)

tab_p, tab_f, tab_r = st.tabs(
    [
        t("compare.tab_projects", lang),
        t("compare.tab_firms", lang),
        t("compare.tab_revisions", lang),
    ]
)
with tab_p:
    if projects.empty:
        st.info(t("compare.no_changes", lang))
    else:
        shown_caption(
            "shown_projects",
            len(projects),
            int(change_counts.loc[change_counts["table_name"] == "projects", "changes"].sum()),
            lang,
        )
        shown = projects.assign(
            change=projects["change"].map(lambda c: t(f"compare.change_{c}", lang)),
            name=projects[f"name_{side}"],
            park=projects[f"park_{side}"],
            from_stage=projects["from_stage"].map(stage_name).fillna("—"),
            to_stage=projects["to_stage"].map(stage_name).fillna("—"),
            reason=projects[f"reason_{side}"],
            **links.page_columns(projects, lang, period_to, project="project_id", park="park_id"),
        )
        st.dataframe(
            shown[
                [
                    "change",
                    "project_id",
                    "name",
                    "project_page",
                    "park",
                    "park_page",
                    "from_stage",
                    "to_stage",
                    "investment_before",
                    "investment_after",
                    "reason",
                ]
            ],
            hide_index=True,
            width="stretch",
            key="compare_projects",
            column_config={
                "change": t("compare.col_change", lang),
                "project_id": "ID",
                "name": t("compare.col_name", lang),
                "park": t("compare.col_park", lang),
                "from_stage": t("compare.col_from", lang),
                "to_stage": t("compare.col_to", lang),
                "investment_before": st.column_config.NumberColumn(
                    f"{t('compare.col_investment', lang)} · {period_from}", format="%.2f"
                ),
                "investment_after": st.column_config.NumberColumn(
                    f"{t('compare.col_investment', lang)} · {period_to}", format="%.2f"
                ),
                "reason": st.column_config.TextColumn(
                    t("compare.col_reason", lang), width="medium"
                ),
                **links.page_column_config(lang),
            },
        )
with tab_f:
    if firms.empty:
        st.info(t("compare.no_changes", lang))
    else:
        shown_caption(
            "shown_firms",
            len(firms),
            int(change_counts.loc[change_counts["table_name"] == "enterprises", "changes"].sum()),
            lang,
        )
        park_name = {
            r["park_id"]: pick(r, "name", lang) for r in data.park_list().to_dict("records")
        }
        shown = firms.assign(
            change=firms["change"].map(lambda c: t(f"compare.change_{c}", lang)),
            park_id=firms["park_id"].map(park_name),
            name=firms[f"name_{side}"],
            flags=firms["flag_changes"].map(lambda v: flags_text(v, lang)),
            **links.page_columns(firms, lang, period_to, firm="enterprise_id"),
        )
        st.dataframe(
            shown[["change", "enterprise_id", "name", "firm_page", "park_id", "flags"]],
            hide_index=True,
            width="stretch",
            key="compare_firms",
            column_config={
                "change": t("compare.col_change", lang),
                "enterprise_id": "ID",
                "name": t("compare.col_name", lang),
                "park_id": t("compare.col_park", lang),
                "flags": t("compare.col_flags", lang),
                **links.page_column_config(lang),
            },
        )
with tab_r:
    st.caption(t("compare.revisions_caption", lang))
    if revisions.empty:
        st.info(t("compare.no_changes", lang))
    else:
        shown_caption("shown_revisions", len(revisions), n_revisions, lang)
        revisions["name"] = revisions[f"name_{side}"]
        render.chart(
            mc.revision_bars,
            revisions,
            {
                "change": t("compare.col_delta", lang),
                "month": t("compare.col_month", lang),
                "before": t("compare.col_before", lang),
                "after": t("compare.col_after", lang),
            },
        )
        st.dataframe(
            revisions[
                [
                    "month",
                    "name",
                    "value_before",
                    "value_after",
                    "change",
                    "change_share",
                    "was_preliminary",
                ]
            ],
            hide_index=True,
            width="stretch",
            key="compare_revisions",
            column_config={
                "month": t("compare.col_month", lang),
                "name": t("compare.col_indicator", lang),
                "value_before": st.column_config.NumberColumn(
                    f"{t('compare.col_before', lang)} · {period_from}", format="%.4f"
                ),
                "value_after": st.column_config.NumberColumn(
                    f"{t('compare.col_after', lang)} · {period_to}", format="%.4f"
                ),
                "change": st.column_config.NumberColumn(
                    t("compare.col_delta", lang), format="%+.4f"
                ),
                "change_share": st.column_config.NumberColumn(
                    t("compare.col_delta_share", lang), format="percent"
                ),
                "was_preliminary": t("compare.col_was_preliminary", lang),
            },
        )
