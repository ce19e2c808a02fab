"""Benchmark: scaled demo data, pages through AppTest, DuckDB vs pandas, a real server in Chromium."""
