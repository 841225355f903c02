"""What the admin's switches and settings do to the rest of the API, end to end.

Everything goes through the local gateway with the authorizer's answers cached for
five minutes, as API Gateway caches them: a change must still take effect at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from courtside import clock
from tests.integration.admin.support import (
    PASSWORD,
    add_game,
    add_odds,
    make_account,
    session,
)

pytestmark = pytest.mark.integration

NOW = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
TIPOFF = NOW + timedelta(hours=6)


@pytest.fixture
def league(admin_db):
    """Two upcoming games with odds, the clock before their tip-off."""
    clock.freeze(NOW)
    for game_id, home, away in (("g1", "BOS", "NYK"), ("g2", "LAL", "DEN")):
        add_game(game_id, tipoff_at=TIPOFF, home=home, away=away)
        add_odds(game_id, home=-150, away=130, captured_at=NOW - timedelta(hours=1))


@pytest.fixture
def admin(boss, gateway):
    return session(gateway, boss)


def switch(admin, name: str, enabled: bool) -> None:
    response = admin.patch(f"/v1/admin/feature-flags/{name}", {"enabled": enabled})
    assert response.status_code == 200, response.json
    assert response.json["enabled"] is enabled


def test_signups_off_refuses_new_users_with_a_clear_403(admin, gateway):
    switch(admin, "signups", False)

    refused = gateway.post("/v1/users", json={"username": "newbie", "password": PASSWORD})
    switch(admin, "signups", True)
    accepted = gateway.post("/v1/users", json={"username": "newbie", "password": PASSWORD})

    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "signups_disabled"
    assert "sign-ups" in refused.json["error"]["message"]
    assert accepted.status_code == 201


def test_betting_off_refuses_new_bets_but_cancelling_still_works(league, admin, gateway):
    alice = session(gateway, make_account("alice"))
    placed = alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "20.00"})
    assert placed.status_code == 201, placed.json

    switch(admin, "betting", False)
    single = alice.post("/v1/bets", {"game_id": "g2", "pick": "LAL", "stake": "20.00"})
    batch = alice.post("/v1/bets/batch", {"bets": [{"game_id": "g2", "pick": "LAL", "stake": 5}]})
    cancelled = alice.delete(f"/v1/bets/{placed.json['bet']['bet_id']}")

    assert single.status_code == 403
    assert single.json["error"]["code"] == "betting_disabled"
    assert batch.status_code == 403
    assert cancelled.status_code == 200
    assert cancelled.json["bet"]["status"] == "cancelled"
    assert cancelled.json["refund"] == "20.00"

    switch(admin, "betting", True)
    again = alice.post("/v1/bets", {"game_id": "g2", "pick": "LAL", "stake": "20.00"})
    assert again.status_code == 201


def test_leaderboard_off_is_404(admin, gateway):
    assert gateway.get("/v1/predictions/leaderboard").status_code == 200

    switch(admin, "leaderboard", False)
    hidden = gateway.get("/v1/predictions/leaderboard")
    switch(admin, "leaderboard", True)
    shown = gateway.get("/v1/predictions/leaderboard")

    assert hidden.status_code == 404
    assert hidden.json["error"]["code"] == "leaderboard_disabled"
    assert hidden.headers["Cache-Control"] == "no-store"
    assert shown.status_code == 200


def test_public_flags_follow_the_switches(admin, gateway):
    switch(admin, "leaderboard", False)

    flags = gateway.get("/v1/feature-flags").json

    assert {"name": "leaderboard", "enabled": False} in flags
    assert {"name": "betting", "enabled": True} in flags


def test_a_new_maximum_stake_applies_to_the_next_bet(league, admin, gateway):
    alice = session(gateway, make_account("alice"))
    assert (
        alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "80.00"}).status_code
        == 201
    )

    changed = admin.put("/v1/admin/settings", {"max_stake": "50.00"})
    too_big = alice.post("/v1/bets", {"game_id": "g2", "pick": "LAL", "stake": "80.00"})
    at_max = alice.post("/v1/bets", {"game_id": "g2", "pick": "LAL", "stake": "50.00"})

    assert changed.status_code == 200
    assert too_big.status_code == 422
    assert too_big.json["error"]["code"] == "stake_above_maximum"
    assert too_big.json["error"]["details"]["max_stake"] == "50.00"
    assert at_max.status_code == 201


def test_a_new_minimum_stake_applies_to_the_next_bet(league, admin, gateway):
    alice = session(gateway, make_account("alice"))

    assert admin.put("/v1/admin/settings", {"min_stake": "10.00"}).status_code == 200
    too_small = alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "5.00"})

    assert too_small.status_code == 422
    assert too_small.json["error"]["code"] == "stake_below_minimum"


def test_a_new_starting_bankroll_applies_to_the_next_sign_up(admin, gateway):
    assert admin.put("/v1/admin/settings", {"starting_bankroll": "250.00"}).status_code == 200

    created = gateway.post("/v1/users", json={"username": "newbie", "password": PASSWORD})

    assert created.status_code == 201
    assert created.json["balance"] == "250.00"
