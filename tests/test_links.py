"""Links to the park, project, firm and follow-up pages."""

from __future__ import annotations

import re

from ccbio import links


def test_url_carries_the_id_language_and_period():
    assert (
        links.url("project", "P0035", "en", "2025-12")
        == "project?project=P0035&lang=en&period=2025-12"
    )
    assert links.url("park", "edz") == "park?park=edz&lang=zh"
    assert links.url("followup", "12") == "followups?item=12&lang=zh"


def test_ids_are_url_encoded():
    assert links.url("project", "P1&x=1") == "project?project=P1%26x%3D1&lang=zh"


def test_named_url_shows_the_name_and_hides_nothing_from_the_server():
    u = links.named_url("park", "edz", "经开区", "zh", "2025-12")
    assert u.split("#")[0] == links.url("park", "edz", "zh", "2025-12")
    assert re.search(links.NAMED_DISPLAY, u).group(1) == "经开区"
    assert links.named_url("project", "P1", "A#B").endswith("#A＃B")


def test_display_regex_shows_the_id():
    u = links.url("project", "P0035", "zh")
    assert re.search(links.DISPLAY["project"], u).group(1) == "P0035"


def test_missing_ids_get_no_link():
    assert links.urls("project", ["P1", None, float("nan")]) == [
        "project?project=P1&lang=zh",
        None,
        None,
    ]
    assert links.named_urls("firm", ["E1", None], ["甲", "乙"])[1] is None
