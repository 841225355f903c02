"""Project settings: defaults, validated partial updates, atomicity, resets and audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from courtside import db
from courtside.domain import config
from courtside.tables import settings
from tests.integration.admin.support import audit_rows, call_admin

pytestmark = pytest.mark.integration


def stored() -> dict:
    with db.transaction() as conn:
        return {row.key: row.value for row in conn.execute(select(settings))}


def put(boss, body):
    return call_admin("PUT", "/v1/admin/settings", as_user=boss.as_user, body=body)


def test_get_shows_values_defaults_and_overrides(boss):
    status, view = call_admin("GET", "/v1/admin/settings", as_user=boss.as_user)

    assert status == 200
    assert view["values"] == view["defaults"]
    assert view["defaults"]["max_stake"] == "500.00"
    assert view["defaults"]["token_lifetime_minutes"] == 60
    assert view["overridden"] == []
    fields = {field["name"]: field for field in view["fields"]}
    assert set(fields) == set(config.ProjectSettings.model_fields)
    assert fields["login_attempt_limit"]["minimum"] == 1
    assert fields["login_attempt_limit"]["maximum"] == 100
    assert fields["min_stake"]["exclusive_minimum"] is True
    assert fields["max_stake"]["type"] == "money"


def test_partial_update_applies_and_is_read_through_the_cached_accessor(boss):
    assert config.project_settings().max_stake == Decimal("500.00")

    status, view = put(boss, {"max_stake": 250, "leaderboard_min_bets": 3})

    assert status == 200
    assert view["values"]["max_stake"] == "250.00"
    assert view["values"]["leaderboard_min_bets"] == 3
    assert view["values"]["min_stake"] == "1.00"
    assert view["overridden"] == ["max_stake", "leaderboard_min_bets"]
    assert stored() == {"max_stake": "250.00", "leaderboard_min_bets": 3}
    assert config.project_settings().max_stake == Decimal("250.00")
    assert config.project_settings().leaderboard_min_bets == 3
    fields = {field["name"]: field for field in view["fields"]}
    assert fields["max_stake"]["updated_by"] == "boss"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"max_stake": "abc"}, "max_stake"),
        ({"max_stake": -5}, "max_stake"),
        ({"max_stake": "10.001"}, "max_stake"),
        ({"max_stake": True}, "max_stake"),
        ({"starting_bankroll": "2000000"}, "starting_bankroll"),
        ({"token_lifetime_minutes": 2}, "token_lifetime_minutes"),
        ({"token_lifetime_minutes": "60"}, "token_lifetime_minutes"),
        ({"login_attempt_limit": True}, "login_attempt_limit"),
        ({"login_window_minutes": 15.5}, "login_window_minutes"),
        ({"betting_cutoff_minutes": -1}, "betting_cutoff_minutes"),
        ({"leaderboard_min_bets": [5]}, "leaderboard_min_bets"),
        ({"no_such_setting": 1}, "no_such_setting"),
    ],
)
def test_bad_values_are_422_naming_the_setting(boss, body, field):
    status, error = put(boss, body)

    assert status == 422
    assert field in error["error"]["message"]
    assert [detail["field"] for detail in error["error"]["details"]] == [field]
    assert stored() == {}
    assert audit_rows() == []


def test_one_bad_value_changes_nothing(boss):
    assert put(boss, {"max_stake": "300.00"})[0] == 200

    status, error = put(
        boss, {"max_stake": "100.00", "starting_bankroll": "50.00", "login_attempt_limit": 0}
    )

    assert status == 422
    assert [d["field"] for d in error["error"]["details"]] == ["login_attempt_limit"]
    assert stored() == {"max_stake": "300.00"}
    assert config.project_settings().max_stake == Decimal("300.00")
    assert config.project_settings().starting_bankroll == Decimal("1000.00")
    assert [row.kind for row in audit_rows()] == ["settings.update"]


def test_min_stake_may_not_exceed_max_stake_counting_stored_values(boss):
    assert put(boss, {"max_stake": "50.00"})[0] == 200

    status, error = put(boss, {"min_stake": "60.00"})
    both_status, _ = put(boss, {"min_stake": "60.00", "max_stake": "70.00"})

    assert status == 422
    assert error["error"]["code"] == "invalid_settings"
    assert [d["field"] for d in error["error"]["details"]] == ["min_stake"]
    assert both_status == 200
    assert stored() == {"max_stake": "70.00", "min_stake": "60.00"}


def test_null_restores_the_default(boss):
    put(boss, {"max_stake": "50.00", "login_attempt_limit": 9})

    status, view = put(boss, {"max_stake": None})

    assert status == 200
    assert view["values"]["max_stake"] == "500.00"
    assert view["overridden"] == ["login_attempt_limit"]
    assert stored() == {"login_attempt_limit": 9}
    last = audit_rows()[-1]
    assert (last.before, last.after) == ({"max_stake": "50.00"}, {"max_stake": "500.00"})


def test_audit_entry_has_before_and_after_of_the_changed_settings_only(boss):
    put(boss, {"max_stake": 200, "min_stake": "1.00", "token_lifetime_minutes": 30})

    [entry] = audit_rows()

    assert entry.kind == "settings.update"
    assert entry.actor == "boss"
    assert entry.before == {
        "max_stake": "500.00",
        "token_lifetime_minutes": 60,
        "min_stake": "1.00",
    }
    assert entry.after == {"max_stake": "200.00", "token_lifetime_minutes": 30, "min_stake": "1.00"}


def test_same_values_again_write_nothing_new(boss):
    put(boss, {"max_stake": "200.00"})

    status, _ = put(boss, {"max_stake": 200})

    assert status == 200
    assert len(audit_rows()) == 1


@pytest.mark.parametrize("raw", ["[1, 2]", "not json", '"text"'])
def test_a_body_that_is_not_an_object_is_a_client_error(boss, raw):
    status, error = call_admin("PUT", "/v1/admin/settings", as_user=boss.as_user, raw_body=raw)

    assert status in (400, 422)
    assert "error" in error
    assert stored() == {}
