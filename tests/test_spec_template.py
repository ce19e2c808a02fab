"""spec_template: the filled spec is Altair's own, byte for byte, for the monitoring page's charts."""

from __future__ import annotations

import json
from datetime import date

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ccbio import data, filters, render, spec_template
from ccbio import monitoring_charts as mc
from ccbio import monitoring_view as mv
from tests.oracles import chart_specs

PERIODS = ("2023-06", "2024-01", "2025-12")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("grain", ["month", "quarter"])
def test_ledger_charts_from_the_template_are_altair_s_spec(period, lang, grain):
    rows = mv.ledger(filters.Filters(period=period, lang=lang), grain, date(2026, 1, 15))
    money, labels = mv.money_series(rows), mv.ledger_chart_labels(lang)
    for builder in (mc.indicator_lines, mc.yoy_bars):
        altair, filled = chart_specs(builder, money, "label", labels)
        assert filled == altair
        assert json.loads(filled)["datasets"]  # the data went in, not a hole


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", PERIODS)
def test_pace_panels_from_the_template_are_altair_s_spec(period, lang):
    pace, labels = mv.pace_rows(period, lang), mv.pace_labels(lang)
    titles = []
    for _, panel in pace.groupby("name", sort=False):
        altair, filled = chart_specs(mc.pace_panel, panel, labels)
        assert filled == altair
        titles.append(json.loads(filled)["title"]["text"])
    # one template serves the six panels: each still gets its own title and months
    assert titles == list(dict.fromkeys(pace["name"])) and len(titles) == 6
    assert spec_template.HOLE not in filled


def test_a_filtered_selection_and_the_other_language_get_their_own_specs():
    parks = tuple(data.park_list()["park_id"][:1])
    f = filters.Filters(period="2025-06", parks=parks, lang="en")
    money = mv.money_series(mv.ledger(f, "month", date(2026, 1, 15)))
    en, zh = mv.ledger_chart_labels("en"), mv.ledger_chart_labels("zh")
    altair, filled = chart_specs(mc.indicator_lines, money, "label", en)
    assert filled == altair
    assert (
        chart_specs(mc.indicator_lines, money, "label", zh)[1] != filled
    )  # not the cached English one


def test_inline_values_are_altair_s_for_missing_and_infinite_values():
    frame = pd.DataFrame(
        {
            "text": pd.array(["a", None, "c"], dtype="str"),
            "x": [1.5, np.nan, np.inf],
            "n": [1, 2, 3],
            "flag": [True, False, True],
        }
    )
    assert spec_template.inline_values(frame) == alt.utils.data.to_values(frame)["values"]
    assert spec_template.inline_values(frame)[1] == {"text": None, "x": None, "n": 2, "flag": False}


def test_other_dtypes_go_altair_s_way():
    frame = pd.DataFrame({"when": pd.to_datetime(["2025-01-01"]), "o": [[1, 2]]})
    assert spec_template.inline_values(frame) == [{"when": "2025-01-01T00:00:00", "o": [1, 2]}]


def test_render_draws_a_templated_builder_through_its_template(monkeypatch):
    pace = mv.pace_rows("2025-12", "zh")
    panel = pace[pace["name"] == pace["name"].iloc[0]]
    calls = []
    monkeypatch.setattr(mc.pace_panel, "vega_spec", lambda *a: calls.append(a) or {"mark": "line"})
    spec = render.vega_spec.__wrapped__("x", mc.pace_panel, (panel, {}), {})
    assert calls and spec == {"mark": "line"}


def test_the_builders_still_validate_against_vega_lite():
    pace = mv.pace_rows("2025-12", "en")
    panel = pace[pace["name"] == pace["name"].iloc[0]]
    mc.pace_panel(panel, mv.pace_labels("en")).to_dict()  # validates; raises on a bad spec


def test_a_shape_that_computes_with_a_slot_fails_loudly():
    """A slot used other than as a value (here its length) has no hole: the template would be wrong."""
    frame = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})
    bad = spec_template.Templated(
        "bad",
        lambda df: (df, {"order": list(df["x"])}),
        lambda data, slots: alt.Chart(data).mark_bar().properties(width=len(slots["order"])),
        "A builder that computes with its slot.",
    )
    assert bad(frame).to_dict()["width"] == 2  # as a plain builder it works
    with pytest.raises(ValueError, match="order"):
        bad.vega_spec(frame)
