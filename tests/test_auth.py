"""Accounts, passwords, lock-out, session cookies, roles config and the append-only audit trail."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text, update

from ccbio import store
from ccbio.auth import accounts, audit, roles, tokens
from ccbio.auth.accounts import AccountError
from ccbio.store.tables import sessions

PARKS = ["jingyue", "edz", "yongchun"]
ADMIN = audit.Actor("root", "system_admin")
PASSWORD = "correct horse battery"


@pytest.fixture
def url(tmp_path):
    yield f"sqlite:///{tmp_path / 'ccbio.sqlite3'}"
    store.dispose()


def add(url, name="alice", role="planner", parks=("jingyue",), password=PASSWORD):
    accounts.create(name, role, parks, ADMIN, known_parks=PARKS, password=password, url=url)


def actions(url) -> list[tuple[str, str, str]]:
    """Return (action, who, result) of every audit event, oldest first."""
    ev = audit.events(url=url)
    return list(zip(ev["action"], ev["who"], ev["result"], strict=True))[::-1]


def test_roles_file_has_the_four_roles_with_their_rights():
    cfg = roles.roles()
    assert {r: cfg.role(r).name_zh for r in cfg.roles} == {
        "leader": "领导",
        "planner": "园区",
        "data_admin": "数据管理员",
        "system_admin": "系统管理员",
    }
    assert cfg.role("leader").can == {"view"}
    assert cfg.role("planner").scope == "parks" and "ingest" not in cfg.role("planner").can
    assert "ingest" in cfg.role("data_admin").can
    assert "manage_accounts" in cfg.role("system_admin").can
    assert cfg.page_permission("admin") == "ingest" and cfg.page_permission("goals") == "view"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["roles"]["leader"].update(can=["view", "fly"]), "unknown permission(s) fly"),
        (lambda r: r["roles"]["planner"].update(scope="district"), "[roles.planner]: scope"),
        (lambda r: r["roles"]["leader"].pop("name_zh"), "'name_zh' must be a non-empty text"),
        (lambda r: r["pages"].update(admin="everything"), "unknown permission 'everything'"),
        (lambda r: r["sign_in"].update(max_failures=0), "'max_failures' must be a positive"),
    ],
)
def test_a_mistake_in_the_roles_file_names_the_place(change, message):
    import tomllib

    raw = tomllib.loads(roles.ROLES_FILE.read_text(encoding="utf-8"))
    change(raw)
    with pytest.raises(
        roles.RolesConfigError,
        match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\["),
    ):
        roles.parse(raw)


def test_passwords_are_stored_as_argon2id_hashes_only(url):
    add(url)
    with store.engine(url).connect() as conn:
        stored = conn.execute(text("select password_hash from accounts")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert "password_hash" not in accounts.list_accounts(url)[0]


def test_right_password_signs_in_wrong_one_is_refused_and_audited(url):
    add(url)
    user = accounts.authenticate("alice", PASSWORD, url)
    assert (user.name, user.role_id, user.parks) == ("alice", "planner", ("jingyue",))
    assert user.scope.parks == ("jingyue",) and not user.can("ingest")
    with pytest.raises(AccountError) as err:
        accounts.authenticate("alice", "wrong password", url)
    assert err.value.code == "bad_credentials"
    with pytest.raises(AccountError) as err:
        accounts.authenticate("mallory", PASSWORD, url)
    assert err.value.code == "bad_credentials"  # the same answer: no telling which names exist
    assert actions(url)[-2:] == [("sign_in", "alice", "failed"), ("sign_in", "mallory", "failed")]


def test_five_wrong_passwords_lock_the_account_until_reset(url):
    add(url)
    for _ in range(4):
        with pytest.raises(AccountError, match="bad_credentials"):
            accounts.authenticate("alice", "guess", url)
    with pytest.raises(AccountError) as err:
        accounts.authenticate("alice", "guess", url)
    assert err.value.code == "locked" and err.value.values == {"minutes": 15}
    with pytest.raises(AccountError, match="locked"):  # even the right password, while locked
        accounts.authenticate("alice", PASSWORD, url)
    accounts.reset_password("alice", "a brand new password", ADMIN, url)
    assert accounts.authenticate("alice", "a brand new password", url).name == "alice"
    failures = [a for a in actions(url) if a[0] == "sign_in"]
    assert [r for _, _, r in failures] == ["failed"] * 5 + ["refused"]
    assert (
        json.loads(audit.events(actions=["sign_in"], url=url)["detail"].iloc[1])["locked"] is True
    )
    assert ("password_reset", "root", "ok") in actions(url)


def test_lock_out_ends_after_its_time(url):
    add(url)
    for _ in range(5):
        with pytest.raises(AccountError):
            accounts.authenticate("alice", "guess", url)
    with store.transaction(url) as conn:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        conn.execute(update(accounts.accounts).values(locked_until=past))
    assert accounts.authenticate("alice", PASSWORD, url).name == "alice"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("bob", "planner", ()), "needs_park"),
        (("bob", "planner", ("mars",)), "bad_park"),
        (("bob", "leader", ("jingyue",)), "city_role_no_parks"),
        (("bob", "king", ()), "bad_role"),
        (("b", "leader", ()), "bad_name"),
        (("bob; drop", "leader", ()), "bad_name"),
    ],
)
def test_bad_account_requests_are_refused_with_a_reason(url, args, code):
    with pytest.raises(AccountError) as err:
        accounts.create(*args, ADMIN, known_parks=PARKS, password=PASSWORD, url=url)
    assert err.value.code == code
    assert accounts.list_accounts(url) == []


def test_short_password_and_taken_name_are_refused(url):
    with pytest.raises(AccountError, match="short_password"):
        add(url, password="short")
    add(url)
    with pytest.raises(AccountError, match="name_taken"):
        add(url)


def test_session_cookie_is_signed_expires_and_ends_on_sign_out_or_disable(url):
    add(url)
    user = accounts.authenticate("alice", PASSWORD, url)
    cookie, lifetime = tokens.issue(user.account_id, "password", url)
    assert lifetime == 12 * 3600 and tokens.COOKIE_PATTERN.match(cookie)
    assert tokens.resolve(cookie, url)[0]["name"] == "alice"
    token, expiry, signature = cookie.split(".")
    forged_expiry = f"{token}.{int(expiry) + 86400}.{signature}"
    assert tokens.resolve(forged_expiry, url) is None  # the signature covers the expiry
    assert tokens.resolve(cookie[:-2] + "AA", url) is None
    assert tokens.resolve("alice", url) is None and tokens.resolve(None, url) is None
    accounts.set_disabled("alice", True, ADMIN, url)
    assert tokens.resolve(cookie, url) is None
    accounts.set_disabled("alice", False, ADMIN, url)
    assert tokens.resolve(cookie, url) is not None
    tokens.revoke(cookie, url)
    assert tokens.resolve(cookie, url) is None


def test_an_expired_session_is_refused_even_with_a_good_signature(url):
    add(url)
    cookie, _ = tokens.issue(accounts.get("alice", url)["id"], "password", url)
    with store.transaction(url) as conn:
        conn.execute(
            update(sessions).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    assert tokens.resolve(cookie, url) is None


def test_every_account_change_is_audited_with_who_did_it(url):
    add(url)
    accounts.set_role("alice", "leader", (), ADMIN, known_parks=PARKS, url=url)
    accounts.set_disabled("alice", True, ADMIN, url)
    accounts.set_disabled("alice", False, ADMIN, url)
    accounts.reset_password("alice", "another long password", ADMIN, url)
    assert actions(url) == [
        ("account_create", "root", "ok"),
        ("account_update", "root", "ok"),
        ("account_disable", "root", "ok"),
        ("account_enable", "root", "ok"),
        ("password_reset", "root", "ok"),
    ]
    assert set(audit.events(url=url)["role"]) == {"system_admin"}
    assert json.loads(audit.events(actions=["account_update"], url=url)["detail"][0]) == {
        "account": "alice",
        "role": "leader",
        "parks": [],
    }


def test_the_audit_trail_refuses_update_and_delete_in_the_database(url):
    audit.record(
        "ingest",
        ADMIN,
        period="2026-01",
        files=[("a.csv", b"x")],
        row_counts={"projects": 3},
        url=url,
    )
    with store.engine(url).connect() as conn:
        for sql in ("update audit_events set who = 'nobody'", "delete from audit_events"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(text(sql))
            conn.rollback()
    ev = audit.events(url=url)
    assert ev["who"].tolist() == ["root"]
    assert json.loads(ev["files"][0]) == [
        {
            "name": "a.csv",
            "sha256": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
        }
    ]


def test_the_account_table_says_active_disabled_or_locked_in_words():
    from ccbio.auth.accounts_view import account_table
    from ccbio.i18n import t

    now = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    base = {"parks": "", "sso_email": None, "is_demo": False, "disabled": False}
    rows = [
        base | {"name": "a_user", "role": "leader", "locked_until": None},
        base | {"name": "b_user", "role": "planner", "locked_until": None, "disabled": True},
        base | {"name": "c_user", "role": "leader", "locked_until": dt.datetime(2026, 12, 1, 13)},
        base | {"name": "d_user", "role": "leader", "locked_until": dt.datetime(2026, 12, 1, 11)},
    ]
    table = account_table(rows, {"leader": "领导", "planner": "园区"}.get, "zh", now)
    assert table["角色"].tolist() == ["领导", "园区", "领导", "领导"]
    assert table["园区"].tolist()[0] == "全市"  # an account without parks sees the city, not ""
    states = table[t("accounts.col_state", "zh")].tolist()
    assert states[0] == states[3] == t("accounts.state_active", "zh")  # a lock that has run out
    assert states[1] == t("accounts.state_disabled", "zh")
    assert states[2] == t("accounts.state_locked", "zh")
