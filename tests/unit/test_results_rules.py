"""How a pending bet ends, and who started a results run (no database needed)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from courtside.domain.results import settle, winner_of
from local.functions import load_module

RESULTS_HANDLER = load_module("results")


def game(status="final", home=119, away=107):
    return SimpleNamespace(
        status=status, home_score=home, away_score=away, home_team="DEN", away_team="LAL"
    )


def bet(pick, stake="100.00", odds=-189):
    return SimpleNamespace(
        bet_id=uuid.uuid4(), user_id=uuid.uuid4(), pick=pick, stake=Decimal(stake), odds=odds
    )


def test_the_winner_of_a_final_game():
    assert winner_of(game()) == "DEN"
    assert winner_of(game(home=100, away=101)) == "LAL"


@pytest.mark.parametrize(
    "called_off",
    [
        game(status="cancelled", home=None, away=None),
        game(status="postponed"),
        game(home=99, away=99),
    ],
)
def test_no_winner_when_the_game_was_called_off_or_tied(called_off):
    assert winner_of(called_off) is None


def test_a_winning_favourite_pays_stake_plus_profit():
    settled = settle(bet("DEN"), "DEN")

    assert (settled.outcome, settled.payout, settled.profit) == (
        "won",
        Decimal("152.91"),
        Decimal("52.91"),
    )


def test_a_winning_underdog_and_a_loser():
    underdog = settle(bet("LAL", odds=161), "LAL")
    loser = settle(bet("DEN", stake="40.00"), "LAL")

    assert (underdog.payout, underdog.profit) == (Decimal("261.00"), Decimal("161.00"))
    assert (loser.outcome, loser.payout, loser.profit) == (
        "lost",
        Decimal("0.00"),
        Decimal("-40.00"),
    )


def test_no_winner_voids_the_bet_and_refunds_the_stake():
    voided = settle(bet("DEN", stake="12.34"), None)

    assert (voided.outcome, voided.payout, voided.profit) == (
        "void",
        Decimal("12.34"),
        Decimal("0"),
    )


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"source": "aws.events", "detail-type": "Scheduled Event"}, ("schedule", None)),
        ({}, ("schedule", None)),
        ({"trigger": "admin", "triggered_by": "boss"}, ("admin", "boss")),
        ({"trigger": "nonsense", "triggered_by": "x" * 100}, ("schedule", "x" * 64)),
    ],
)
def test_who_started_the_run(event, expected):
    assert RESULTS_HANDLER.trigger_of(event) == expected
