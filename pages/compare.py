"""Compare 快照对比 — what changed between two snapshots: projects and firms added and removed
(with the recorded reason), stage moves, and revised figures for months both snapshots hold."""

import streamlit as st

from ccbio import charts, data, filters, links, render, text_table
from ccbio import compare_table as ct
from ccbio import compare_view as cv
from ccbio.formatting import format_month
from ccbio.i18n import pick, t
from ccbio.ingest.notes import confirmation_text


def shown_caption(key: str, shown: int, total: int) -> None:
    """Say 'N of M shown' when a list was cut to cv.SHOWN rows."""
    if total > shown:
        st.caption(t(f"compare.{key}", lang, shown=shown, n=total))


f = filters.current()
lang = f.lang
filters.page_header("compare.title", "compare.question", f)

periods = data.periods()
c1, c2 = st.columns(2)
period_from = c1.selectbox(
    t("compare.period_from", lang),
    periods,
    index=periods.index(cv.default_from(f.period, periods)),
    format_func=lambda p: format_month(p, lang),
    key="compare_from",
)
period_to = c2.selectbox(
    t("compare.period_to", lang),
    periods,
    index=periods.index(f.period),
    format_func=lambda p: format_month(p, lang),
    key="compare_to",
)
# i11: a snapshot written after confirmed warnings says so, with the reason kept in its ingest.json
if confirmed := confirmation_text(period_to, lang):
    st.info(confirmed, icon=":material/fact_check:")
if period_from == period_to:
    st.info(t("compare.same_period", lang))
elif period_from > period_to:
    st.warning(t("compare.reversed", lang))

# counted in SQL; only the largest SHOWN rows of each list come back, however many firms there are
change_counts = data.snapshot_change_counts(period_from, period_to, f.parks, f.sectors)
n_changes = change_counts.set_index(["table_name", "change"])["changes"].to_dict()
projects = data.project_changes(period_from, period_to, f.parks, f.sectors, limit=cv.SHOWN)
firms = data.enterprise_changes(period_from, period_to, f.parks, f.sectors, limit=cv.SHOWN)
revisions = data.indicator_revisions(period_from, period_to, f.parks, f.sectors, limit=cv.SHOWN)
n_revisions = int(revisions["total_revisions"].iloc[0]) if len(revisions) else 0
stage_name = {
    s: pick(r, "name", lang) for s, r in data.stage_list().set_index("stage_id").iterrows()
}

counts = [
    ("projects_added", n_changes.get(("projects", "added"), 0)),
    ("projects_removed", n_changes.get(("projects", "removed"), 0)),
    ("stage_moves", n_changes.get(("projects", "stage_moved"), 0)),
    ("firms_added", n_changes.get(("enterprises", "added"), 0)),
    ("firms_removed", n_changes.get(("enterprises", "removed"), 0)),
    ("revisions", n_revisions),
]
# six in a row from a laptop up, two on a phone (columns stacked six tall cards there; three a
# row cut the English labels: "Projects re…")
st.html(ct.COUNTS_CSS)
with st.container(horizontal=True, key="compare_counts", gap="small"):
    for key, n in counts:
        st.metric(t(f"compare.{key}", lang), int(n), border=True)

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
        total = int(change_counts.loc[change_counts["table_name"] == "projects", "changes"].sum())
        shown_caption("shown_projects", len(projects), total)
        project_rows = cv.project_rows(projects, stage_name, lang)
        render.table(
            project_rows.assign(
                **links.page_columns(
                    projects, lang, period_to, project="project_id", park="park_id"
                )
            ),
            row_height=text_table.rows_height(project_rows, ct.WRAPPED_PX),
            key="compare_projects",
            lang=lang,
            column_order=ct.PROJECT_COLUMNS,
            column_config=ct.project_columns(lang, period_from, period_to),
        )
with tab_f:
    if firms.empty:
        st.info(t("compare.no_changes", lang))
    else:
        total = int(
            change_counts.loc[change_counts["table_name"] == "enterprises", "changes"].sum()
        )
        shown_caption("shown_firms", len(firms), total)
        park_name = {
            r["park_id"]: pick(r, "name", lang) for r in data.park_list().to_dict("records")
        }
        firm_rows = cv.firm_rows(firms, park_name, lang)
        render.table(
            firm_rows.assign(**links.page_columns(firms, lang, period_to, firm="enterprise_id")),
            row_height=text_table.rows_height(firm_rows, ct.FIRM_WRAPPED_PX),
            key="compare_firms",
            lang=lang,
            column_order=ct.FIRM_COLUMNS,
            column_config=ct.firm_columns(lang),
        )
with tab_r:
    st.caption(t("compare.revisions_caption", lang))
    if revisions.empty:
        st.info(t("compare.no_changes", lang))
    else:
        shown_caption("shown_revisions", len(revisions), n_revisions)
        rows = cv.revision_rows(revisions, lang)
        render.chart(charts.revision_shares, rows, lang, ct.chart_labels(lang))
        render.table(
            rows.assign(change_pct=render.percent_points(rows["change_share"])),
            key="compare_revisions",
            lang=lang,
            column_order=ct.REVISION_COLUMNS,
            column_config=ct.revision_columns(lang, period_from, period_to),
        )
