"""Park scope inside DuckDB: a planner's queries hold only their parks' rows, whatever they ask;
a cursor without a scope reads nothing; city aggregates are the same for everyone."""

from __future__ import annotations

import pytest

from ccbio import data
from ccbio.auth import scope
from ccbio.auth.scope import CITY, NOTHING, Scope

JINGYUE = Scope(("jingyue",))


@pytest.fixture(scope="module")
def period():
    return data.latest_period()


def run(name, parks_in_scope, **params):
    return data.run_query(name, parks_in_scope=parks_in_scope, **params)


def test_a_planners_rows_are_their_parks_even_when_asking_for_another(period):
    asked = {"period": period, "parks": ["edz"], "sectors": []}
    assert run("major_projects", JINGYUE, **asked).empty  # another park: nothing, not everything
    mine = run("major_projects", JINGYUE, period=period, parks=[], sectors=[])
    assert set(mine["park_id"]) == {"jingyue"}
    city = run("major_projects", CITY, period=period, parks=[], sectors=[])
    assert len(city) > len(mine) and set(mine["project_id"]) <= set(city["project_id"])
    firms = run("leading_enterprises", JINGYUE, period=period, parks=[], sectors=[])
    assert set(firms["park_id"]) == {"jingyue"}


def test_stage_counts_of_a_planner_add_up_to_their_park_only(period):
    mine = run("pipeline_by_stage", JINGYUE, period=period, parks=[], sectors=[])
    asked = run("pipeline_by_stage", CITY, period=period, parks=["jingyue"], sectors=[])
    assert mine["projects"].tolist() == asked["projects"].tolist()


def test_project_events_follow_their_project(period):
    cursor = data.connection().cursor()
    scope.apply(cursor, JINGYUE)
    outside = cursor.sql(
        "select count(*) from project_events e join projects_all p using (project_id) "
        "where p.park_id <> 'jingyue'"
    ).fetchall()[0][0]
    inside = cursor.sql("select count(*) from project_events").fetchall()[0][0]
    cursor.close()
    assert outside == 0 and inside > 0


def test_a_cursor_without_a_scope_reads_no_row():
    cursor = data.connection().cursor()
    counts = [cursor.sql(f"select count(*) from {t}").fetchall()[0][0] for t in scope.SCOPED_VIEWS]
    cursor.close()
    assert counts == [0] * len(scope.SCOPED_VIEWS)
    assert run("available_periods", NOTHING).empty  # run_query applies what it is given


def test_through_query_a_planner_gets_city_targets_but_own_rows(period, monkeypatch):
    city_goals, city_projects = data.goal_progress(period), data.major_projects(period)
    monkeypatch.setattr(scope, "session_scope", lambda: JINGYUE)  # as a signed-in planner
    assert data.goal_progress(period).equals(city_goals)  # a city aggregate
    mine = data.major_projects(period)  # not the city's cached result: the scope is in the key
    assert set(mine["park_id"]) == {"jingyue"} and len(mine) < len(city_projects)


def test_scopes_are_told_apart_in_cache_keys():
    assert len({CITY.key(), JINGYUE.key(), NOTHING.key(), Scope(("edz",)).key()}) == 4
    assert CITY.allows("edz") and JINGYUE.allows("jingyue") and not JINGYUE.allows("edz")
    assert not NOTHING.allows("jingyue")
