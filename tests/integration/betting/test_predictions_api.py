"""Public predictions: community picks on a game and the season leaderboard."""

from __future__ import annotations

from datetime import timedelta

import pytest

from courtside import clock
from courtside.domain.results import run_results
from tests.integration.betting.support import (
    T0,
    add_game,
    rows,
    set_flag,
    set_setting,
    sign_up,
    stage_result,
)

pytestmark = pytest.mark.integration

TONIGHT = T0 + timedelta(hours=8)


def test_consensus_counts_users_and_stake_per_side(betting_db, client):
    add_game("G1", "DEN", "LAL", TONIGHT, odds=(-189, 161))
    alice, bob, carol, dave = (sign_up(client, n) for n in ("alice", "bob", "carol", "dave"))
    alice.bet("G1", "DEN", "100.00")
    bob.bet("G1", "LAL", "60.00")
    carol.bet("G1", "DEN", "40.00")
    cancelled = dave.bet("G1", "LAL", "500.00").json["bet"]["bet_id"]
    dave.delete(f"/v1/bets/{cancelled}")

    response = client.get("/v1/predictions/games/G1")

    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    body = response.json
    assert (body["users"], body["stake"]) == (3, "200.00")
    assert body["sides"] == [
        {
            "team": "LAL",
            "side": "away",
            "users": 1,
            "user_share": "0.3333",
            "stake": "60.00",
            "stake_share": "0.3000",
        },
        {
            "team": "DEN",
            "side": "home",
            "users": 2,
            "user_share": "0.6667",
            "stake": "140.00",
            "stake_share": "0.7000",
        },
    ]


def test_consensus_of_a_game_nobody_picked_and_of_an_unknown_game(betting_db, client):
    add_game("G1", "DEN", "LAL", TONIGHT, odds=(-189, 161))

    empty = client.get("/v1/predictions/games/G1").json
    unknown = client.get("/v1/predictions/games/NOPE")

    assert empty["users"] == 0
    assert [(s["users"], s["user_share"], s["stake_share"]) for s in empty["sides"]] == [
        (0, None, None),
        (0, None, None),
    ]
    assert unknown.status_code == 404
    assert unknown.json["error"]["code"] == "game_not_found"


@pytest.fixture
def ranked(betting_db, client):
    """Three games, results in; settled: alice 3 (+2 won), bob 3 (1 won), carol 1.

    alice: DEN -189 100 won +52.91; NYK +205 10 won +20.50; MIA +110 10 lost -10 -> +63.41
    bob:   LAL +161 100 lost -100; BOS -250 50 lost -50; GSW -130 130 won +100 -> -50.00
    carol: DEN -189 189 won +100.00 (one bet only)
    """
    games = [("G1", "DEN", "LAL", (-189, 161)), ("G2", "BOS", "NYK", (-250, 205))]
    games += [("G3", "MIA", "GSW", (110, -130))]
    for n, (game_id, home, away, odds) in enumerate(games):
        add_game(game_id, home, away, TONIGHT + timedelta(minutes=n), odds=odds)
    alice, bob, carol = (sign_up(client, n) for n in ("alice", "bob", "carol"))
    for bettor, picks in (
        (alice, [("G1", "DEN", "100.00"), ("G2", "NYK", "10.00"), ("G3", "MIA", "10.00")]),
        (bob, [("G1", "LAL", "100.00"), ("G2", "BOS", "50.00"), ("G3", "GSW", "130.00")]),
        (carol, [("G1", "DEN", "189.00")]),
    ):
        for game_id, pick, stake in picks:
            assert bettor.bet(game_id, pick, stake).status_code == 201
    for game_id, home, away in (("G1", 119, 107), ("G2", 100, 110), ("G3", 90, 99)):
        stage_result(game_id, home, away, available_at=TONIGHT + timedelta(hours=3))
    clock.freeze(TONIGHT + timedelta(hours=3))
    run_results(trigger="schedule")
    return client


def ranking(client, **query):
    response = client.get("/v1/predictions/leaderboard", query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_leaderboard_by_profit_with_the_minimum_of_settled_bets(ranked):
    set_setting("leaderboard_min_bets", 3)

    board = ranking(ranked)

    assert (board["season"], board["by"], board["min_bets"]) == ("2023-24", "profit", 3)
    assert [(e["rank"], e["username"], e["profit"]) for e in board["items"]] == [
        (1, "alice", "63.41"),
        (2, "bob", "-50.00"),
    ]
    alice = board["items"][0]
    assert (alice["settled"], alice["won"], alice["lost"]) == (3, 2, 1)
    assert (alice["accuracy"], alice["staked"], alice["roi"]) == ("0.6667", "120.00", "0.5284")


def test_leaderboard_counts_carol_once_the_minimum_allows(ranked):
    set_setting("leaderboard_min_bets", 1)

    by_profit = ranking(ranked, by="profit")
    by_accuracy = ranking(ranked, by="accuracy")

    assert [e["username"] for e in by_profit["items"]] == ["carol", "alice", "bob"]
    assert [(e["username"], e["accuracy"]) for e in by_accuracy["items"]] == [
        ("carol", "1.0000"),
        ("alice", "0.6667"),
        ("bob", "0.3333"),
    ]


def test_leaderboard_pages_and_seasons(ranked):
    set_setting("leaderboard_min_bets", 1)

    first = ranking(ranked, limit=2)
    second = ranking(ranked, limit=2, cursor=first["next_cursor"])
    other_season = ranking(ranked, season="2022-23")

    assert [e["rank"] for e in first["items"]] == [1, 2]
    assert [(e["rank"], e["username"]) for e in second["items"]] == [(3, "bob")]
    assert second["next_cursor"] is None
    assert other_season["items"] == [] and other_season["season"] == "2022-23"


def test_leaderboard_switched_off_is_a_404_and_bad_queries_are_422(ranked):
    bad_order = ranked.get("/v1/predictions/leaderboard", query_string={"by": "luck"})
    bad_season = ranked.get("/v1/predictions/leaderboard", query_string={"season": "24"})
    set_flag("leaderboard", False)
    off = ranked.get("/v1/predictions/leaderboard")

    assert bad_order.status_code == bad_season.status_code == 422
    assert off.status_code == 404
    assert off.json["error"]["code"] == "leaderboard_disabled"


def test_disabled_users_leave_the_leaderboard(ranked):
    from courtside.domain import accounts

    set_setting("leaderboard_min_bets", 1)
    rows("UPDATE app.users SET disabled_at = now() WHERE username = 'carol' RETURNING 1")
    accounts.forget_user_state()

    assert [e["username"] for e in ranking(ranked)["items"]] == ["alice", "bob"]
