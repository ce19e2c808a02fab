"""One firm's history: its flags over time and output, from data.firm_history (one row per snapshot)."""

from __future__ import annotations

import pandas as pd

FLAGS = ("is_above_scale", "is_srdi", "is_listed", "is_chain_leader", "is_chain_leader_new")


def flag_timeline(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per flag: held now, first and last snapshot it was held in (null: never)."""
    rows = []
    for flag in FLAGS:
        held = history.loc[history[flag].fillna(False).astype(bool), "period"]
        rows.append(
            {
                "flag": flag,
                "now": bool(history[flag].iloc[-1]) if len(history) else False,
                "first": held.iloc[0] if len(held) else None,
                "last": held.iloc[-1] if len(held) else None,
            }
        )
    return pd.DataFrame(rows, columns=["flag", "now", "first", "last"])


def flag_changes(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per snapshot a flag was gained or lost: period, flag, gained (bool)."""
    rows = []
    for flag in FLAGS:
        values = history[flag].fillna(False).astype(bool).tolist()
        for i in range(1, len(values)):
            if values[i] != values[i - 1]:
                rows.append(
                    {"period": history["period"].iloc[i], "flag": flag, "gained": values[i]}
                )
    return pd.DataFrame(rows, columns=["period", "flag", "gained"]).sort_values(
        ["period", "flag"], ignore_index=True
    )


def output_series(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per snapshot: output over the 12 months to it (亿元)."""
    return history[["period", "output_value_yi"]].reset_index(drop=True)
