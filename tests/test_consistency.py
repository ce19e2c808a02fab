"""House rules that keep the code base navigable (in the spirit of datasette's test_docs.py)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from ccbio import data
from tests.tiny_data import ROOT

QUERY_FILES = sorted((ROOT / "queries").glob("*.sql"))
PYTHON_APP_FILES = [
    *(ROOT / "ccbio").rglob("*.py"),
    *(ROOT / "pages").glob("*.py"),
    ROOT / "app.py",
]


def _app_code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PYTHON_APP_FILES if p.exists())


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_starts_with_its_grain_and_parameters(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert re.match(r"-- One row per .+\. (Params: \$\w+(, \$\w+)*|No parameters)\.$", first), first


def _is_used(name: str, app_code: str, data_code: str) -> bool:
    """Whether query `name` is called: `data.<name>(` outside data.py; or inside data.py a call of
    `<name>(` / `query("<name>"` other than the line that defines it; or a data.py function that
    fetches it (`fetch("<name>"`) is itself called from outside."""
    inside = "\n".join(line for line in data_code.splitlines() if "_query_function(" not in line)
    callers = [
        re.findall(r"^def (\w+)", inside[: m.start()], re.M)[-1]
        for m in re.finditer(rf'fetch\("{name}"', inside)
    ]
    return (
        f"data.{name}(" in app_code
        or re.search(rf"(?<![\w.]){name}\(", inside) is not None
        or f'query("{name}"' in inside
        or any(f"data.{caller}(" in app_code for caller in callers)
    )


def test_the_usage_check_catches_an_unused_query():
    data_code = (
        'x = _query_function("ages")\ny = query("periods")\nknown = stages()["id"]\n'
        'def is_demo():\n    return fetch("demo_flag")\n'
    )
    assert not _is_used("ages", "data.other(1)\n", data_code)  # defined, never called
    assert _is_used("ages", "data.ages(period)\n", data_code)
    assert _is_used("periods", "", data_code) and _is_used("stages", "", data_code)
    assert not _is_used("demo_flag", "", data_code)  # its function is never called
    assert _is_used("demo_flag", "if data.is_demo():\n", data_code)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_every_query_file_is_used(path):
    data_module = ROOT / "ccbio" / "data.py"
    app_code = "\n".join(
        p.read_text(encoding="utf-8") for p in PYTHON_APP_FILES if p.exists() and p != data_module
    )
    assert _is_used(path.stem, app_code, data_module.read_text(encoding="utf-8")), (
        f"{path.name} is not called from the app (pages/, app.py, ccbio/)"
    )


def test_every_query_file_has_its_checks_and_function():
    assert sorted(data.QUERIES) == sorted(p.stem for p in QUERY_FILES)
    source = (ROOT / "ccbio" / "data.py").read_text(encoding="utf-8")
    for name in data.QUERIES:
        function = getattr(data, name, None)
        if getattr(function, "query_name", None) == name:  # made from the table: the SQL's grain
            assert function.__doc__ == data.grain(name), name
        else:  # a function whose arguments or result differ calls fetch itself
            assert f'fetch("{name}"' in source or f'query("{name}"' in source, name


def test_view_files_say_what_they_are():
    for path in (ROOT / "queries" / "views").glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(("-- View: one row per", "-- Macro: ")), path.name


def test_only_the_data_module_touches_duckdb():
    importers = [
        p.relative_to(ROOT).as_posix()
        for p in PYTHON_APP_FILES
        if p.exists()
        and re.search(r"^\s*(import duckdb|from duckdb)", p.read_text(encoding="utf-8"), re.M)
    ]
    assert importers == ["ccbio/data.py"]


def test_no_sql_text_in_pages():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\bselect\b[\s\S]{0,200}\bfrom\b", text, re.I), page.name


def test_query_parameters_are_not_formatted_into_sql():
    for path in QUERY_FILES:
        text = path.read_text(encoding="utf-8")
        assert "{" not in text and "%s" not in text, f"{path.name} looks like a format template"


def _bare_expressions(source: str) -> list[int]:
    """Return the line of every statement Streamlit magic would draw: an expression that is not a
    call and not a docstring."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        for i, child in enumerate(body if isinstance(body, list) else []):
            if isinstance(child, ast.Expr) and not isinstance(child.value, ast.Call):
                docstring_owner = isinstance(
                    node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                )
                if (
                    docstring_owner
                    and i == 0
                    and isinstance(child.value, ast.Constant)
                    and isinstance(child.value.value, str)
                ):
                    continue
                lines.append(child.lineno)
    return lines


def test_bare_expression_finder_sees_what_magic_would_draw():
    assert _bare_expressions(
        '"""doc"""\nimport streamlit as st\nx = 1\nx\nst.write(x)\nif x:\n    "shown"\n'
    ) == [4, 7]


@pytest.mark.parametrize(
    "path", [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))], ids=lambda p: p.name
)
def test_no_page_relies_on_streamlit_magic(path):
    # .streamlit/config.toml turns magic off (it re-parses every script on each compile), so a bare
    # expression would silently draw nothing
    assert "magicEnabled = false" in (ROOT / ".streamlit" / "config.toml").read_text(
        encoding="utf-8"
    )
    assert _bare_expressions(path.read_text(encoding="utf-8")) == [], (
        f"{path.name}: draw it with st.write"
    )


@pytest.mark.parametrize("ruff", [["format", "--check"], ["check"]], ids=["format", "lint"])
def test_the_tree_is_formatted_and_lint_clean(ruff):
    # part of the one test command, so an unformatted or lint-failing change fails the suite
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *ruff, "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, f"uv run ruff {' '.join(ruff)} .\n{result.stdout}{result.stderr}"


def test_no_test_module_imports_another():
    # shared builders live in tests/ledgers.py, tests/samples.py, tests/page_helpers.py …, and
    # fixtures in conftest.py: importing a test module runs its module-level set-up and ties two
    # test files together (and pytest may import a conftest.py twice under two names)
    importer = re.compile(r"^\s*(?:from|import)\s+tests\.(?:\w+\.)*(test_\w+|conftest)\b", re.M)
    users = {
        p.relative_to(ROOT).as_posix(): importer.findall(p.read_text(encoding="utf-8"))
        for p in (ROOT / "tests").rglob("*.py")
    }
    assert {p: names for p, names in users.items() if names} == {}
