"""Draw charts with their Vega-Lite spec cached by the builder and its inputs.

Building an Altair chart and validating its spec costs 30-60 ms per chart on this 2-core
machine (the goals page draws six); a rerun with the same filters gets the same spec back from
the cache instead. Builders stay pure and uncached (tests call them directly); what is cached
is the spec, its datasets already as the Arrow bytes Streamlit sends, keyed by the builder's
code and its arguments, DataFrames included.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
from altair.utils.schemapi import debug_mode

from ccbio.frames import frame_key
from ccbio.streamlit_private import arrow_bytes


@st.cache_data(max_entries=1024, show_spinner=False, hash_funcs={pd.DataFrame: frame_key})
def vega_spec(
    builder_name: str, _builder: Callable[..., alt.TopLevelMixin], args: tuple, kwargs: dict
) -> dict:
    """Return _builder(*args, **kwargs) as a Vega-Lite spec with its data inlined.

    Streamlit cannot hash a function, so the cache key names it (`builder_name`) and the
    function itself is passed unhashed (a leading underscore tells st.cache_data to skip it).
    """
    # pages pass summaries, not raw rows; the row cap only guards against a mistake
    # not validated here: checking the spec against Vega-Lite's JSON schema was about half of
    # each chart's cost on a filter change (issue 15); the builders' tests validate every spec.
    # debug_mode(False) also skips the check Altair runs as each schema object is constructed
    # (~1/3 of a chart's build); a global flag, so a concurrent build may still validate: harmless.
    with alt.data_transformers.enable("default", max_rows=20_000), debug_mode(False):
        # a spec_template.Templated builder fills a spec made once per shape (same spec, cheaper)
        if hasattr(_builder, "vega_spec"):
            spec = _builder.vega_spec(*args, **kwargs)
        else:
            spec = _builder(*args, **kwargs).to_dict(validate=False)
    # The datasets as the Arrow bytes st.vega_lite_chart would make of them on every rerun
    # (a DataFrame per list of records, then Arrow IPC): made once here, the cache keeps them.
    for name, values in spec.get("datasets", {}).items():
        if isinstance(values, list) and not _is_geojson(values):
            spec["datasets"][name] = arrow_bytes(values)
    return spec


def _is_geojson(values: list) -> bool:
    # GeoJSON features stay JSON in the spec (Streamlit leaves them for Vega-Lite to read)
    return bool(values) and isinstance(values[0], dict) and values[0].get("type") == "Feature"


def chart(
    builder: Callable[..., alt.TopLevelMixin], *args, width: str = "stretch", **kwargs
) -> None:
    """Draw builder(*args, **kwargs) on the page, reusing the cached spec on reruns."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    st.vega_lite_chart(spec=vega_spec(name, builder, args, kwargs), width=width)


# Missing values read as a dash, never as Streamlit's default "None".
MISSING = "—"
# One decimal for every percentage in a table, as format_pct writes them in the text and charts.
PERCENT_FORMAT = "%.1f%%"


def table(data, lang: str = "zh", **kwargs) -> None:
    """Draw st.dataframe without its index and with '—' for missing values.

    A table without rows is not drawn: Streamlit would write its own English ("empty") in it.
    """
    if len(data) == 0:
        from ccbio.i18n import t

        st.caption(t("common.no_rows", lang))
        return
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("placeholder", MISSING)
    st.dataframe(data, **kwargs)


def percent_points(ratios):
    """Return ratios (0.125) as percentage points (12.5), for a column shown with PERCENT_FORMAT."""
    return ratios * 100


def percent_column(label: str, help: str | None = None, progress: bool = False):
    """Return a table column for percentage points (see percent_points): '12.5%'."""
    if progress:
        return st.column_config.ProgressColumn(
            label, format=PERCENT_FORMAT, min_value=0, max_value=100, help=help
        )
    return st.column_config.NumberColumn(label, format=PERCENT_FORMAT, help=help)
