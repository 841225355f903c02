"""Placing and cancelling bets through the gateway: odds locking, the ledger, every refusal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from courtside import clock, db
from tests.integration.betting.support import (
    T0,
    add_game,
    add_odds,
    rows,
    set_flag,
    set_setting,
    sign_up,
)

pytestmark = pytest.mark.integration

TONIGHT = T0 + timedelta(hours=8)


@pytest.fixture
def alice(client):
    return sign_up(client, "alice")


@pytest.fixture
def league(betting_db):
    """Games around T0: one open, and one of each way a game can be closed to betting."""
    add_game("OPEN1", "DEN", "LAL", TONIGHT, odds=(-189, 161))
    add_game("OPEN2", "BOS", "NYK", TONIGHT + timedelta(days=1), odds=(-250, 205))
    add_game("OPEN3", "MIA", "GSW", TONIGHT + timedelta(days=2), odds=(110, -130))
    add_game("STARTED", "BOS", "MIA", T0 - timedelta(minutes=5), odds=(-120, 100))
    add_game("FINAL", "NYK", "GSW", T0 - timedelta(days=1), odds=(-120, 100), status="final")
    add_game("POSTPONED", "LAL", "BOS", TONIGHT, odds=(150, -170), status="postponed")
    add_game("NOODDS", "GSW", "DEN", TONIGHT)
    add_game("HALFODDS", "MIA", "NYK", TONIGHT, odds=(-150, None))
    add_game(
        "LATEODDS", "DEN", "BOS", TONIGHT, odds=(120, -140), captured_at=T0 + timedelta(hours=1)
    )


def bets_of(user_id: str) -> list:
    return rows("SELECT * FROM app.bets WHERE user_id = CAST(:u AS uuid)", u=user_id)


def ledger_of(user_id: str) -> list:
    return rows(
        "SELECT kind, amount, bet_id FROM app.ledger WHERE user_id = CAST(:u AS uuid) "
        "ORDER BY entry_id",
        u=user_id,
    )


# ------------------------------------------------------------------ open games


def test_open_games_are_scheduled_future_games_with_both_moneylines_known(league, alice):
    response = alice.get("/v1/bets/open")

    assert response.status_code == 200
    assert [g["game_id"] for g in response.json["items"]] == ["OPEN1", "OPEN2", "OPEN3"]
    first = response.json["items"][0]
    assert first["home_team"] == "DEN" and first["away_team"] == "LAL"
    assert first["odds"]["home_moneyline"] == -189
    assert first["odds"]["away_moneyline"] == 161
    assert first["odds"]["home_implied_probability"] == "0.6540"
    assert first["odds"]["away_implied_probability"] == "0.3831"
    assert first["betting_closes_at"] == "2024-01-10T20:00:00Z"
    assert first["my_bet"] is None
    assert response.headers["Cache-Control"] == "no-store"


def test_open_games_take_the_latest_snapshot_and_show_my_pending_bet(league, alice):
    with db.transaction() as conn:
        add_odds(conn, "OPEN1", (-200, 170), T0 - timedelta(hours=1))
    alice.bet("OPEN2", "NYK", "25.00")

    items = {g["game_id"]: g for g in alice.get("/v1/bets/open").json["items"]}

    assert items["OPEN1"]["odds"]["home_moneyline"] == -200
    assert items["OPEN1"]["odds"]["away_moneyline"] == 170
    assert items["OPEN1"]["my_bet"] is None
    assert items["OPEN2"]["my_bet"]["pick"] == "NYK"
    assert items["OPEN2"]["my_bet"]["stake"] == "25.00"
    assert items["OPEN2"]["my_bet"]["potential_payout"] == "76.25"


def test_open_games_page_with_a_cursor(league, alice):
    first = alice.get("/v1/bets/open", query_string={"limit": 2}).json
    second = alice.get(
        "/v1/bets/open", query_string={"limit": 2, "cursor": first["next_cursor"]}
    ).json

    assert [g["game_id"] for g in first["items"]] == ["OPEN1", "OPEN2"]
    assert [g["game_id"] for g in second["items"]] == ["OPEN3"]
    assert second["next_cursor"] is None


def test_odds_captured_later_become_known_once_the_clock_gets_there(league, alice):
    clock.advance(timedelta(hours=1))
    alice.login()

    games = [g["game_id"] for g in alice.get("/v1/bets/open").json["items"]]

    assert "LATEODDS" in games


def test_the_cutoff_setting_closes_betting_before_tip_off(league, alice):
    set_setting("betting_cutoff_minutes", 30)
    add_game("SOON", "GSW", "LAL", T0 + timedelta(minutes=20), odds=(-110, -110))

    listed = [g["game_id"] for g in alice.get("/v1/bets/open").json["items"]]
    response = alice.bet("SOON", "GSW", "10.00")

    assert "SOON" not in listed
    assert response.status_code == 409
    assert response.json["error"]["code"] == "betting_closed"


# ------------------------------------------------------------------ placing


def test_a_bet_takes_the_latest_odds_locks_them_and_debits_the_stake(league, alice):
    response = alice.bet("OPEN1", "DEN", "100.00")

    assert response.status_code == 201
    bet = response.json["bet"]
    assert bet["odds"] == -189
    assert bet["stake"] == "100.00"
    assert bet["potential_payout"] == "152.91"
    assert bet["status"] == "pending"
    assert bet["opponent"] == "LAL"
    assert bet["placed_at"] == "2024-01-10T12:00:00Z"
    assert response.json["balance"] == "900.00"
    assert alice.balance() == Decimal("900.00")
    assert [(e.kind, e.amount) for e in ledger_of(alice.user_id)] == [
        ("opening", Decimal("1000.00")),
        ("stake", Decimal("-100.00")),
    ]

    # New odds later do not move the locked ones.
    with db.transaction() as conn:
        add_odds(conn, "OPEN1", (-300, 240), T0 + timedelta(minutes=1))
    clock.advance(timedelta(minutes=2))
    [stored] = bets_of(alice.user_id)
    assert stored.odds == -189
    history = alice.get("/v1/bets").json["items"]
    assert history[0]["odds"] == -189


def test_an_underdog_bet_and_a_numeric_stake(league, alice):
    response = alice.bet("OPEN1", "LAL", 100)

    assert response.status_code == 201
    assert response.json["bet"]["odds"] == 161
    assert response.json["bet"]["potential_payout"] == "261.00"


def test_the_stake_may_be_the_whole_balance(league, alice):
    set_setting("max_stake", "5000.00")

    response = alice.bet("OPEN1", "DEN", "1000.00")

    assert response.status_code == 201
    assert response.json["balance"] == "0.00"
    assert alice.balance() == Decimal("0.00")


@pytest.mark.parametrize(
    ("game_id", "pick", "stake", "status", "code"),
    [
        ("STARTED", "BOS", "10.00", 409, "game_started"),
        ("FINAL", "NYK", "10.00", 409, "game_finished"),
        ("POSTPONED", "LAL", "10.00", 409, "game_not_scheduled"),
        ("NOODDS", "GSW", "10.00", 409, "no_odds"),
        ("HALFODDS", "MIA", "10.00", 409, "no_odds"),
        ("LATEODDS", "DEN", "10.00", 409, "no_odds"),
        ("OPEN1", "BOS", "10.00", 422, "invalid_pick"),
        ("OPEN1", "den", "10.00", 422, "invalid_pick"),
        ("NOSUCHGAME", "DEN", "10.00", 404, "game_not_found"),
        ("OPEN1", "DEN", "0", 422, "stake_not_positive"),
        ("OPEN1", "DEN", "-5.00", 422, "stake_not_positive"),
        ("OPEN1", "DEN", "10.005", 422, "stake_too_precise"),
        ("OPEN1", "DEN", 10.001, 422, "stake_too_precise"),
        ("OPEN1", "DEN", "0.99", 422, "stake_below_minimum"),
        ("OPEN1", "DEN", "500.01", 422, "stake_above_maximum"),
        ("OPEN1", "DEN", "1e30", 422, "stake_above_maximum"),
        ("OPEN1", "DEN", "100000000000000000000000000000.001", 422, "stake_above_maximum"),
        ("OPEN1", "DEN", 1e308, 422, "stake_above_maximum"),
        ("OPEN1", "DEN", "NaN", 422, "validation_failed"),
        ("OPEN1", "DEN", "ten", 422, "validation_failed"),
    ],
)
def test_refusals_have_their_own_code_and_change_nothing(
    league, alice, game_id, pick, stake, status, code
):
    response = alice.bet(game_id, pick, stake)

    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert bets_of(alice.user_id) == []
    assert alice.balance() == Decimal("1000.00")


def test_a_stake_over_the_balance_is_a_409(league, alice):
    set_setting("max_stake", "5000.00")
    set_setting("min_stake", "0.01")
    assert alice.bet("OPEN1", "DEN", "999.50").status_code == 201

    response = alice.bet("OPEN2", "BOS", "0.51")

    assert response.status_code == 409
    assert response.json["error"]["code"] == "insufficient_balance"
    assert response.json["error"]["details"] == {"balance": "0.50", "stake": "0.51"}
    assert alice.balance() == Decimal("0.50")


def test_a_second_open_bet_on_the_same_game_is_a_409_even_on_the_other_side(league, alice):
    assert alice.bet("OPEN1", "DEN", "10.00").status_code == 201

    same_side = alice.bet("OPEN1", "DEN", "10.00")
    other_side = alice.bet("OPEN1", "LAL", "10.00")

    assert same_side.status_code == other_side.status_code == 409
    assert same_side.json["error"]["code"] == "duplicate_bet"
    assert other_side.json["error"]["code"] == "duplicate_bet"
    assert alice.balance() == Decimal("990.00")


def test_another_user_may_bet_on_the_same_game(league, client, alice):
    bob = sign_up(client, "bob")

    assert alice.bet("OPEN1", "DEN", "10.00").status_code == 201
    assert bob.bet("OPEN1", "LAL", "10.00").status_code == 201


def test_missing_fields_are_a_validation_error(league, alice):
    response = alice.post("/v1/bets", {"game_id": "OPEN1", "stake": "10.00"})

    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_failed"
    assert "pick" in response.json["error"]["message"]


def test_betting_switched_off_refuses_placing_but_not_cancelling(league, alice):
    bet_id = alice.bet("OPEN1", "DEN", "10.00").json["bet"]["bet_id"]
    set_flag("betting", False)

    single = alice.bet("OPEN2", "BOS", "10.00")
    batch = alice.post(
        "/v1/bets/batch", {"bets": [{"game_id": "OPEN2", "pick": "BOS", "stake": 5}]}
    )
    cancel = alice.delete(f"/v1/bets/{bet_id}")

    assert single.status_code == batch.status_code == 403
    assert single.json["error"]["code"] == "betting_disabled"
    assert batch.json["error"]["code"] == "betting_disabled"
    assert cancel.status_code == 200
    assert alice.balance() == Decimal("1000.00")


def test_bets_need_a_token(league, client):
    response = client.post("/v1/bets", json={"game_id": "OPEN1", "pick": "DEN", "stake": 1})

    assert response.status_code == 401


def test_a_revoked_token_is_refused_at_once(league, alice):
    token_headers = dict(alice.headers)
    assert alice.post("/v1/logout", {}).status_code == 204

    response = alice.client.post(
        "/v1/bets", headers=token_headers, json={"game_id": "OPEN1", "pick": "DEN", "stake": 1}
    )

    assert response.status_code == 401
    assert bets_of(alice.user_id) == []


# ------------------------------------------------------------------ batch


def test_a_batch_places_every_bet_in_one_go(league, alice):
    response = alice.post(
        "/v1/bets/batch",
        {
            "bets": [
                {"game_id": "OPEN1", "pick": "DEN", "stake": "100.00"},
                {"game_id": "OPEN2", "pick": "NYK", "stake": "50.00"},
                {"game_id": "OPEN3", "pick": "MIA", "stake": "20.00"},
            ]
        },
    )

    assert response.status_code == 201
    assert [(b["game_id"], b["odds"], b["potential_payout"]) for b in response.json["bets"]] == [
        ("OPEN1", -189, "152.91"),
        ("OPEN2", 205, "152.50"),
        ("OPEN3", 110, "42.00"),
    ]
    assert response.json["balance"] == "830.00"
    assert alice.balance() == Decimal("830.00")


@pytest.mark.parametrize(
    ("third", "status", "code"),
    [
        ({"game_id": "STARTED", "pick": "BOS", "stake": "10.00"}, 409, "game_started"),
        ({"game_id": "OPEN3", "pick": "BOS", "stake": "10.00"}, 422, "invalid_pick"),
        ({"game_id": "OPEN3", "pick": "MIA", "stake": "0.001"}, 422, "stake_too_precise"),
        ({"game_id": "OPEN1", "pick": "LAL", "stake": "10.00"}, 409, "duplicate_bet"),
        ({"game_id": "OPEN3", "pick": "MIA", "stake": "900.00"}, 422, "stake_above_maximum"),
    ],
)
def test_a_batch_is_all_or_nothing(league, alice, third, status, code):
    response = alice.post(
        "/v1/bets/batch",
        {
            "bets": [
                {"game_id": "OPEN1", "pick": "DEN", "stake": "100.00"},
                {"game_id": "OPEN2", "pick": "NYK", "stake": "50.00"},
                third,
            ]
        },
    )

    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert response.json["error"]["details"]["index"] == 2
    assert bets_of(alice.user_id) == []
    assert alice.balance() == Decimal("1000.00")


def test_a_batch_over_the_balance_places_nothing(league, alice):
    set_setting("max_stake", "5000.00")
    response = alice.post(
        "/v1/bets/batch",
        {
            "bets": [
                {"game_id": "OPEN1", "pick": "DEN", "stake": "600.00"},
                {"game_id": "OPEN2", "pick": "NYK", "stake": "400.01"},
            ]
        },
    )

    assert response.status_code == 409
    assert response.json["error"]["code"] == "insufficient_balance"
    assert bets_of(alice.user_id) == []


def test_an_empty_or_oversized_batch_is_refused(league, alice):
    empty = alice.post("/v1/bets/batch", {"bets": []})
    many = alice.post(
        "/v1/bets/batch", {"bets": [{"game_id": "OPEN1", "pick": "DEN", "stake": 1}] * 21}
    )

    assert empty.status_code == many.status_code == 422
    assert empty.json["error"]["code"] == many.json["error"]["code"] == "batch_size"


# ------------------------------------------------------------------ cancelling


def test_cancelling_before_tip_off_refunds_and_frees_the_game(league, alice):
    bet_id = alice.bet("OPEN1", "DEN", "100.00").json["bet"]["bet_id"]

    response = alice.delete(f"/v1/bets/{bet_id}")

    assert response.status_code == 200
    assert response.json["refund"] == "100.00"
    assert response.json["balance"] == "1000.00"
    assert response.json["bet"]["status"] == "cancelled"
    assert alice.balance() == Decimal("1000.00")
    assert [(e.kind, e.amount) for e in ledger_of(alice.user_id)][-1] == (
        "refund",
        Decimal("100.00"),
    )
    again = alice.bet("OPEN1", "LAL", "10.00")
    assert again.status_code == 201


def test_cancelling_twice_is_a_409(league, alice):
    bet_id = alice.bet("OPEN1", "DEN", "100.00").json["bet"]["bet_id"]
    alice.delete(f"/v1/bets/{bet_id}")

    response = alice.delete(f"/v1/bets/{bet_id}")

    assert response.status_code == 409
    assert response.json["error"]["code"] == "bet_not_pending"
    assert alice.balance() == Decimal("1000.00")


def test_cancelling_after_tip_off_is_a_409(league, alice):
    bet_id = alice.bet("OPEN1", "DEN", "100.00").json["bet"]["bet_id"]
    clock.advance(timedelta(hours=8))
    alice.login()

    response = alice.delete(f"/v1/bets/{bet_id}")

    assert response.status_code == 409
    assert response.json["error"]["code"] == "game_started"
    assert alice.balance() == Decimal("900.00")


def test_another_users_bet_or_a_malformed_id_is_a_404(league, client, alice):
    bob = sign_up(client, "bob")
    bet_id = alice.bet("OPEN1", "DEN", "100.00").json["bet"]["bet_id"]

    stolen = bob.delete(f"/v1/bets/{bet_id}")
    malformed = bob.delete("/v1/bets/not-a-uuid")

    assert stolen.status_code == malformed.status_code == 404
    assert stolen.json["error"]["code"] == malformed.json["error"]["code"] == "bet_not_found"
    assert [b.status for b in bets_of(alice.user_id)] == ["pending"]
    assert alice.balance() == Decimal("900.00")
