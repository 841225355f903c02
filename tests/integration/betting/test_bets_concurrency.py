"""Parallel requests of one user against Postgres: no overdraft, no second open bet."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from courtside.domain import bets
from courtside.domain.bets import BetRequest
from courtside.errors import CourtsideError
from tests.integration.betting.support import (
    T0,
    add_game,
    balance_and_ledger,
    principal_of,
    rows,
    set_setting,
    sign_up,
)

pytestmark = pytest.mark.integration

THREADS = 8


def in_parallel(calls):
    """Run the calls at the same moment on real threads; the outcome code of each."""
    outcomes = []
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()

    def run(call):
        barrier.wait()
        try:
            call()
            outcome = "ok"
        except CourtsideError as exc:
            outcome = exc.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcomes)


@pytest.fixture
def games(betting_db):
    for n in range(THREADS):
        add_game(f"G{n}", "DEN", "LAL", T0 + timedelta(hours=8 + n), odds=(-150, 130))


def test_parallel_bets_cannot_overdraw_the_balance(games, client):
    alice = sign_up(client, "alice")
    caller = principal_of(alice)
    calls = [
        (lambda n=n: bets.place_bet(caller, BetRequest(game_id=f"G{n}", pick="DEN", stake=300)))
        for n in range(THREADS)
    ]

    outcomes = in_parallel(calls)

    assert outcomes == Counter({"ok": 3, "insufficient_balance": THREADS - 3})
    balance, ledger_sum = balance_and_ledger(alice.user_id)
    assert balance == ledger_sum == Decimal("100.00")


def test_parallel_bets_on_one_game_leave_one_open_bet(games, client):
    alice = sign_up(client, "alice")
    caller = principal_of(alice)
    calls = [
        (lambda pick=pick: bets.place_bet(caller, BetRequest(game_id="G0", pick=pick, stake=10)))
        for pick in ["DEN", "LAL"] * (THREADS // 2)
    ]

    outcomes = in_parallel(calls)

    assert outcomes == Counter({"ok": 1, "duplicate_bet": THREADS - 1})
    assert len(rows("SELECT 1 FROM app.bets WHERE status = 'pending'")) == 1
    balance, ledger_sum = balance_and_ledger(alice.user_id)
    assert balance == ledger_sum == Decimal("990.00")


def test_parallel_batches_and_cancels_keep_the_ledger_exact(games, client):
    set_setting("max_stake", "1000.00")
    alice = sign_up(client, "alice")
    caller = principal_of(alice)
    first = bets.place_bet(caller, BetRequest(game_id="G0", pick="DEN", stake=250))
    bet_id = str(first.bet.bet_id)
    calls = [(lambda: bets.cancel_bet(caller, bet_id)) for _ in range(3)] + [
        (
            lambda n=n: bets.place_bets(
                caller,
                [
                    BetRequest(game_id=f"G{n}", pick="LAL", stake=200),
                    BetRequest(game_id=f"G{n + 3}", pick="DEN", stake=200),
                ],
            )
        )
        for n in (1, 2)
    ]

    outcomes = in_parallel(calls)

    # One cancel wins, the others find the bet cancelled; both batches fit once refunded
    # (750 + 250 = 1000 >= 800), or the second batch is refused when it ran first.
    assert outcomes["ok"] in (2, 3)
    assert outcomes["bet_not_pending"] == 2
    balance, ledger_sum = balance_and_ledger(alice.user_id)
    assert balance == ledger_sum
    placed = rows("SELECT stake FROM app.bets WHERE status = 'pending'")
    assert balance == Decimal("1000.00") - sum(row.stake for row in placed)
    assert balance >= 0
