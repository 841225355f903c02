"""Feature flags: the public list, the admin CRUD, its errors and its audit entries."""

from __future__ import annotations

import pytest

from courtside.domain import config
from tests.integration.admin.support import audit_rows, call_admin

pytestmark = pytest.mark.integration


def test_public_list_has_the_builtin_flags_before_anyone_stored_them(admin_db, gateway):
    response = gateway.get("/v1/feature-flags")

    assert response.status_code == 200
    assert response.json == [
        {"name": "betting", "enabled": True},
        {"name": "leaderboard", "enabled": True},
        {"name": "signups", "enabled": True},
    ]


def test_admin_list_describes_builtin_flags(boss):
    status, flags = call_admin("GET", "/v1/admin/feature-flags", as_user=boss.as_user)

    assert status == 200
    assert [flag["name"] for flag in flags] == ["betting", "leaderboard", "signups"]
    assert all(flag["builtin"] and flag["enabled"] for flag in flags)
    assert flags[2]["description"] == "New users can sign up"
    assert flags[2]["updated_by"] is None


def test_create_update_delete_a_flag_with_audit(boss, gateway):
    status, created = call_admin(
        "POST",
        "/v1/admin/feature-flags",
        as_user=boss.as_user,
        body={"name": "dark-mode", "description": "Dark theme", "enabled": True},
    )
    assert status == 201
    assert created["name"] == "dark-mode"
    assert created["enabled"] is True
    assert created["builtin"] is False
    assert created["updated_by"] == "boss"

    status, updated = call_admin(
        "PATCH", "/v1/admin/feature-flags/dark-mode", as_user=boss.as_user, body={"enabled": False}
    )
    assert status == 200
    assert updated["enabled"] is False
    assert updated["description"] == "Dark theme"
    assert {"name": "dark-mode", "enabled": False} in gateway.get("/v1/feature-flags").json

    status, body = call_admin("DELETE", "/v1/admin/feature-flags/dark-mode", as_user=boss.as_user)
    assert status == 204
    assert body is None
    names = [flag["name"] for flag in gateway.get("/v1/feature-flags").json]
    assert "dark-mode" not in names

    entries = [(row.kind, row.target, row.before, row.after, row.actor) for row in audit_rows()]
    assert entries == [
        ("flag.create", "dark-mode", None, {"enabled": True, "description": "Dark theme"}, "boss"),
        (
            "flag.update",
            "dark-mode",
            {"enabled": True, "description": "Dark theme"},
            {"enabled": False, "description": "Dark theme"},
            "boss",
        ),
        ("flag.delete", "dark-mode", {"enabled": False, "description": "Dark theme"}, None, "boss"),
    ]
    assert all(str(row.actor_id) == boss.user_id for row in audit_rows())


def test_switching_a_builtin_flag_is_seen_by_flag_enabled_at_once(boss):
    assert config.flag_enabled("betting") is True

    status, flag = call_admin(
        "PATCH", "/v1/admin/feature-flags/betting", as_user=boss.as_user, body={"enabled": False}
    )

    assert status == 200
    assert flag["enabled"] is False
    assert flag["builtin"] is True
    assert flag["description"] == "Users can place bets (cancelling always works)"
    assert config.flag_enabled("betting") is False
    [entry] = audit_rows()
    assert (entry.kind, entry.target) == ("flag.update", "betting")
    assert entry.before["enabled"] is True
    assert entry.after["enabled"] is False


def test_unchanged_patch_writes_no_audit_entry(boss):
    status, flag = call_admin(
        "PATCH", "/v1/admin/feature-flags/signups", as_user=boss.as_user, body={"enabled": True}
    )

    assert status == 200
    assert flag["enabled"] is True
    assert audit_rows() == []


def test_duplicate_create_is_409_even_for_a_builtin_flag_never_stored(boss):
    body = {"name": "beta", "enabled": False}
    assert call_admin("POST", "/v1/admin/feature-flags", as_user=boss.as_user, body=body)[0] == 201

    status, again = call_admin("POST", "/v1/admin/feature-flags", as_user=boss.as_user, body=body)
    status_builtin, builtin = call_admin(
        "POST", "/v1/admin/feature-flags", as_user=boss.as_user, body={"name": "betting"}
    )

    assert (status, again["error"]["code"]) == (409, "flag_exists")
    assert (status_builtin, builtin["error"]["code"]) == (409, "flag_exists")
    assert [row.kind for row in audit_rows()] == ["flag.create"]


@pytest.mark.parametrize("name", ["Dark-Mode", "9lives", "has space", "-dash", "x" * 65, "é"])
def test_bad_flag_names_are_422_naming_the_field(boss, name):
    status, body = call_admin(
        "POST", "/v1/admin/feature-flags", as_user=boss.as_user, body={"name": name}
    )

    assert status == 422
    assert "name" in [detail["field"] for detail in body["error"]["details"]]
    assert audit_rows() == []


def test_unknown_flag_is_404_for_patch_and_delete(boss):
    patch = call_admin(
        "PATCH", "/v1/admin/feature-flags/nothing", as_user=boss.as_user, body={"enabled": True}
    )
    delete = call_admin("DELETE", "/v1/admin/feature-flags/nothing", as_user=boss.as_user)

    assert patch[0] == delete[0] == 404
    assert patch[1]["error"]["code"] == delete[1]["error"]["code"] == "flag_not_found"


def test_builtin_flags_cannot_be_deleted(boss):
    status, body = call_admin("DELETE", "/v1/admin/feature-flags/signups", as_user=boss.as_user)

    assert (status, body["error"]["code"]) == (409, "flag_builtin")
    assert config.flag_enabled("signups") is True


def test_wrong_typed_flag_fields_are_422(boss):
    status, body = call_admin(
        "PATCH",
        "/v1/admin/feature-flags/betting",
        as_user=boss.as_user,
        body={"enabled": "sometimes"},
    )
    unknown_field = call_admin(
        "PATCH", "/v1/admin/feature-flags/betting", as_user=boss.as_user, body={"on": True}
    )

    assert status == 422
    assert body["error"]["details"][0]["field"] == "enabled"
    assert unknown_field[0] == 422
    assert config.flag_enabled("betting") is True
