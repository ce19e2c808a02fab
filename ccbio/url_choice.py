"""Widget choices kept in the URL as language-neutral ids, so a shared link reopens the same view
in the other language.

Streamlit's `bind="query-params"` writes what a selectbox, multiselect or tab shows — its label in
the reader's language (`?lists_prj_sort=名称（按拼音）`, `?lists_tab=Major projects`) — so a link
made in Chinese lost its sort and tab when opened in English. Here the URL holds the option's id
(`?lists_prj_sort=name`); a link carrying a label in either language (from before) still opens.
Free text (a search box) is the same in every language and keeps Streamlit's own binding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import streamlit as st

LANGS = ("zh", "en")


def parse(raw: Iterable[str], ids: Sequence[str], label: Callable[[str, str], str]) -> list[str]:
    """Return the ids named by URL values: ids themselves, or labels in either language (old links).

    Values may repeat the parameter or be comma-separated; unknown values are dropped, and each
    id is kept once, in the order given.
    """
    by_label = {label(i, lang): i for i in ids for lang in LANGS}
    found: list[str] = []
    for value in raw:
        for token in (value, *value.split(",")) if "," in value else (value,):
            token = token.strip()
            picked = token if token in ids else by_label.get(token)
            if picked is not None and picked not in found:
                found.append(picked)
    return found


def url_values(key: str) -> list[str]:
    """Return every value of ?key= in the URL (empty when absent)."""
    return st.query_params.get_all(key) if key in st.query_params else []


def seed(key: str, ids: Sequence[str], label: Callable[[str, str], str], multi: bool = False):
    """Before a widget is drawn: on a session's first view, start it at the URL's choice."""
    if key in st.session_state:
        return
    picked = parse(url_values(key), ids, label)
    if picked:
        st.session_state[key] = picked if multi else picked[0]


def write(key: str, default=None) -> None:
    """Widget callback: put the widget's choice (its id, or ids) in the URL; none at its default."""
    value = st.session_state.get(key)
    empty = value is None or (isinstance(value, list | tuple) and not value)
    if empty or value == default:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = list(value) if isinstance(value, list | tuple) else value


def tab_default(key: str, ids: Sequence[str], label: Callable[[str, str], str]) -> str | None:
    """Return the id of the tab the URL opens (None: the first)."""
    picked = parse(url_values(key), ids, label)
    return picked[0] if picked else None


def write_tab(key: str, ids: Sequence[str], label: Callable[[str, str], str]) -> None:
    """Tabs callback: the open tab (Streamlit keeps its label) goes into the URL as its id."""
    picked = parse([st.session_state.get(key) or ""], ids, label)
    if picked and picked[0] != ids[0]:
        st.query_params[key] = picked[0]
    elif key in st.query_params:
        del st.query_params[key]
