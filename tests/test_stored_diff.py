"""The snapshot differences stored with the consolidated files (issue 15): the same rows as joining
the two snapshots, read instead of the join for the pairs stored, and rebuilt with a new snapshot."""

from __future__ import annotations

import shutil

import pytest

from bench import same_results
from ccbio import config, data
from ccbio.auth import scope

MACROS = ("project_diff", "enterprise_diff", "stage_flow_cells")


def _rows(con, macro: str, pair: tuple[str, str], stored: bool):
    cursor = con.cursor()
    scope.apply(cursor, scope.CITY)
    cursor.execute("set variable ccbio_diff_stored = ?", [stored])
    # names: stored with the rows, looked up by the queries for the rows they keep when joined
    columns = "* exclude (name_zh, name_en)" if macro != "stage_flow_cells" else "*"
    return cursor.execute(
        f"select {columns} from {macro}(?, ?) order by all", list(pair)
    ).fetchall()


def _stored(con) -> list[tuple[str, str]]:
    return con.execute("select * from snapshot_pairs order by all").fetchall()


@pytest.fixture(params=["demo", "tiny"])
def folder(request, tiny_data_dir):
    return config.ROOT / "data" if request.param == "demo" else tiny_data_dir


def test_the_stored_pairs_are_the_pages_defaults(folder):
    con = data.open_connection(folder)
    periods = [
        r[0] for r in con.execute("select distinct period from projects order by 1").fetchall()
    ]
    pairs = _stored(con)
    assert pairs == sorted(data.stored_pairs(periods))
    for before, period in zip(periods, periods[1:], strict=False):
        assert (before, period) in pairs  # the comparison page's default: the month before
    year_pairs = [
        (f"{int(p[:4]) - 1}{p[4:]}", p) for p in periods if f"{int(p[:4]) - 1}{p[4:]}" in periods
    ]
    assert set(year_pairs) <= set(pairs)  # the pipeline's stage flows: a year back


def test_every_stored_pair_holds_the_rows_the_join_gives(folder):
    con = data.open_connection(folder)
    pairs = _stored(con)
    assert pairs
    changed = 0
    for pair in pairs:
        for macro in MACROS:
            stored = _rows(con, macro, pair, stored=True)
            assert stored == _rows(con, macro, pair, stored=False), (macro, pair)
            changed += len(stored)
    assert changed > 0  # the data does change between snapshots: the comparison is not empty


def test_a_park_reader_never_reads_the_stored_rows(folder):
    con = data.open_connection(folder)
    cursor = con.cursor()
    scope.apply(cursor, scope.Scope(("no_such_park",)))
    cursor.execute("set variable ccbio_diff_stored = true")
    for macro in MACROS:
        assert (
            cursor.execute(f"select * from {macro}(?, ?)", list(_stored(con)[0])).fetchall() == []
        )


def test_a_pair_not_stored_is_joined(folder, monkeypatch):
    con = data.open_connection(folder)
    monkeypatch.setattr(data, "connection", lambda: con)
    periods = [
        r[0] for r in con.execute("select distinct period from projects order by 1").fetchall()
    ]
    pair = (periods[-1], periods[0])  # reversed: never stored
    assert pair not in _stored(con)
    assert _rows(con, "project_diff", pair, stored=False)  # everything added/removed the other way
    args = {"period_from": pair[0], "period_to": pair[1], "parks": [], "sectors": [], "limit": None}
    joined = data.run_query("project_changes", **args)
    assert len(joined) == len(_rows(con, "project_diff", pair, stored=False))


def test_a_stored_pair_is_read_not_joined(monkeypatch):
    monkeypatch.setenv("CCBIO_DATA_DIR", str(config.ROOT / "data"))
    con = data.connection()
    pair = _stored(con)[-1]
    for stored in (True, False):
        cursor = con.cursor()
        scope.apply(cursor, scope.CITY)
        cursor.execute("set variable ccbio_diff_stored = ?", [stored])
        sql = data.load_sql("snapshot_change_counts")
        plan = cursor.execute(f"explain {sql}", data._pair(*pair) | {"parks": [], "sectors": []})
        text = "\n".join(row[1] for row in plan.fetchall())
        assert ("FULL" in text) is not stored, text


def test_the_page_queries_match_the_join_for_the_city_and_a_park(monkeypatch):
    root = config.ROOT / "data"
    monkeypatch.setenv("CCBIO_DATA_DIR", str(root))
    periods, park = data.periods(), data.park_list()["park_id"].iloc[0]
    cons = {
        "stored": data.open_connection(root),
        "joined": data.open_connection(root, consolidated=False),
    }
    pair = {"period_from": periods[-2], "period_to": periods[-1], "parks": [], "sectors": []}
    for name, extra in (
        ("snapshot_change_counts", {}),
        ("project_changes", {"limit": 50}),
        ("enterprise_changes", {"limit": 50}),
        ("stage_flows", {}),
    ):
        for reader in (scope.CITY, scope.Scope((park,))):
            got = {}
            for path, con in cons.items():
                monkeypatch.setattr(data, "connection", lambda con=con: con)
                got[path] = data.run_query(name, parks_in_scope=reader, **pair, **extra)
            assert len(got["stored"]) > 0, name
            # sums to a relative 1e-9: the stored cells add the same values in another order
            assert same_results._same(got["stored"], got["joined"]) == (True, ""), (name, reader)


def test_a_new_snapshot_is_stored_with_its_differences(tmp_path):
    source = config.ROOT / "data"
    for folder in ("reference", "geo"):
        shutil.copytree(source / folder, tmp_path / folder)
    for period in ("2025-11", "2025-12"):
        shutil.copytree(
            source / "snapshots" / f"period={period}", tmp_path / "snapshots" / f"period={period}"
        )
    assert _stored(data.open_connection(tmp_path)) == [("2025-11", "2025-12")]
    shutil.copytree(
        source / "snapshots" / "period=2026-01", tmp_path / "snapshots" / "period=2026-01"
    )
    con = data.open_connection(tmp_path)  # stale: the fingerprint changed, so it is rebuilt
    assert _stored(con) == [("2025-11", "2025-12"), ("2025-12", "2026-01")]
    for macro in MACROS:
        pair = ("2025-12", "2026-01")
        assert _rows(con, macro, pair, stored=True) == _rows(con, macro, pair, stored=False)


def test_without_a_consolidated_folder_every_pair_is_joined(tmp_path, monkeypatch):
    source = config.ROOT / "data"
    for folder in ("reference", "geo"):
        shutil.copytree(source / folder, tmp_path / folder)
    for period in ("2025-11", "2025-12"):
        shutil.copytree(
            source / "snapshots" / f"period={period}", tmp_path / "snapshots" / f"period={period}"
        )
    con = data.open_connection(tmp_path, consolidated=False)
    assert _stored(con) == []
    pair = ("2025-11", "2025-12")
    assert _rows(con, "project_diff", pair, stored=True) == []  # empty tables of the same columns
    assert _rows(con, "project_diff", pair, stored=False)
