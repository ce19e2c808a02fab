"""The pipeline, sectors and assessment pages' charts come from templates (spec_template): every
chart those pages draw, with the arguments they pass, is Altair's own spec byte for byte."""

from __future__ import annotations

import json

import pytest

from ccbio import charts, render, spec_template
from tests.oracles import chart_specs
from tests.page_helpers import open_page

# the builders each page draws (tests/test_spec_template.py covers the monitoring page's)
PAGES = {
    "pipeline": {"funnel", "flow_matrix", "stage_age_box"},
    "sectors": {"bars", "heatmap"},
    "assessment": {"bars"},
}


@pytest.fixture
def drawn(monkeypatch):
    """Record (builder, args, kwargs) of every render.chart call while the test opens a page."""
    calls = []
    real = render.chart

    def recording(builder, *args, **kwargs):
        calls.append((builder, args, kwargs))
        return real(builder, *args, **kwargs)

    monkeypatch.setattr(render, "chart", recording)
    return calls


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("page", "period"), [(p, d) for p in PAGES for d in ("2024-06", "2025-12")]
)
def test_every_chart_a_page_draws_is_altair_s_spec(drawn, page, period, lang):
    open_page(page, period=period, lang=lang)
    seen = {b.__name__ for b, _, _ in drawn if b.__module__ == charts.__name__}
    assert PAGES[page] <= seen
    for builder, args, kwargs in drawn:
        if builder.__module__ != charts.__name__:
            continue
        assert isinstance(builder, spec_template.Templated), builder.__name__
        altair, filled = chart_specs(builder, *args, **kwargs)
        assert filled == altair, builder.__name__
        assert spec_template.HOLE not in filled
        assert json.loads(filled)["datasets"]  # the data went in, not a hole


def test_one_template_serves_frames_of_other_sizes_and_maxima():
    """The slots (a height, a colour threshold, the funnel's room) follow each call's data."""
    import pandas as pd

    small = pd.DataFrame({"c": ["a", "b"], "v": [1.0, 9.0]})
    large = pd.DataFrame({"c": list("abcdef"), "v": [3.0, 1.0, 8.0, 2.0, 40.0, 5.0]})
    for frame in (small, large):
        altair, filled = chart_specs(charts.bars, frame, "c", "v", "类", "值", label_col="c")
        assert filled == altair
        assert json.loads(filled)["height"] == max(30 * len(frame) + 40, 110)
        grid = frame.assign(k="x")
        altair, filled = chart_specs(
            charts.heatmap, grid, "c", "k", "v", list(frame["c"]), ["x"], "r", "k", "v"
        )
        assert filled == altair
        assert str(frame["v"].max() / 2) in filled
