"""Follow-ups under accounts: who may open and change which items, whose items a planner sees,
and every change (or refusal) in the audit trail. The signed-in user is set as a page would."""

from __future__ import annotations

import json

import pytest

from ccbio import store
from ccbio.auth import audit, hooks
from ccbio.auth.accounts import User
from ccbio.auth.scope import CITY, Scope
from ccbio.followups import items
from tests.samples import MON, RULES, warning_row

PLANNER = User(7, "wang", "planner", ("edz",), "password")
LEADER = User(8, "zhao", "leader", (), "password")
ADMIN = User(9, "li", "data_admin", (), "password")


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    monkeypatch.setenv(store.URL_ENV, f"sqlite:///{tmp_path / 'ccbio.sqlite3'}")
    yield
    store.dispose()


@pytest.fixture
def as_user(monkeypatch):
    """Act as `user` signed in to a page: hooks see them, list_items gets their scope."""

    def sign_in(user: User) -> None:
        monkeypatch.setattr(hooks, "_session_user", lambda: user)
        monkeypatch.setattr(items, "session_scope", lambda: user.scope)
        monkeypatch.setattr(hooks, "current_actor", lambda: user.actor())

    return sign_in


def test_a_planner_opens_and_changes_an_item_of_their_park_as_themselves(as_user):
    as_user(PLANNER)
    item_id = items.open_item(
        warning_row(), who="typed name", unit="经开区推进组", rules=RULES, today=MON
    )
    items.change_status(
        item_id, "in_progress", who="", expected_version=1, firing=True, rules=RULES
    )
    items.add_note(item_id, who="", note="现场核查", expected_version=2)
    events = items.item_events(item_id)
    assert events["who"].tolist() == ["wang", "wang", "wang"]  # the account, not a typed name
    trail = audit.events(actions=["followup"])[::-1]
    assert trail["who"].tolist() == ["wang"] * 3 and set(trail["role"]) == {"planner"}
    details = [json.loads(d) for d in trail["detail"]]
    assert [d["action"] for d in details] == ["opened", "status", "note"]
    assert details[1]["from_status"] == "todo" and details[1]["to_status"] == "in_progress"
    assert trail["reason"].tolist()[-1] == "现场核查" and trail["period"].tolist()[0] == "2025-12"


def test_a_planner_cannot_open_or_change_another_parks_item(as_user):
    as_user(ADMIN)
    other = items.open_item(warning_row(), who="", unit="经开区推进组", rules=RULES, today=MON)
    as_user(User(7, "wang", "planner", ("jingyue",), "password"))
    with pytest.raises(items.FollowupError) as err:
        items.open_item(
            warning_row("project:P0002:project_stalled"), who="", unit="u", rules=RULES, today=MON
        )
    assert err.value.key == "auth.not_permitted"
    with pytest.raises(items.FollowupError, match="auth.not_permitted"):
        items.change_status(
            other, "in_progress", who="", expected_version=1, firing=True, rules=RULES
        )
    assert items.list_items().empty  # nor even see it
    refused = audit.events(results=["refused"])
    assert refused["who"].tolist() == ["wang", "wang"]
    assert items.item_events(other)["who"].tolist() == ["li"]


def test_a_leader_reads_every_item_but_changes_none(as_user):
    as_user(ADMIN)
    items.open_item(warning_row(), who="", unit="u", rules=RULES, today=MON)
    items.open_item(
        warning_row("park:jingyue:park_no_new_project", park_id="jingyue"),
        who="",
        unit="u",
        rules=RULES,
        today=MON,
    )
    as_user(LEADER)
    assert sorted(items.list_items()["park_id"]) == ["edz", "jingyue"]
    with pytest.raises(items.FollowupError, match="auth.not_permitted"):
        items.add_note(
            int(items.list_items()["id"].iloc[0]), who="", note="看看", expected_version=1
        )
    as_user(PLANNER)
    assert items.list_items()["park_id"].tolist() == ["edz"]
    assert hooks.may_edit_followups("edz") and not hooks.may_edit_followups("jingyue")
    assert not hooks.may_edit_followups(None)  # a city target's item is not a planner's
    assert PLANNER.scope == Scope(("edz",)) and ADMIN.scope == CITY


def test_items_opened_by_the_rule_are_audited_as_the_system(as_user):
    as_user(LEADER)  # a leader's page view runs the automatic rule; the rule acts, not the leader
    items.open_item(
        warning_row(level="red"), who=items.AUTO_ACTOR, unit="u", rules=RULES, today=MON, auto=True
    )
    event = audit.events(actions=["followup"]).iloc[0]
    assert (event["who"], event["role"]) == (items.AUTO_ACTOR, "system")
