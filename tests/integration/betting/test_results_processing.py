"""Results processing: staged scores onto games, exact settlement, exactly once, runs recorded."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest

from courtside import clock
from courtside.domain import bets
from courtside.domain.bets import BetRequest
from courtside.domain.results import run_results
from tests.integration.betting.support import (
    T0,
    add_game,
    balance_and_ledger,
    principal_of,
    rows,
    scalar,
    sign_up,
    stage_result,
)

pytestmark = pytest.mark.integration

TONIGHT = T0 + timedelta(hours=8)
AVAILABLE = TONIGHT + timedelta(hours=2, minutes=30)


@pytest.fixture
def slate(betting_db):
    add_game("G1", "DEN", "LAL", TONIGHT, odds=(-189, 161))
    add_game("G2", "BOS", "NYK", TONIGHT, odds=(-250, 205))
    add_game("G3", "MIA", "GSW", TONIGHT, odds=(110, -130))
    add_game("G4", "GSW", "LAL", TONIGHT, odds=(-110, -110))


def place(bettor, game_id, pick, stake):
    response = bettor.bet(game_id, pick, stake)
    assert response.status_code == 201, response.json
    return response.json["bet"]["bet_id"]


def bet_row(bet_id):
    [row] = rows("SELECT * FROM app.bets WHERE bet_id = CAST(:b AS uuid)", b=bet_id)
    return row


def ledger_kinds(bet_id):
    return [
        (row.kind, row.amount)
        for row in rows(
            "SELECT kind, amount FROM app.ledger WHERE bet_id = CAST(:b AS uuid) ORDER BY entry_id",
            b=bet_id,
        )
    ]


def test_results_finalise_games_and_settle_with_exact_payouts(slate, client):
    alice, bob, carol = (sign_up(client, name) for name in ("alice", "bob", "carol"))
    a1 = place(alice, "G1", "DEN", "100.00")
    b1 = place(bob, "G1", "LAL", "100.00")
    a2 = place(alice, "G2", "NYK", "50.00")
    c3 = place(carol, "G3", "GSW", "33.33")
    stage_result("G1", 119, 107, available_at=AVAILABLE)
    stage_result("G2", 101, 108, available_at=AVAILABLE)
    stage_result("G3", 95, 99, available_at=AVAILABLE)

    clock.freeze(AVAILABLE)
    report = run_results(trigger="schedule")

    assert (report.games_finalised, report.bets_settled) == (3, 4)
    assert (report.bets_won, report.bets_lost, report.bets_voided) == (3, 1, 0)
    game = rows("SELECT status, home_score, away_score FROM nba.games WHERE game_id = 'G1'")[0]
    assert (game.status, game.home_score, game.away_score) == ("final", 119, 107)
    assert (bet_row(a1).status, bet_row(a1).payout) == ("won", Decimal("152.91"))
    assert (bet_row(b1).status, bet_row(b1).payout) == ("lost", Decimal("0.00"))
    assert (bet_row(a2).status, bet_row(a2).payout) == ("won", Decimal("152.50"))
    # 33.33 at -130: 33.33 * 100 / 130 = 25.638... -> 25.64 profit.
    assert (bet_row(c3).status, bet_row(c3).payout) == ("won", Decimal("58.97"))
    assert bet_row(a1).settled_at == AVAILABLE
    assert ledger_kinds(a1) == [("stake", Decimal("-100.00")), ("payout", Decimal("152.91"))]
    assert ledger_kinds(b1) == [("stake", Decimal("-100.00"))]
    assert alice.balance() == Decimal("1000.00") - 150 + Decimal("152.91") + Decimal("152.50")
    assert bob.balance() == Decimal("900.00")
    assert carol.balance() == Decimal("1025.64")

    [run] = rows("SELECT * FROM app.results_runs")
    assert (run.trigger, run.games_finalised, run.bets_settled) == ("schedule", 3, 4)
    assert run.started_at == run.finished_at == AVAILABLE
    assert run.duration_ms is not None and run.duration_ms >= 0
    assert scalar("SELECT count(*) FROM nba.staged_results WHERE processed_at IS NULL") == 0


def test_results_not_yet_available_wait(slate, client):
    alice = sign_up(client, "alice")
    bet_id = place(alice, "G1", "DEN", "100.00")
    stage_result("G1", 119, 107, available_at=AVAILABLE)

    clock.freeze(AVAILABLE - timedelta(seconds=1))
    early = run_results(trigger="schedule")
    clock.freeze(AVAILABLE)
    on_time = run_results(trigger="schedule")

    assert (early.games_finalised, early.bets_settled) == (0, 0)
    assert (on_time.games_finalised, on_time.bets_settled) == (1, 1)
    assert bet_row(bet_id).status == "won"


def test_a_second_run_settles_nothing(slate, client):
    alice = sign_up(client, "alice")
    bet_id = place(alice, "G1", "DEN", "100.00")
    stage_result("G1", 119, 107, available_at=AVAILABLE)
    clock.freeze(AVAILABLE)

    first = run_results(trigger="schedule")
    second = run_results(trigger="admin", triggered_by="boss")

    assert first.bets_settled == 1
    assert (second.games_finalised, second.bets_settled) == (0, 0)
    assert ledger_kinds(bet_id) == [("stake", Decimal("-100.00")), ("payout", Decimal("152.91"))]
    assert alice.balance() == Decimal("1052.91")
    runs = rows("SELECT trigger, triggered_by, bets_settled FROM app.results_runs ORDER BY run_id")
    assert [(r.trigger, r.triggered_by, r.bets_settled) for r in runs] == [
        ("schedule", None, 1),
        ("admin", "boss", 0),
    ]


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_a_called_off_game_voids_its_bets_and_refunds(slate, client, status):
    alice, bob = sign_up(client, "alice"), sign_up(client, "bob")
    a4 = place(alice, "G4", "GSW", "80.00")
    b4 = place(bob, "G4", "LAL", "20.00")
    stage_result("G4", None, None, available_at=TONIGHT, status=status)
    clock.freeze(TONIGHT)

    report = run_results(trigger="schedule")

    assert (report.games_finalised, report.bets_voided) == (1, 2)
    assert scalar("SELECT status FROM nba.games WHERE game_id = 'G4'") == status
    assert (bet_row(a4).status, bet_row(a4).payout) == ("void", Decimal("80.00"))
    assert ledger_kinds(b4) == [("stake", Decimal("-20.00")), ("refund", Decimal("20.00"))]
    assert alice.balance() == bob.balance() == Decimal("1000.00")
    totals = rows("SELECT settled, voided, staked, profit FROM app.user_bet_totals")
    assert {(t.settled, t.voided, t.staked, t.profit) for t in totals} == {
        (0, 1, Decimal("0.00"), Decimal("0.00"))
    }


def test_a_game_finished_some_other_way_still_gets_its_bets_settled(slate, client):
    alice = sign_up(client, "alice")
    bet_id = place(alice, "G1", "LAL", "100.00")
    clock.freeze(AVAILABLE)
    rows(
        "UPDATE nba.games SET status = 'final', home_score = 100, away_score = 110 "
        "WHERE game_id = 'G1' RETURNING game_id"
    )

    report = run_results(trigger="schedule")

    assert (report.games_finalised, report.bets_settled, report.bets_won) == (0, 1, 1)
    assert (bet_row(bet_id).status, bet_row(bet_id).payout) == ("won", Decimal("261.00"))


def test_two_runs_at_the_same_time_settle_every_bet_exactly_once(slate, client):
    bettors = [sign_up(client, f"user{n}") for n in range(12)]
    expected_balance = {}
    for n, bettor in enumerate(bettors):
        picks = [("G1", "DEN" if n % 2 else "LAL"), ("G2", "NYK"), ("G3", "MIA")]
        placed = bets.place_bets(
            principal_of(bettor),
            [BetRequest(game_id=g, pick=p, stake=Decimal(10 + n)) for g, p in picks],
        )
        assert len(placed.bets) == 3
        stake = Decimal(10 + n)
        g1 = stake + (stake * 100 / 189).quantize(Decimal("0.01")) if n % 2 else Decimal(0)
        g2 = stake + stake * Decimal("2.05")
        expected_balance[bettor.user_id] = Decimal(1000) - 3 * stake + g1 + g2
    for game_id, home, away in (("G1", 119, 107), ("G2", 101, 108), ("G3", 95, 99)):
        stage_result(game_id, home, away, available_at=AVAILABLE)
    clock.freeze(AVAILABLE)

    reports = []
    barrier = threading.Barrier(4)

    def run():
        barrier.wait()
        reports.append(run_results(trigger="schedule"))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(r.games_finalised for r in reports) == 3
    assert sum(r.bets_settled for r in reports) == 36
    assert scalar("SELECT count(*) FROM app.bets WHERE status = 'pending'") == 0
    per_bet = rows(
        "SELECT bet_id, count(*) AS entries FROM app.ledger "
        "WHERE kind IN ('payout', 'refund') GROUP BY bet_id HAVING count(*) > 1"
    )
    assert per_bet == []
    for bettor in bettors:
        balance, ledger_sum = balance_and_ledger(bettor.user_id)
        assert balance == ledger_sum == expected_balance[bettor.user_id]
    assert scalar("SELECT sum(settled) FROM app.user_season_stats") == 36


def test_aggregates_equal_a_recount_from_the_bets(slate, client):
    alice, bob = sign_up(client, "alice"), sign_up(client, "bob")
    place(alice, "G1", "DEN", "100.00")
    place(alice, "G2", "BOS", "40.00")
    place(alice, "G3", "GSW", "26.00")
    place(alice, "G4", "LAL", "10.00")
    place(bob, "G1", "LAL", "70.00")
    place(bob, "G3", "MIA", "15.55")
    stage_result("G1", 119, 107, available_at=AVAILABLE)
    stage_result("G2", 101, 108, available_at=AVAILABLE)
    stage_result("G3", 95, 99, available_at=AVAILABLE)
    stage_result("G4", None, None, available_at=AVAILABLE, status="cancelled")
    clock.freeze(AVAILABLE)
    run_results(trigger="schedule")

    recount = """
        SELECT user_id,
               count(*) FILTER (WHERE status IN ('won', 'lost')) AS settled,
               count(*) FILTER (WHERE status = 'won') AS won,
               count(*) FILTER (WHERE status = 'lost') AS lost,
               count(*) FILTER (WHERE status = 'void') AS voided,
               coalesce(sum(stake) FILTER (WHERE status IN ('won', 'lost')), 0) AS staked,
               coalesce(sum(payout - stake) FILTER (WHERE status IN ('won', 'lost')), 0) AS profit
        FROM app.bets GROUP BY user_id ORDER BY user_id
    """
    season = rows(
        "SELECT user_id, settled, won, lost, voided, staked, profit "
        "FROM app.user_season_stats ORDER BY user_id"
    )
    totals = rows(
        "SELECT user_id, settled, won, lost, voided, staked, profit "
        "FROM app.user_bet_totals ORDER BY user_id"
    )
    assert season == totals == rows(recount)
    by_team = rows(
        "SELECT user_id, pick AS team, count(*) AS settled, sum(stake) AS staked, "
        "sum(payout - stake) AS profit FROM app.bets WHERE status IN ('won', 'lost') "
        "GROUP BY user_id, pick ORDER BY user_id, pick"
    )
    assert by_team == rows(
        "SELECT user_id, team, settled, staked, profit FROM app.user_team_stats "
        "ORDER BY user_id, team"
    )
    # Alice: +52.91 (DEN), -40 (BOS), +20.00 (GSW at -130 on 26.00), void on LAL.
    alice_totals = rows(
        "SELECT * FROM app.user_bet_totals WHERE user_id = CAST(:u AS uuid)", u=alice.user_id
    )[0]
    assert alice_totals.profit == Decimal("32.91")
    assert alice_totals.biggest_win == Decimal("52.91")


def test_streak_and_biggest_win_follow_the_order_of_the_games(betting_db, client):
    alice = sign_up(client, "alice")
    results = [("W1", 110, 100), ("W2", 110, 100), ("L1", 100, 110), ("L2", 100, 110)]
    for n, (game_id, _, _) in enumerate(results):
        add_game(game_id, "DEN", "LAL", TONIGHT + timedelta(hours=n), odds=(120 + n * 10, -140))
        place(alice, game_id, "DEN", "10.00")
    for n, (game_id, home, away) in enumerate(results):
        stage_result(game_id, home, away, available_at=TONIGHT + timedelta(hours=n + 3))

    clock.freeze(TONIGHT + timedelta(hours=3, minutes=30))
    run_results(trigger="schedule")
    after_one = alice.login().get("/v1/bets/summary").json
    clock.freeze(TONIGHT + timedelta(hours=10))
    run_results(trigger="schedule")
    after_all = alice.login().get("/v1/bets/summary").json

    assert after_one["streak"] == {"result": "won", "length": 1}
    assert after_all["streak"] == {"result": "lost", "length": 2}
    # W2 at +130 earns 13.00, more than W1 at +120 (12.00).
    assert after_all["biggest_win"]["game_id"] == "W2"
    assert after_all["biggest_win"]["profit"] == "13.00"


def test_the_results_function_reports_its_run_and_emits_metrics(slate, client, capsys):
    from local.functions import LambdaContext, load_handler

    alice = sign_up(client, "alice")
    place(alice, "G1", "DEN", "100.00")
    stage_result("G1", 119, 107, available_at=AVAILABLE)
    clock.freeze(AVAILABLE)
    handler = load_handler("results")
    capsys.readouterr()

    scheduled = handler(
        {"source": "aws.events", "detail-type": "Scheduled Event"}, LambdaContext("results", "1")
    )
    manual = handler({"trigger": "admin", "triggered_by": "boss"}, LambdaContext("results", "2"))

    assert scheduled["trigger"] == "schedule"
    assert (scheduled["games_finalised"], scheduled["bets_settled"]) == (1, 1)
    assert (manual["trigger"], manual["triggered_by"], manual["bets_settled"]) == (
        "admin",
        "boss",
        0,
    )
    emitted = [
        json.loads(line)
        for line in capsys.readouterr().out.splitlines()
        if line.startswith('{"_aws"')
    ]
    names = {m["Name"] for doc in emitted for m in doc["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert {"GamesFinalised", "BetsSettled", "ResultsRunDuration"} <= names
    assert emitted[0]["BetsSettled"] in (1, [1.0], 1.0)
