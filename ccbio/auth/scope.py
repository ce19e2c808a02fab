"""Which parks' rows a reader may see, applied inside DuckDB so that no query can forget it.

`data.open_connection` keeps every park's rows in `<table>_all` and defines `<table>` as a view
that keeps only the rows of the parks in the cursor's scope: two DuckDB variables set on each
fresh cursor by `apply()`, never from a URL or a widget. A cursor without them sees no rows (fail
closed). Queries in CITY_AGGREGATES report the city's figures (the 双十双百双千 targets on the goals
and assessment pages) and run with the city scope for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_VAR, PARKS_VAR = "ccbio_scope_all", "ccbio_scope_parks"
_IN_SCOPE = f"(getvariable('{ALL_VAR}') or list_contains(getvariable('{PARKS_VAR}'), park_id))"
# Tables filtered by park; project_events has no park, so it follows its project.
SCOPED_VIEWS = {
    "projects": f"select * from projects{{all}} where {_IN_SCOPE}",
    "enterprises": f"select * from enterprises{{all}} where {_IN_SCOPE}",
    "indicators": f"select * from indicators{{all}} where {_IN_SCOPE}",
    "projects_by_id": f"select * from projects_by_id{{all}} where {_IN_SCOPE}",  # issue 15
    "project_cells": f"select * from project_cells{{all}} where {_IN_SCOPE}",  # issue 15
    "park_entry_windows": f"select * from park_entry_windows{{all}} where {_IN_SCOPE}",
    "park_entry_months": f"select * from park_entry_months{{all}} where {_IN_SCOPE}",
    "enterprise_cells": f"select * from enterprise_cells{{all}} where {_IN_SCOPE}",
    "project_events": (  # two branches, so the city's reads skip the join to projects
        f"select * from project_events{{all}} where getvariable('{ALL_VAR}') union all "
        f"select * from project_events{{all}} where not getvariable('{ALL_VAR}') "
        "and project_id in (select project_id from projects)"
    ),
}
# City-level figures everyone may see whatever their parks: the targets and what the app needs
# to start (the periods, whether the data is demo data).
CITY_AGGREGATES = frozenset(
    {
        "available_periods",
        "data_is_demo",
        "goal_progress",
        "goal_series",
        "target_pace",
        # the plan-end assessment of the city's targets (issue 12)
        "plan_attainment",
        "plan_goal_history",
        "plan_growth_sources",
        "pipeline_cohort",
    }
)


@dataclass(frozen=True)
class Scope:
    """The parks whose rows may be read: None = every park (the city), () = none."""

    parks: tuple[str, ...] | None

    @property
    def city(self) -> bool:
        """Return whether every park's rows may be read."""
        return self.parks is None

    def key(self) -> str:
        """Return a short text that tells scopes apart in cache keys."""
        return "city" if self.parks is None else "parks:" + ",".join(sorted(self.parks))

    def allows(self, park_id: str | None) -> bool:
        """Return whether a row of `park_id` may be read."""
        return self.parks is None or park_id in self.parks


CITY = Scope(None)
NOTHING = Scope(())


def create_scoped_views(con, all_suffix: str) -> None:
    """Create the scoped views over the `<table><all_suffix>` tables of a new connection."""
    for view, sql in SCOPED_VIEWS.items():
        con.execute(f"create view {view} as {sql.format(all=all_suffix)}")


def apply(cursor, scope: Scope) -> None:
    """Set the scope on a fresh cursor (DuckDB variables are per cursor)."""
    cursor.execute(f"set variable {ALL_VAR} = ?", [scope.city])
    cursor.execute(f"set variable {PARKS_VAR} = ?::varchar[]", [list(scope.parks or ())])


def session_scope() -> Scope:
    """Return the scope of the signed-in user of this Streamlit session.

    Outside a Streamlit script run (command line, benchmarks, query tests) the process reads the
    files anyway, so the scope is the city; inside one, nobody signed in sees nothing.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return CITY
    from ccbio.auth import session

    user = session.current_user()
    return NOTHING if user is None else user.scope
