"""Payout and probability rules of American moneylines, by example and by property."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtside.domain.odds_math import (
    Outcome,
    has_cents_only,
    implied_probability,
    payout,
    potential_payout,
    profit_on_win,
)

stakes = st.integers(min_value=1, max_value=100_000_00).map(lambda cents: Decimal(cents) / 100)
favourites = st.integers(min_value=-100_000, max_value=-100)
underdogs = st.integers(min_value=100, max_value=100_000)
any_odds = st.one_of(favourites, underdogs)


def test_opener_examples_from_the_data_contract():
    assert profit_on_win(Decimal("100.00"), -189) == Decimal("52.91")
    assert profit_on_win(Decimal("100.00"), 161) == Decimal("161.00")
    assert potential_payout(Decimal("100.00"), -189) == Decimal("152.91")
    assert potential_payout(Decimal("100.00"), 161) == Decimal("261.00")


def test_half_even_rounding_on_an_exact_half_cent():
    # 0.25 at +110 earns exactly 0.275 -> 0.28 (8 is even); 0.15 at +110 earns 0.165 -> 0.16.
    assert profit_on_win(Decimal("0.25"), 110) == Decimal("0.28")
    assert profit_on_win(Decimal("0.15"), 110) == Decimal("0.16")
    # 1.00 at -800 earns exactly 0.125 -> 0.12, where half-up would give 0.13.
    assert profit_on_win(Decimal("1.00"), -800) == Decimal("0.12")


def test_even_money_both_ways():
    assert profit_on_win(Decimal("37.45"), 100) == Decimal("37.45")
    assert profit_on_win(Decimal("37.45"), -100) == Decimal("37.45")


@pytest.mark.parametrize("odds", [0, 1, 99, -99, -1, 50])
def test_odds_inside_the_gap_are_refused(odds):
    with pytest.raises(ValueError):
        profit_on_win(Decimal("10.00"), odds)
    with pytest.raises(ValueError):
        implied_probability(odds)


def test_implied_probability_examples():
    assert implied_probability(-189) == Decimal("0.6540")
    assert implied_probability(161) == Decimal("0.3831")
    assert implied_probability(100) == Decimal("0.5000")
    assert implied_probability(-100) == Decimal("0.5000")


def _exact_profit(stake: Decimal, odds: int) -> Fraction:
    if odds > 0:
        return Fraction(stake) * odds / 100
    return Fraction(stake) * 100 / -odds


@given(stake=stakes, odds=any_odds)
def test_profit_is_the_exact_rule_rounded_half_even_to_the_cent(stake, odds):
    profit = profit_on_win(stake, odds)
    exact = _exact_profit(stake, odds)

    assert profit.as_tuple().exponent == -2
    assert abs(Fraction(profit) - exact) <= Fraction(1, 200)
    if abs(Fraction(profit) - exact) == Fraction(1, 200):
        # A tie goes to the even cent.
        assert int(profit * 100) % 2 == 0
    expected = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert profit == expected.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@given(stake=stakes, odds=any_odds)
def test_outcomes_pay_stake_plus_profit_nothing_or_the_stake(stake, odds):
    assert payout(stake, odds, Outcome.WON) == stake + profit_on_win(stake, odds)
    assert payout(stake, odds, Outcome.LOST) == Decimal("0.00")
    assert payout(stake, odds, Outcome.VOID) == stake
    for outcome in Outcome:
        assert has_cents_only(payout(stake, odds, outcome))


@given(stake=stakes, odds=favourites)
def test_a_favourite_never_earns_more_than_the_stake(stake, odds):
    assert Decimal("0.00") <= profit_on_win(stake, odds) <= stake


@given(stake=stakes, odds=underdogs)
def test_an_underdog_earns_at_least_the_stake(stake, odds):
    assert profit_on_win(stake, odds) >= stake


@given(stake=stakes, low=underdogs, high=underdogs)
def test_longer_odds_never_pay_less(stake, low, high):
    low, high = sorted((low, high))
    assert profit_on_win(stake, low) <= profit_on_win(stake, high)


@given(odds=any_odds)
def test_implied_probability_is_a_probability_and_favourites_are_above_half(odds):
    probability = implied_probability(odds)
    assert Decimal(0) < probability < Decimal(1)
    if odds < -100:
        assert probability > Decimal("0.5")
    if odds > 100:
        assert probability < Decimal("0.5")


@given(odds=underdogs)
def test_fair_odds_of_both_sides_sum_to_one(odds):
    # +O and -O on the two sides of a line with no margin imply probabilities summing to 1.
    total = Fraction(100, odds + 100) + Fraction(odds, odds + 100)
    assert total == 1
    assert abs(implied_probability(odds) + implied_probability(-odds) - 1) <= Decimal("0.0001")


def test_cents_only_check():
    assert has_cents_only(Decimal("10"))
    assert has_cents_only(Decimal("10.5"))
    assert has_cents_only(Decimal("10.50"))
    assert not has_cents_only(Decimal("10.505"))
    assert not has_cents_only(Decimal("NaN"))
    assert not has_cents_only(Decimal("Infinity"))
