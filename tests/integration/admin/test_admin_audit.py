"""The audit log: written with the change or not at all, listed with filters and pages."""

from __future__ import annotations

import pytest

from courtside.domain import config
from courtside.store import audit as audit_store
from tests.integration.admin.support import audit_rows, call_admin, make_account, user_row

pytestmark = pytest.mark.integration


class AuditWriteFailed(Exception):
    pass


def fail_audit(*args, **kwargs):
    raise AuditWriteFailed()


@pytest.fixture
def broken_audit(monkeypatch):
    monkeypatch.setattr(audit_store, "insert_entry", fail_audit)


def test_no_change_without_its_audit_entry(boss, broken_audit):
    casey = make_account("casey")

    flag = call_admin(
        "PATCH", "/v1/admin/feature-flags/betting", as_user=boss.as_user, body={"enabled": False}
    )
    created = call_admin(
        "POST", "/v1/admin/feature-flags", as_user=boss.as_user, body={"name": "beta"}
    )
    settings = call_admin("PUT", "/v1/admin/settings", as_user=boss.as_user, body={"max_stake": 9})
    user = call_admin(
        "PATCH", f"/v1/admin/users/{casey.user_id}", as_user=boss.as_user, body={"role": "Admin"}
    )

    assert [flag[0], created[0], settings[0], user[0]] == [500] * 4
    config.invalidate()
    assert config.flag_enabled("betting") is True
    flags = call_admin("GET", "/v1/admin/feature-flags", as_user=boss.as_user)[1]
    assert [f["name"] for f in flags] == ["betting", "leaderboard", "signups"]
    assert flags[0]["updated_by"] is None
    assert call_admin("GET", "/v1/admin/settings", as_user=boss.as_user)[1]["overridden"] == []
    assert user_row(casey.user_id).role == "Consumer"
    assert user_row(casey.user_id).token_version == 1


def test_entries_filter_by_actor_and_kind_and_page(boss):
    carol = make_account("carol", "Admin")
    dave = make_account("dave")
    call_admin("POST", "/v1/admin/feature-flags", as_user=boss.as_user, body={"name": "one"})
    call_admin("POST", "/v1/admin/feature-flags", as_user=carol.as_user, body={"name": "two"})
    call_admin(
        "PATCH", "/v1/admin/feature-flags/one", as_user=carol.as_user, body={"enabled": True}
    )
    call_admin("PUT", "/v1/admin/settings", as_user=boss.as_user, body={"min_stake": 2})
    call_admin(
        "PATCH", f"/v1/admin/users/{dave.user_id}", as_user=boss.as_user, body={"disabled": True}
    )
    assert len(audit_rows()) == 5

    def kinds(**query):
        status, page = call_admin("GET", "/v1/admin/audit", as_user=boss.as_user, query=query)
        assert status == 200
        return [(entry["kind"], entry["target"]) for entry in page["items"]]

    assert kinds() == [
        ("user.update", dave.user_id),
        ("settings.update", "settings"),
        ("flag.update", "one"),
        ("flag.create", "two"),
        ("flag.create", "one"),
    ]
    assert kinds(actor="CAROL") == [("flag.update", "one"), ("flag.create", "two")]
    assert kinds(kind="flag.create") == [("flag.create", "two"), ("flag.create", "one")]
    assert kinds(kind="flag", actor="carol") == [("flag.update", "one"), ("flag.create", "two")]
    assert kinds(kind="fla") == []

    _, first = call_admin("GET", "/v1/admin/audit", as_user=boss.as_user, query={"limit": "3"})
    _, rest = call_admin(
        "GET",
        "/v1/admin/audit",
        as_user=boss.as_user,
        query={"limit": "3", "cursor": first["next_cursor"]},
    )
    assert [e["audit_id"] for e in first["items"]] == [5, 4, 3]
    assert [e["audit_id"] for e in rest["items"]] == [2, 1]
    assert rest["next_cursor"] is None
    entry = first["items"][0]
    assert entry["actor"] == "boss"
    assert entry["actor_id"] == boss.user_id
    assert entry["before"] == {"username": "dave", "role": "Consumer", "disabled": False}
    assert entry["after"] == {"username": "dave", "role": "Consumer", "disabled": True}
    assert entry["created_at"].endswith("Z")


def test_a_bad_cursor_is_400(boss):
    status, body = call_admin(
        "GET", "/v1/admin/audit", as_user=boss.as_user, query={"cursor": "eyJiZWZvcmUiOiJ4In0"}
    )

    assert status == 400
    assert body["error"]["code"] == "invalid_cursor"
