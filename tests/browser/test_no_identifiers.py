"""No internal identifier on any page, in either language: the visible text of every page routed in
app.py (read from app.py, so a new page is covered without touching this file), every tab opened
and the cells of every table included, must hold no snake_case word, file path, None, nan, seed
or period=.

Material icons are drawn from ligature names (`filter_alt`): those are glyphs, not text, and are
left out; so is the browser's own "Skip to main content" link, which is not visible.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from tests.browser.helpers import ROOT

# The tab is signed in as this account (conftest.app_page): its login name, shown in the sidebar
# as who is signed in, is what the user typed to sign in, not an internal identifier. Only that
# one name is let through; role ids and other accounts' names still count.
SIGNED_IN_AS = "demo_admin"

# The audit trail is evidence: it names who acted by account name (an account has no other name,
# and an auditor needs the one that cannot be shared or renamed; the 用户 column's help says so)
# and an uploaded file by the name it was uploaded under. On that page only, the names recorded in
# the audit store itself are let through; every other snake_case word or file name still counts.
RECORDED_NAMES_SHOWN_ON = {"audit"}

# (what a reader would call it, pattern); ASCII boundaries, since Chinese letters count as \w
FORBIDDEN = [
    ("snake_case word", r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![A-Za-z0-9])"),
    ("file path", r"(?<![A-Za-z0-9_.])[A-Za-z0-9_.-]*[A-Za-z_.]/[A-Za-z0-9_.-]+"),
    ("file name", r"(?<![A-Za-z0-9_])[\w-]+\.(?:py|toml|csv|parquet|sql|json)(?![A-Za-z0-9])"),
    ("None", r"(?<![A-Za-z0-9_])None(?![A-Za-z0-9_])"),
    ("nan", r"(?<![A-Za-z0-9_])(?:nan|NaN)(?![A-Za-z0-9_])"),
    ("seed", r"(?i)(?<![A-Za-z0-9_])seed(?![A-Za-z0-9_])"),
    ("period=", r"period="),
]

# Visible text of the page: text nodes whose element is rendered, minus icon ligatures; plus the
# cells of every table (glide-data-grid draws them on a canvas and keeps them in an a11y table).
# A link cell holds its URL there ("project?project=P0035&lang=zh&period=2025-12") while the
# canvas draws its display text (打开 / the record's name): the URL is left out, and a name carried
# in the URL's fragment ("…&period=2025-12#Demo project P0035 (Biologics)", links.NAMED_DISPLAY),
# which is what the canvas draws, is scanned.
VISIBLE_TEXT_JS = """() => {
  const skip = el => el.closest('[data-testid="stIconMaterial"], script, style, noscript');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !el || skip(el)) continue;
    if (el.closest('canvas')) {
      const link = text.match(/^[a-z_]+\\?[^\\s#]*(?:#(.*))?$/s);
      if (!link) out.push(text);
      else if (link[1]) out.push(link[1]);
      continue;
    }
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    out.push(text);
  }
  document.querySelectorAll('[title], [aria-label], input[placeholder]').forEach(el => {
    if (skip(el) || !el.checkVisibility()) return;
    for (const a of ['title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  });
  return out.join('\\n');
}"""


TABLES_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(t => t.checkVisibility())
    .every(t => t.querySelector('canvas table th'))"""


def routed_pages() -> list[tuple[str, str]]:
    """Return (page file stem, URL path) of every st.Page in app.py; the default page is at ''."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page":
            if not isinstance(node.args[0], ast.Constant):  # a function: /goals opening the root
                continue
            path = node.args[0].value
            kw = {k.arg: k.value for k in node.keywords}
            default = isinstance(kw.get("default"), ast.Constant) and kw["default"].value is True
            url = kw["url_path"].value if "url_path" in kw else path.rsplit("/", 1)[-1][:-3]
            pages.append((path.rsplit("/", 1)[-1].removesuffix(".py"), "" if default else url))
    return pages


def identifiers(text: str, login: str | frozenset[str] = "") -> list[str]:
    """Return 'kind: match' for every forbidden string in `text` but the name(s) `login` given."""
    for name in sorted({login} if isinstance(login, str) else login, key=len, reverse=True):
        if name:  # a whole name only: "demo_admin" lets "demo_admin_x" count
            text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", " ", text)
    return [f"{kind}: {m}" for kind, pattern in FORBIDDEN for m in re.findall(pattern, text)]


def allowed_names(page: str) -> frozenset[str]:
    """Return the names `page` may show: the signed-in account's; on the audit trail also the
    accounts and uploaded files its events record (read from the store the server shares)."""
    if page not in RECORDED_NAMES_SHOWN_ON:
        return frozenset({SIGNED_IN_AS})
    from ccbio.auth import audit

    events = audit.events()
    names = {SIGNED_IN_AS, *events["who"].dropna()}
    for raw in events["files"].dropna():
        names |= {f["name"] for f in json.loads(raw)}
    for raw in events["detail"].dropna():
        if isinstance(account := json.loads(raw).get("account"), str):
            names.add(account)
    return frozenset(names)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("触发规则 goal_behind_pace_red", True),
        ("见 config/warning_rules.toml", True),
        ("period=2026-01 的快照", True),
        ("genscience_park/devices", True),
        ("来源：长春日报 (seed 004)", True),
        ("名称 None 园区", True),
        ("产值 nan", True),
        ("来源：长春发布 2024-04-19 · 产值/收入 · Output / revenue · 3,000亿元以上 · 是/否", False),
        ("Economic & Technological Development Zone · 76.68 (100m yuan) · Pipeline", False),
    ],
)
def test_the_scan_catches_identifiers_and_passes_plain_words(text, found):
    assert bool(identifiers(text)) is found, identifiers(text)


def test_a_name_let_through_is_let_through_whole_and_alone():
    names = frozenset({"demo_leader", "projects_ledger.csv"})
    assert not identifiers("用户 demo_leader 上传 projects_ledger.csv", names)
    assert identifiers("demo_leader_x", names) == ["snake_case word: demo_leader_x"]
    assert identifiers("demo_leader 规则 project_stalled_red", names) == [
        "snake_case word: project_stalled_red"
    ]


def test_every_routed_page_is_found():
    pages = dict(routed_pages())
    assert {"goals", "park_map", "pipeline", "sectors", "lists", "compare"} <= set(pages)
    assert pages["goals"] == ""  # the default page


def page_text(app_page) -> str:
    """Return the visible text of the page with each of its tabs opened in turn."""
    page = app_page.page
    texts = [page.evaluate(VISIBLE_TEXT_JS)]
    tabs = page.locator('[data-testid="stTab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        app_page.wait_idle()
        page.wait_for_function(TABLES_DRAWN_JS)
        texts.append(page.evaluate(VISIBLE_TEXT_JS))
    return "\n".join(texts)


# Known defects, open in issue 10 (each listed in the closing note): marked, not hidden, so the run
# reports them as xfailed and a fix shows as XPASS. Remove an entry when its page is fixed.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "path"), routed_pages())
def test_no_internal_identifier_on_screen(app_page, page, path, lang, request):
    if (page, lang) in KNOWN_DEFECTS:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_DEFECTS[page, lang], strict=False))
    app_page.open(path, lang=lang)
    # tables fill their cells in after the script run ends
    app_page.page.wait_for_function(TABLES_DRAWN_JS)
    found = identifiers(page_text(app_page), login=allowed_names(page))
    app_page.screenshot(f"identifiers_{page}_{lang}")
    assert not found, f"{page} ({lang}) shows internal identifiers: {sorted(set(found))}"


# Glide draws a missing value as the table's placeholder on its canvas, and its a11y table holds
# an empty cell, so the scan above cannot see a "None" cell: every table that holds a missing
# value must say what to draw instead (render.table sets '—').
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "path"), routed_pages())
def test_no_table_draws_none_for_a_missing_value(page, path, lang):
    from ccbio.auth import roles
    from tests.page_helpers import open_page

    config = roles.roles()  # the tests sign in as the data administrator (tests/conftest.py)
    if config.page_permission(path or page) not in config.role("data_admin").can:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            open_page(page, lang=lang)  # not in this account's navigation
        return
    at = open_page(page, lang=lang)
    for frame in at.dataframe:
        shown = frame.value
        order = list(frame.proto.column_order) or list(shown.columns)
        missing = [c for c in order if c in shown and shown[c].isna().any()]
        placeholder = frame.proto.placeholder  # "" when unset: Streamlit then draws "None"
        assert not missing or placeholder not in ("", "None"), (
            f"{page} ({lang}): a table shows None in {missing}"
        )
