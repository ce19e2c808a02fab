"""Reproducible demo data: monthly snapshots that add up to the published 2023 figures.

Run `uv run ccbio generate` to rewrite `data/snapshots/`; the same seed gives the same rows.
"""
