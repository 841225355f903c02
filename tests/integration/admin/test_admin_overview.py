"""The admin overview: users, bets, the last results run, data freshness, flags, settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from courtside import clock, db
from courtside.tables import odds_snapshots, results_runs
from tests.integration.admin.support import add_bet, add_game, add_user, call_admin, make_account

pytestmark = pytest.mark.integration

NOW = datetime(2024, 3, 10, 18, 0, tzinfo=UTC)


def test_overview_adds_everything_up(admin_db):
    clock.freeze(NOW)
    boss = make_account("boss", "Admin")
    old = add_user("old", created_at=NOW - timedelta(days=10))
    add_user("gone", disabled=True, created_at=NOW - timedelta(days=8))
    fresh = add_user("fresh", created_at=NOW - timedelta(days=2))

    add_game("final-1", tipoff_at=NOW - timedelta(days=2), status="final", home="BOS")
    add_game("final-2", tipoff_at=NOW - timedelta(days=1), status="final", home="LAL")
    add_game("later", tipoff_at=NOW + timedelta(days=3))
    add_game("soon", tipoff_at=NOW + timedelta(hours=2))
    add_bet(old, "final-1", stake="40.00", status="won", payout="100.00")
    add_bet(old, "final-2", stake="10.00", status="lost", payout="0.00")
    add_bet(fresh, "soon", stake="25.50")
    add_bet(fresh, "later", stake="5.00", status="cancelled")
    add_bet(old, "soon", stake="4.50")
    with db.transaction() as conn:
        conn.execute(
            insert(odds_snapshots).values(
                game_id="soon",
                source="book",
                captured_at=NOW - timedelta(hours=1),
                home_moneyline=-120,
                away_moneyline=110,
            )
        )
        conn.execute(
            insert(results_runs).values(
                trigger="schedule",
                started_at=NOW - timedelta(minutes=5),
                finished_at=NOW - timedelta(minutes=5),
                games_finalised=2,
                bets_settled=2,
                duration_ms=40,
            )
        )
    call_admin(
        "PATCH",
        "/v1/admin/feature-flags/leaderboard",
        as_user=boss.as_user,
        body={"enabled": False},
    )
    call_admin("PUT", "/v1/admin/settings", as_user=boss.as_user, body={"max_stake": 80})

    status, overview = call_admin("GET", "/v1/admin/overview", as_user=boss.as_user)

    assert status == 200
    assert overview["users"] == {"total": 4, "new_this_week": 2, "admins": 1, "disabled": 1}
    assert overview["bets"] == {
        "open": 2,
        "open_stake": "30.00",
        "settled": 2,
        "cancelled": 1,
        "volume": "80.00",
    }
    run = overview["last_results_run"]
    assert (run["run_id"], run["trigger"], run["games_finalised"]) == (1, "schedule", 2)
    data = overview["data"]
    assert data["latest_final_game"]["game_id"] == "final-2"
    assert data["latest_final_game"]["home_team"] == "LAL"
    assert data["last_scheduled_tipoff"] == "2024-03-13T18:00:00Z"
    assert data["latest_odds_captured_at"] == "2024-03-10T17:00:00Z"
    assert data["staged_results_pending"] == 0
    assert {"name": "leaderboard", "enabled": False} in overview["flags"]
    assert overview["settings"]["max_stake"] == "80.00"


def test_overview_of_an_empty_project(boss):
    status, overview = call_admin("GET", "/v1/admin/overview", as_user=boss.as_user)

    assert status == 200
    assert overview["users"]["total"] == 1
    assert overview["bets"]["volume"] == "0.00"
    assert overview["last_results_run"] is None
    assert overview["data"]["latest_final_game"] is None
    assert overview["data"]["latest_odds_captured_at"] is None
