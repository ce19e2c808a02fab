"""Queries run on one DuckDB thread while a snapshot fits one row group (data.one_thread_is_enough):
the city's real size; a larger snapshot keeps DuckDB's thread per core."""

from __future__ import annotations

import duckdb

from ccbio import config, data


def threads(con) -> int:
    return con.execute("select current_setting('threads')").fetchone()[0]


def test_the_demo_data_s_queries_run_on_one_thread():
    con = data.open_connection(config.data_dir())
    assert threads(con) == 1
    assert threads(con.cursor()) == 1  # the pages' cursors too


def test_a_snapshot_past_one_row_group_keeps_a_thread_per_core(monkeypatch):
    newest = max(config.snapshots_dir().glob("period=*"))
    largest = (
        duckdb.connect()
        .execute(f"select max(num_rows) from parquet_file_metadata('{newest}/*.parquet')")
        .fetchone()[0]
    )
    monkeypatch.setattr(data, "ONE_THREAD_ROWS", largest - 1)  # as if it had one row more
    con = data.open_connection(config.data_dir())
    assert (
        threads(con) == duckdb.connect().execute("select current_setting('threads')").fetchone()[0]
    )
    assert threads(con) > 1  # this machine has two cores
