"""User management: listing with figures, role and access changes, the admin rules."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest

from courtside.domain import admin_users
from courtside.domain.audit import Actor
from courtside.errors import Conflict
from courtside.store import admin_users as store
from tests.integration.admin.support import (
    add_bet,
    add_game,
    add_user,
    audit_rows,
    call_admin,
    make_account,
    user_row,
)

pytestmark = pytest.mark.integration


def list_users(boss, **query):
    status, page = call_admin(
        "GET", "/v1/admin/users", as_user=boss.as_user, query={k: str(v) for k, v in query.items()}
    )
    assert status == 200, page
    return page


def patch(boss, user_id, body):
    return call_admin("PATCH", f"/v1/admin/users/{user_id}", as_user=boss.as_user, body=body)


def test_each_user_comes_with_bet_count_and_settled_profit(boss):
    alice = add_user("alice")
    add_game("g1", tipoff_at=datetime(2024, 1, 2, tzinfo=UTC), status="final")
    add_game("g2", tipoff_at=datetime(2024, 1, 3, tzinfo=UTC), status="final")
    add_game("g3", tipoff_at=datetime(2024, 1, 4, tzinfo=UTC))
    add_game("g4", tipoff_at=datetime(2024, 1, 5, tzinfo=UTC))
    add_bet(alice, "g1", stake="100.00", status="won", odds=150, payout="250.00")
    add_bet(alice, "g2", stake="50.00", status="lost", payout="0.00")
    add_bet(alice, "g3", stake="20.00")
    add_bet(alice, "g4", stake="10.00", status="cancelled")

    page = list_users(boss, q="alice")

    [user] = page["items"]
    assert user["username"] == "alice"
    assert user["bet_count"] == 3
    assert user["profit"] == "100.00"
    assert user["balance"] == "1000.00"
    assert user["role"] == "Consumer"
    assert user["disabled"] is False
    assert "password_hash" not in user
    assert list_users(boss, q="boss")["items"][0]["profit"] == "0.00"


def test_filters_by_text_role_and_disabled(boss):
    add_user("alice", email="alice@example.com")
    add_user("Bobby", email="bob@courts.example")
    add_user("carol", role="Admin")
    add_user("dave", disabled=True)
    add_user("50%off")

    def names(**query):
        return [user["username"] for user in list_users(boss, **query)["items"]]

    assert names() == ["50%off", "alice", "Bobby", "boss", "carol", "dave"]
    assert names(q="BOB") == ["Bobby"]
    assert names(q="courts.example") == ["Bobby"]
    assert names(q="%") == ["50%off"]
    assert names(role="Admin") == ["boss", "carol"]
    assert names(disabled="true") == ["dave"]
    assert names(disabled="false", role="Consumer") == ["50%off", "alice", "Bobby"]


def test_pages_follow_the_cursor(boss):
    for name in ("ann", "ben", "cat", "dan"):
        add_user(name)

    first = list_users(boss, limit=2)
    second = list_users(boss, limit=2, cursor=first["next_cursor"])
    third = list_users(boss, limit=2, cursor=second["next_cursor"])

    assert [u["username"] for u in first["items"]] == ["ann", "ben"]
    assert [u["username"] for u in second["items"]] == ["boss", "cat"]
    assert [u["username"] for u in third["items"]] == ["dan"]
    assert third["next_cursor"] is None


def test_bad_query_values_are_client_errors(boss):
    role = call_admin("GET", "/v1/admin/users", as_user=boss.as_user, query={"role": "Root"})
    limit = call_admin("GET", "/v1/admin/users", as_user=boss.as_user, query={"limit": "0"})
    cursor = call_admin("GET", "/v1/admin/users", as_user=boss.as_user, query={"cursor": "%%%"})

    assert role[0] == 422
    assert limit[0] == 422
    assert cursor[0] == 400


def test_role_change_bumps_the_token_version_and_is_audited(boss):
    alice = add_user("alice")

    status, user = patch(boss, alice, {"role": "Admin"})

    assert status == 200
    assert user["role"] == "Admin"
    assert user_row(alice).token_version == 2
    [entry] = audit_rows()
    assert (entry.kind, entry.target, entry.actor) == ("user.update", alice, "boss")
    assert entry.before == {"username": "alice", "role": "Consumer", "disabled": False}
    assert entry.after == {"username": "alice", "role": "Admin", "disabled": False}


def test_disabling_revokes_and_enabling_does_not(boss):
    bob = add_user("bob")

    status, user = patch(boss, bob, {"disabled": True})
    assert status == 200
    assert user["disabled"] is True
    assert user["disabled_at"] is not None
    assert user_row(bob).token_version == 2

    status, user = patch(boss, bob, {"disabled": False})
    assert status == 200
    assert user["disabled"] is False
    assert user_row(bob).disabled_at is None
    assert user_row(bob).token_version == 2

    assert [(e.before["disabled"], e.after["disabled"]) for e in audit_rows()] == [
        (False, True),
        (True, False),
    ]


def test_no_change_writes_nothing(boss):
    bob = add_user("bob")

    status, _ = patch(boss, bob, {"role": "Consumer", "disabled": False})

    assert status == 200
    assert user_row(bob).token_version == 1
    assert audit_rows() == []


def test_an_admin_cannot_disable_themself(boss):
    add_user("carol", role="Admin")

    status, body = patch(boss, boss.user_id, {"disabled": True})

    assert (status, body["error"]["code"]) == (409, "cannot_disable_self")
    assert user_row(boss.user_id).disabled_at is None
    assert audit_rows() == []


def test_the_last_enabled_admin_cannot_be_demoted(boss):
    carol = add_user("carol", role="Admin")
    add_user("dora", role="Admin", disabled=True)

    assert patch(boss, carol, {"role": "Consumer"})[0] == 200
    status, body = patch(boss, boss.user_id, {"role": "Consumer"})

    assert (status, body["error"]["code"]) == (409, "last_admin")
    assert user_row(boss.user_id).role == "Admin"
    assert user_row(boss.user_id).token_version == 1


def test_the_last_enabled_admin_cannot_be_disabled(boss):
    # Only reachable at the domain level: the sole enabled admin disabled by someone else
    # (say an admin demoted a moment ago whose request was already under way).
    ghost = Actor(user_id=None, username="ghost")

    with pytest.raises(Conflict) as refused:
        admin_users.update_user(ghost, boss.user_id, role=None, disabled=True)

    assert refused.value.code == "last_admin"
    assert user_row(boss.user_id).disabled_at is None


def test_an_admin_may_step_down_while_another_remains(boss):
    make_account("carol", "Admin")

    status, user = patch(boss, boss.user_id, {"role": "Consumer"})

    assert status == 200
    assert user["role"] == "Consumer"


def test_unknown_user_and_bad_values(boss):
    missing = patch(boss, "00000000-0000-0000-0000-000000000000", {"role": "Admin"})
    not_an_id = patch(boss, "not-a-uuid", {"role": "Admin"})
    bad_role = patch(boss, boss.user_id, {"role": "Root"})
    bad_flag = patch(boss, boss.user_id, {"disabled": "maybe"})

    assert missing[0] == not_an_id[0] == 404
    assert missing[1]["error"]["code"] == "user_not_found"
    assert bad_role[0] == bad_flag[0] == 422
    assert bad_role[1]["error"]["details"][0]["field"] == "role"


def test_two_admins_demoting_each_other_at_once_leave_one_admin(admin_db, monkeypatch):
    first = add_user("first", role="Admin")
    second = add_user("second", role="Admin")
    both_read = threading.Barrier(2, timeout=2)
    read_rows = store.lock_user_and_enabled_admins

    def read_then_wait_for_the_other(conn, user_id):
        # Without row locks both requests would read two admins here, meet, and both
        # demote. With them the second blocks in its read, so the first gives up waiting.
        rows = read_rows(conn, user_id)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return rows

    monkeypatch.setattr(store, "lock_user_and_enabled_admins", read_then_wait_for_the_other)
    outcomes: dict[str, str] = {}

    def demote(actor_id: str, target_id: str, name: str) -> None:
        actor = Actor(user_id=actor_id, username=name)
        try:
            admin_users.update_user(actor, target_id, role="Consumer", disabled=None)
            outcomes[name] = "demoted"
        except Conflict as exc:
            outcomes[name] = exc.code

    threads = [
        threading.Thread(target=demote, args=(first, second, "first")),
        threading.Thread(target=demote, args=(second, first, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["demoted", "last_admin"]
    assert sorted([user_row(first).role, user_row(second).role]) == ["Admin", "Consumer"]
    assert len(audit_rows()) == 1
