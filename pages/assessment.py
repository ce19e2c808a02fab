"""Final assessment 终期评估 — how did the plan end? Verdict, six targets, growth sources, pipeline fate, shortfalls."""

import streamlit as st

from ccbio import assessment_report as ar
from ccbio import charts, filters, page_cache, print_view, render
from ccbio.briefing import download_buttons
from ccbio.formatting import format_pct
from ccbio.i18n import pick, t

BADGE_COLOURS = {"green": "green", "amber": "orange", "red": "red"}


def table(df, key: str, headers: dict | None = None, percent: tuple = (), **config) -> None:
    """Draw a table on screen, and its wrapping HTML copy for print (print_view); the `percent`
    columns (ratios) read with one decimal in both, as every percentage does (not 23.88%)."""
    shown = df.assign(**{c: render.percent_points(df[c]) for c in percent})
    st.dataframe(shown, hide_index=True, width="stretch", key=key, **config)
    st.html(print_view.table_html(df, headers, percent))


def how(section: str, lang: str) -> None:
    """Draw the 'how is this computed' popover of a section: method, snapshot, month and query."""
    with st.popover(t("assessment.how", lang), icon=":material/help:"):
        for line in view.how[section]:
            st.caption(line)


f = filters.current()
lang = f.lang
st.html(print_view.PRINT_CSS)  # Ctrl+P: clean A4 pages, tables wrapped
filters.page_header("assessment.title", "assessment.question", f)
# the texts and tables, worked out once per period, language, data and rules (page_cache)
version = page_cache.version()
view = page_cache.assessment(f.period, lang, version)
if view is None:
    st.info(t("assessment.no_plan", lang))
    st.stop()
rep = view.report

st.caption(view.note)  # the header already says the plan has ended
with st.container(border=True, key="assessment_verdict"):
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.subheader(view.verdict)
    right.caption(view.thresholds)
    download_buttons(f.period, lang, key="assessment")
st.caption(t("assessment.print_hint", lang))

st.header(view.targets_title)
# three to a row, wrapping in target order (columns stacked them 1, 4, 2, 5, 3, 6 on a phone)
st.html(ar.CARDS_CSS)
with st.container(horizontal=True, key="assessment_cards", gap="small"):
    for row in rep.table.to_dict("records"):
        with st.container(border=True, key=f"assessment_card_{row['target_code']}"):
            value = ar.value_text(row["end_value"], row["unit_zh"], lang)
            st.metric(pick(row, "name", lang), value)
            st.badge(
                f"{pick(row, 'class_label', lang)} · {format_pct(row['ratio'], 1)}",
                color=BADGE_COLOURS[row["class_level"]],
            )
# six rows, nine columns: a wrapping table, whole on screen (the canvas grid cut its right end)
st.html(view.targets_html)
how("targets", lang)

st.header(t("assessment.section_sources", lang))
names = {r["target_code"]: pick(r, "name", lang) for r in rep.table.to_dict("records")}
code = (
    st.segmented_control(
        t("assessment.pick_target", lang),
        list(names),
        format_func=names.get,
        default="output_value",
        key="assessment_source_target",
    )
    or "output_value"
)
for col, dim in zip(st.columns(2), ("park", "sector"), strict=True):
    with col:
        st.subheader(t(f"assessment.by_{dim}", lang))
        rows, unit_zh = page_cache.growth_sources(f.period, code, dim, lang, version)
        headers = ar.source_headers(unit_zh, lang)
        render.chart(  # short park names; the subheader names the axis
            charts.bars,
            rows[rows["change"] != 0],
            "label",
            "change",
            t(f"assessment.by_{dim}", lang),
            headers["axis"],
            axis_title=False,
        )
        st.caption(ar.source_unit_note(unit_zh, lang))
        # a wrapping table, whole in half the screen (the canvas grid cut its share column at
        # 1440 px); one number of decimals per column
        digits = 1 if unit_zh == "亿元" else 0
        st.html(
            print_view.table_html(
                rows[list(ar.SOURCE_COLUMNS)],
                {c: headers[c] for c in ar.SOURCE_COLUMNS},
                percent=("share",),
                print_only=False,
                decimals=dict.fromkeys(("baseline_value", "end_value", "change"), digits),
            )
        )
how("sources", lang)

st.header(t("assessment.section_pipeline", lang))
for sentence in view.cohort_sentences:
    st.markdown(sentence)
if view.cohort_frame is not None:
    table(view.cohort_frame, "assessment_cohort")
how("cohort", lang)
st.subheader(t("assessment.stalled_title", lang))
if view.stalled_frame is None:
    st.info(t("assessment.no_stalled", lang))
else:
    table(view.stalled_frame, "assessment_stalled")
how("stalled", lang)

st.header(t("assessment.section_short", lang))
for sentence in view.short_sentences:
    st.markdown(f"- {sentence}")
how("short", lang)
