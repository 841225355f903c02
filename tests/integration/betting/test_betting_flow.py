"""The whole betting flow through the local gateway, on the real 2023-24 data replayed.

The season is replayed from its opening night (2023-10-24) onto 2025-10-21, so the
opener (DEN -189 v LAL +161, 119-107) is tonight's game. A new user signs up, bets,
is refused in every way the rules say, time passes, the results function settles the
bets, and history, summary, CSV, consensus and leaderboard show the hand-worked figures.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from courtside import clock
from tests.integration.betting.support import (
    DATA_DIR,
    PASSWORD,
    Bettor,
    balance_and_ledger,
    rows,
    set_setting,
    sign_up,
    use_database,
)

pytestmark = pytest.mark.integration

REPLAY_FROM = date(2023, 10, 24)
TODAY_NOON = datetime(2025, 10, 21, 16, 0, tzinfo=UTC)  # 12:00 in New York (EDT)
TIPOFF = datetime(2025, 10, 21, 23, 0, tzinfo=UTC)  # 19:00 EDT, the default tip-off
OPENER = "20231024-LAL-DEN"
SECOND = "20231024-PHX-GSW"
NEXT_DAY = "20231025-DET-MIA"
NO_LINE = "20231028-MIA-MIN"


@pytest.fixture(scope="module")
def replayed(make_database: Any) -> str:
    """A database with the season replayed so that its opening night is tonight."""
    from courtside.load import load_directory

    url: str = make_database("courtside_test_bets_flow")
    clock.freeze(TODAY_NOON)
    report = load_directory(DATA_DIR, replay_from=REPLAY_FROM)
    clock.reset()
    assert report.replay is not None
    assert report.replay.offset_days == (TODAY_NOON.date() - REPLAY_FROM).days
    return url


@pytest.fixture
def gateway(replayed: str, gateway_factory: Any) -> Any:
    from courtside.domain import accounts, config

    use_database(replayed)
    config.invalidate()
    accounts.forget_user_state()
    clock.freeze(TODAY_NOON)
    return gateway_factory(authorizer_ttl_seconds=0)


def test_a_new_user_bets_on_replayed_games_and_results_settle_them(gateway):
    # ---------------------------------------------------------------- noon: betting opens
    alice = sign_up(gateway, "alice")
    bob = sign_up(gateway, "bob")
    assert alice.balance() == Decimal("1000.00")

    open_games = alice.get("/v1/bets/open", query_string={"limit": 5}).json
    first, second = open_games["items"][:2]
    assert {first["game_id"], second["game_id"]} == {OPENER, SECOND}
    opener = first if first["game_id"] == OPENER else second
    assert opener["tipoff_at"] == "2025-10-21T23:00:00Z"
    assert (opener["home_team"], opener["away_team"]) == ("DEN", "LAL")
    assert opener["odds"]["home_moneyline"] == -189
    assert opener["odds"]["away_moneyline"] == 161
    assert opener["odds"]["home_implied_probability"] == "0.6540"
    assert open_games["next_cursor"] is not None

    den = alice.bet(OPENER, "DEN", "100.00")
    assert den.status_code == 201
    assert (den.json["bet"]["odds"], den.json["bet"]["potential_payout"]) == (-189, "152.91")
    lal = bob.bet(OPENER, "LAL", "100.00")
    assert (lal.json["bet"]["odds"], lal.json["bet"]["potential_payout"]) == (161, "261.00")
    batch = alice.post(
        "/v1/bets/batch",
        {
            "bets": [
                {"game_id": SECOND, "pick": "PHX", "stake": "50.00"},
                {"game_id": NEXT_DAY, "pick": "DET", "stake": "20.00"},
            ]
        },
    )
    assert batch.status_code == 201
    assert [b["odds"] for b in batch.json["bets"]] == [127, 341]
    assert batch.json["balance"] == "830.00"
    mine = {g["game_id"]: g["my_bet"] for g in alice.get("/v1/bets/open").json["items"]}
    assert mine[OPENER]["pick"] == "DEN" and mine[NEXT_DAY]["stake"] == "20.00"

    # Every refusal, on real games.
    refusals = [
        (alice.bet(OPENER, "LAL", "10.00"), 409, "duplicate_bet"),
        (alice.bet(SECOND, "BOS", "10.00"), 422, "invalid_pick"),
        (alice.bet(NO_LINE, "MIN", "10.00"), 409, "no_odds"),
        (alice.bet("20231026-NOPE-NOPE", "DEN", "10.00"), 404, "game_not_found"),
        (alice.bet(NEXT_DAY, "MIA", "0"), 422, "stake_not_positive"),
        (bob.bet(NEXT_DAY, "MIA", "10.001"), 422, "stake_too_precise"),
        (bob.bet(NEXT_DAY, "MIA", "0.50"), 422, "stake_below_minimum"),
        (bob.bet(NEXT_DAY, "MIA", "500.01"), 422, "stake_above_maximum"),
    ]
    for response, status, code in refusals:
        assert (response.status_code, response.json["error"]["code"]) == (status, code)
    set_setting("max_stake", "5000.00")
    over = bob.bet(NEXT_DAY, "MIA", "900.01")
    assert (over.status_code, over.json["error"]["code"]) == (409, "insufficient_balance")
    set_setting("max_stake", "500.00")
    cancelled = bob.bet(NEXT_DAY, "MIA", "40.00").json["bet"]["bet_id"]
    assert bob.delete(f"/v1/bets/{cancelled}").json["refund"] == "40.00"
    assert alice.delete(f"/v1/bets/{cancelled}").status_code == 404
    assert (alice.balance(), bob.balance()) == (Decimal("830.00"), Decimal("900.00"))

    # ---------------------------------------------------------------- 19:30: games started
    clock.freeze(TIPOFF + timedelta(minutes=30))
    alice.login()
    bob.login()
    late = bob.bet(SECOND, "GSW", "10.00")
    assert (late.status_code, late.json["error"]["code"]) == (409, "game_started")
    den_id = den.json["bet"]["bet_id"]
    too_late = alice.delete(f"/v1/bets/{den_id}")
    assert (too_late.status_code, too_late.json["error"]["code"]) == (409, "game_started")
    assert OPENER not in [g["game_id"] for g in alice.get("/v1/bets/open").json["items"]]
    assert _run_results_function()["bets_settled"] == 0  # results come 2h30 after tip-off

    # ---------------------------------------------------------------- two mornings later
    clock.freeze(TIPOFF + timedelta(hours=38))
    alice.login()
    bob.login()
    report = _run_results_function()
    # The two games of the opening night and the twelve of the next.
    assert report["games_finalised"] == 2 + 12
    assert (report["bets_settled"], report["bets_won"], report["bets_lost"]) == (4, 2, 2)
    again = _run_results_function()
    assert (again["games_finalised"], again["bets_settled"]) == (0, 0)

    finished = bob.bet(OPENER, "DEN", "10.00")
    assert (finished.status_code, finished.json["error"]["code"]) == (409, "game_finished")
    game = rows("SELECT status, home_score, away_score FROM nba.games WHERE game_id = :g", g=OPENER)
    assert [tuple(g) for g in game] == [("final", 119, 107)]

    # DEN 100 @ -189 won 52.91; PHX 50 @ +127 won 63.50; DET 20 @ +341 lost (MIA 103-102).
    assert alice.balance() == Decimal("830.00") + Decimal("152.91") + Decimal("113.50")
    assert bob.balance() == Decimal("900.00")

    history = alice.get("/v1/bets").json["items"]
    by_game = {b["game_id"]: b for b in history}
    assert (by_game[OPENER]["status"], by_game[OPENER]["payout"]) == ("won", "152.91")
    assert (by_game[SECOND]["status"], by_game[SECOND]["profit"]) == ("won", "63.50")
    assert (by_game[NEXT_DAY]["status"], by_game[NEXT_DAY]["profit"]) == ("lost", "-20.00")

    summary = alice.get("/v1/bets/summary").json
    assert (summary["settled"], summary["won"], summary["lost"]) == (3, 2, 1)
    assert (summary["staked"], summary["profit"]) == ("170.00", "96.41")
    assert summary["accuracy"] == "0.6667"
    assert summary["roi"] == "0.5671"  # 96.41 / 170 = 0.56711...
    assert summary["streak"] == {"result": "lost", "length": 1}
    assert (summary["biggest_win"]["game_id"], summary["biggest_win"]["profit"]) == (
        SECOND,
        "63.50",
    )
    assert summary["daily"] == [
        {
            "day": "2025-10-21",
            "settled": 2,
            "won": 2,
            "lost": 0,
            "profit": "116.41",
            "cumulative_profit": "116.41",
        },
        {
            "day": "2025-10-22",
            "settled": 1,
            "won": 0,
            "lost": 1,
            "profit": "-20.00",
            "cumulative_profit": "96.41",
        },
    ]

    export = alice.get("/v1/bets/export.csv")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(export.data.decode("utf-8"))))
    assert sorted((r["game_id"], r["status"], r["payout"]) for r in table) == [
        (OPENER, "won", "152.91"),
        (SECOND, "won", "113.50"),
        (NEXT_DAY, "lost", "0.00"),
    ]

    consensus = gateway.get(f"/v1/predictions/games/{OPENER}").json
    assert [(s["team"], s["users"], s["stake_share"]) for s in consensus["sides"]] == [
        ("LAL", 1, "0.5000"),
        ("DEN", 1, "0.5000"),
    ]
    set_setting("leaderboard_min_bets", 1)
    board = gateway.get("/v1/predictions/leaderboard", query_string={"season": "2023-24"}).json
    assert [(e["username"], e["profit"]) for e in board["items"]] == [
        ("alice", "96.41"),
        ("bob", "-100.00"),
    ]

    for bettor in (alice, bob):
        balance, ledger_sum = balance_and_ledger(bettor.user_id)
        assert balance == ledger_sum


def test_an_admin_run_through_the_api_is_recorded(gateway):
    from courtside.domain import accounts

    accounts.create_admin("boss", PASSWORD)
    boss = Bettor(client=gateway, username="boss").login()

    response = boss.post("/v1/admin/results/run", {})
    runs = boss.get("/v1/admin/results/runs").json["items"]

    assert response.status_code == 200, response.json
    report = response.json["report"]
    assert (report["trigger"], report["triggered_by"]) == ("admin", "boss")
    assert runs[0]["run_id"] == report["run_id"]
    assert runs[0]["trigger"] == "admin"


def _run_results_function() -> dict[str, Any]:
    """The results Lambda as EventBridge invokes it."""
    from local.functions import LambdaContext, load_handler

    event = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
    result: dict[str, Any] = load_handler("results")(event, LambdaContext("results", "flow"))
    return result
