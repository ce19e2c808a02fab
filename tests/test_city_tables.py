"""The goal figures computed once per connection (data.CITY_TABLES, issue 15): the same rows as the
view computes on the spot, for the city; a reader who does not see the city gets the view over its
own rows, never the city's table."""

from __future__ import annotations

import pytest

from bench import same_results
from ccbio import config, data
from ccbio.auth import scope


@pytest.fixture(params=["demo", "tiny"])
def folder(request, tiny_data_dir):
    return config.ROOT / "data" if request.param == "demo" else tiny_data_dir


@pytest.mark.parametrize("name", data.CITY_TABLES)
def test_the_held_rows_are_what_the_view_computes(folder, name):
    con = data.open_connection(folder)
    for reader in (scope.CITY, scope.Scope(("jingyue",)), scope.NOTHING):
        cursor = con.cursor()
        scope.apply(cursor, reader)
        held = cursor.execute(f"select * from {name} order by all").df()
        computed = cursor.execute(f"select * from {name}_computed order by all").df()
        assert same_results._same(held, computed) == (True, ""), reader
        assert (len(held) > 0) == (reader != scope.NOTHING)
    city, park = con.cursor(), con.cursor()
    scope.apply(city, scope.CITY)
    scope.apply(park, scope.Scope(("jingyue",)))
    sql = f"select sum(value) from {name}"
    assert park.execute(sql).fetchone()[0] < city.execute(sql).fetchone()[0]  # its own rows only


def test_a_city_reader_reads_the_held_rows_without_the_window(folder):
    con = data.open_connection(folder)
    period = con.execute("select max(period) from projects").fetchone()[0]
    cursor = con.cursor()
    scope.apply(cursor, scope.CITY)
    plan = cursor.execute(
        "explain select * from target_values where period = ?", [period]
    ).fetchall()
    assert "WINDOW" not in plan[0][1].upper() and "target_values_all" in plan[0][1]
