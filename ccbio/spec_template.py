"""Chart specs made once per shape and filled per call: the same Vega-Lite spec as Altair's, cheaper.

Building a chart through Altair (schema objects, their to_dict, the data sanitised) costs 3-20 ms;
the monitoring page draws eight, all new on a filter change (issue 15: 80 of its ~270 ms CPU).
A `Templated` builder is a pure builder in two parts: `parts` derives from the DataFrame the rows
the chart draws and the few spec values that depend on them (slots: the month order, a title);
`shape` makes the Altair chart from rows and slots. Called, it is the plain builder (tests and
other callers get an `alt.Chart`); `vega_spec` has Altair build the shape once per set of other
arguments (labels, language), with holes where data and slots go, and fills a copy per call.
tests/test_spec_template.py checks the filled spec equals Altair's own, datasets included.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
from altair.utils.schemapi import debug_mode

HOLE = "\x00hole:"  # no label, title or field holds a NUL
DATA = HOLE + "data"
_MAX_TEMPLATES = 256  # (builder, labels) pairs: a handful per page and language


class Templated:
    """A chart builder in two pure parts, callable as the builder they make together:
    parts(df, *args) -> (rows, slots) and shape(rows or named data, slots, *args) -> alt chart.

    `shape` may only place each slot in the spec as it is (a sort list, a title), never compute
    with it: the template holds a hole where the slot goes.
    """

    def __init__(self, name: str, parts: Callable, shape: Callable, doc: str) -> None:
        self.parts, self.shape = parts, shape
        self.__module__, self.__name__, self.__qualname__ = shape.__module__, name, name
        self.__doc__ = doc
        self._templates: dict[str, dict] = {}
        self._lock = threading.Lock()

    def __call__(self, df: pd.DataFrame, *args, **kwargs) -> alt.TopLevelMixin:
        rows, slots = self.parts(df, *args, **kwargs)
        return self.shape(rows, slots, *args, **kwargs)

    def vega_spec(self, df: pd.DataFrame, *args, **kwargs) -> dict:
        """Return self(df, …).to_dict(validate=False), datasets as Altair inlines them."""
        rows, slots = self.parts(df, *args, **kwargs)
        template = self._template(args, kwargs, tuple(slots))
        values = inline_values(rows)
        name = dataset_name(values)
        filled = fill(template, {**{HOLE + k: v for k, v in slots.items()}, DATA: name})
        return {**filled, "datasets": {name: values}}

    def _template(self, args: tuple, kwargs: dict, slot_names: tuple[str, ...]) -> dict:
        key = json.dumps(
            [args, kwargs, slot_names], sort_keys=True, ensure_ascii=False, default=repr
        )
        template = self._templates.get(key)
        if template is None:
            holes = {k: HOLE + k for k in slot_names}
            # not validated as built: a hole (text) stands where a number slot goes (a height)
            with debug_mode(False):
                chart = self.shape(alt.NamedData(name=DATA), holes, *args, **kwargs)
                template = chart.to_dict(validate=False)
            text = json.dumps(template)
            if unused := [k for k, hole in holes.items() if json.dumps(hole) not in text]:
                raise ValueError(
                    f"{self.__name__}: slots {unused} are not placed in the spec as is"
                )
            with self._lock:  # a race only builds the same template twice
                if len(self._templates) >= _MAX_TEMPLATES:
                    self._templates.clear()
                self._templates[key] = template
        return template


def fill(spec: Any, values: dict[str, Any]) -> Any:
    """Return a copy of `spec` with every string that is a key of `values` replaced by its value."""
    if isinstance(spec, dict):
        return {k: fill(v, values) for k, v in spec.items()}
    if isinstance(spec, list):
        return [fill(v, values) for v in spec]
    if isinstance(spec, str) and spec.startswith(HOLE):
        return values[spec]
    return spec


# dtypes whose values .tolist() gives as the Python objects Altair's sanitising makes of them
# (Arrow-backed text: str or NaN); any other (object, datetime, category, nullable) goes Altair's way
_PLAIN = {"str": "text", "float64": "number", "int64": "exact", "bool": "exact"}
_SMALL = 5000  # Altair's default row cap: a larger frame goes its way (and fails the same)


def inline_values(rows: pd.DataFrame) -> list[dict]:
    """Return `rows` as the records Altair inlines in a spec (to_values after its sanitising:
    missing text and NaN or infinite numbers as None), without copying the frame per column."""
    kinds = [_PLAIN.get(str(dtype)) for dtype in rows.dtypes]
    names = list(rows.columns)
    plain = names and all(kinds) and all(isinstance(c, str) for c in names)
    if not plain or len(rows) > _SMALL:
        return alt.data_transformers.get()(rows)["values"]
    columns = []
    for kind, (_, col) in zip(kinds, rows.items(), strict=True):
        values = col.tolist()
        if kind == "text":
            values = [None if v is None or v != v else v for v in values]
        elif kind == "number":
            values = [v if math.isfinite(v) else None for v in values]
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def dataset_name(values: list) -> str:
    """Return the name Altair gives inlined `values` (altair.vegalite.v6.api._dataset_name)."""
    if values == [{}]:
        return "empty"
    text = json.dumps(values, sort_keys=True, default=str)
    return "data-" + hashlib.sha256(text.encode()).hexdigest()[:32]
