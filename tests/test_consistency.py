"""House rules that keep the code base navigable (in the spirit of datasette's test_docs.py)."""

from __future__ import annotations

import re

import pytest

from tests.tiny_data import ROOT

QUERY_FILES = sorted((ROOT / "queries").glob("*.sql"))
PYTHON_APP_FILES = [*(ROOT / "ccbio").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]


def _app_code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PYTHON_APP_FILES if p.exists())


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_starts_with_its_grain_and_parameters(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert re.match(r"-- One row per .+\. (Params: \$\w+(, \$\w+)*|No parameters)\.$", first), first


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_every_query_file_is_used(path):
    assert f'"{path.stem}"' in _app_code(), f"{path.name} is not called from the app"


def test_view_files_say_what_they_are():
    for path in (ROOT / "queries" / "views").glob("*.sql"):
        assert path.read_text(encoding="utf-8").startswith("-- View: one row per"), path.name


def test_only_the_data_module_touches_duckdb():
    importers = [p.relative_to(ROOT).as_posix() for p in PYTHON_APP_FILES
                 if p.exists() and re.search(r"^\s*(import duckdb|from duckdb)", p.read_text(encoding="utf-8"), re.M)]
    assert importers == ["ccbio/data.py"]


def test_no_sql_text_in_pages():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\bselect\b[\s\S]{0,200}\bfrom\b", text, re.I), page.name


def test_query_parameters_are_not_formatted_into_sql():
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        assert "{" not in text and "%s" not in text, f"{path.name} looks like a format template"
