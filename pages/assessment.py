"""Final assessment 终期评估 — how did the plan end? Verdict, six targets, growth sources, pipeline fate, shortfalls."""

import streamlit as st

from ccbio import assessment_report as ar
from ccbio import charts, filters, print_view, render
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


def how(rep, section: str, lang: str) -> None:
    """Draw the 'how is this computed' popover of a section: method, snapshot, month and query."""
    with st.popover(t("assessment.how", lang), icon=":material/help:"):
        for line in ar.how_lines(rep, section, lang):
            st.caption(line)


f = filters.current()
lang = f.lang
st.html(print_view.PRINT_CSS)  # Ctrl+P: clean A4 pages, tables wrapped
filters.page_header("assessment.title", "assessment.question", f)
rep = ar.report(f.period)
if rep is None:
    st.info(t("assessment.no_plan", lang))
    st.stop()

st.caption(ar.plan_note(rep, lang, short=True))  # the header already says the plan has ended
with st.container(border=True, key="assessment_verdict"):
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.subheader(ar.verdict_text(rep, lang))
    right.caption(ar.thresholds_text(rep, lang))
    download_buttons(f.period, lang, key="assessment")
st.caption(t("assessment.print_hint", lang))

st.header(ar.targets_title(rep, lang))
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
st.html(print_view.table_html(ar.targets_frame(rep, lang), print_only=False))
how(rep, "targets", lang)

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
        rows = ar.sources_frame(rep, code, dim, lang)
        unit_zh = ar.source_unit(rep, code)
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
how(rep, "sources", lang)

st.header(t("assessment.section_pipeline", lang))
for sentence in ar.cohort_sentences(rep, lang):
    st.markdown(sentence)
if not rep.cohort.empty:
    table(ar.cohort_frame(rep, lang), "assessment_cohort")
how(rep, "cohort", lang)
st.subheader(t("assessment.stalled_title", lang))
if rep.stalled.empty:
    st.info(t("assessment.no_stalled", lang))
else:
    table(ar.stalled_frame(rep, lang), "assessment_stalled")
how(rep, "stalled", lang)

st.header(t("assessment.section_short", lang))
for sentence in ar.short_sentences(rep, lang):
    st.markdown(f"- {sentence}")
how(rep, "short", lang)
