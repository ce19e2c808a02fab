"""A DataFrame's content as a short-lived cache key, for caches Streamlit's own hashing is too slow for.

Kept apart from ccbio.render (which imports Altair) so that pure modules can key caches by a
frame without importing a chart library.
"""

from __future__ import annotations

import pandas as pd


def frame_key(df: pd.DataFrame) -> str:
    """Return a DataFrame's columns, dtypes and values as JSON: the cache key for a chart's data."""
    # Streamlit's own DataFrame hash costs ~5 ms for a 37-row frame with Arrow-backed strings,
    # JSON ~0.3 ms; 15 significant digits are more than a chart can show.
    return str(df.dtypes.to_dict()) + df.to_json(
        orient="split", date_format="iso", double_precision=15
    )
