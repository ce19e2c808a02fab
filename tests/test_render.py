"""Chart specs are cached by their inputs: the same data gives the same key, different data another."""

import pandas as pd

from ccbio import render


def test_frame_key_tells_frames_apart_by_value_column_and_dtype():
    frame = pd.DataFrame({"month": ["2025-01", "2025-02"], "value": [1.5, 2.0]})
    assert render.frame_key(frame) == render.frame_key(frame.copy())
    assert render.frame_key(frame) != render.frame_key(frame.assign(value=[1.5, 2.1]))
    assert render.frame_key(frame) != render.frame_key(frame.rename(columns={"value": "amount"}))
    assert render.frame_key(frame) != render.frame_key(
        frame.assign(value=[1, 2]).astype({"value": "int64"})
    )
    assert render.frame_key(frame) != render.frame_key(frame.iloc[::-1])
