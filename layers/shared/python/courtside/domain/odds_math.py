"""Money and moneyline arithmetic: stakes, payouts and implied probabilities.

Money is `Decimal` with two places. American odds are integers: at +O a winning
stake S earns S*O/100, at -O it earns S*100/O; the profit is rounded to the cent
half-even and the stake comes back with it. A loss pays nothing; a void refunds the
stake. Odds strictly between -100 and +100 do not exist in the American format.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated

from pydantic import PlainSerializer

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
RATIO_PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)
PROBABILITY_PLACES = Decimal("0.0001")

Money = Annotated[Decimal, PlainSerializer(lambda value: f"{value:.2f}", return_type=str)]
"""A money amount; serialised in JSON as a string with two places ("52.91")."""


class Outcome(StrEnum):
    """How a settled bet ended."""

    WON = "won"
    LOST = "lost"
    VOID = "void"


def to_money(value: Decimal | int | str) -> Decimal:
    """`value` with exactly two places (half-even), for amounts computed elsewhere."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_EVEN)


def has_cents_only(value: Decimal) -> bool:
    """Whether `value` is finite and needs no more than two decimal places."""
    if not value.is_finite():
        return False
    try:
        return value == value.quantize(CENT, rounding=ROUND_HALF_EVEN)
    except InvalidOperation:  # more digits than the context holds: far beyond any limit
        return False


def check_odds(odds: int) -> int:
    """`odds` if it is a valid American moneyline, else ValueError."""
    if isinstance(odds, bool) or not isinstance(odds, int) or -100 < odds < 100:
        raise ValueError(f"not an American moneyline: {odds!r}")
    return odds


def profit_on_win(stake: Decimal, odds: int) -> Decimal:
    """What a winning `stake` at `odds` earns on top of the stake, to the cent half-even."""
    check_odds(odds)
    exact = stake * Decimal(odds) / HUNDRED if odds > 0 else stake * HUNDRED / Decimal(-odds)
    return exact.quantize(CENT, rounding=ROUND_HALF_EVEN)


def potential_payout(stake: Decimal, odds: int) -> Decimal:
    """What a winning bet pays back in total: the stake plus its profit."""
    return to_money(stake) + profit_on_win(stake, odds)


def payout(stake: Decimal, odds: int, outcome: Outcome) -> Decimal:
    """What a settled bet credits: stake plus profit when won, nothing when lost, the
    stake when void."""
    if outcome is Outcome.WON:
        return potential_payout(stake, odds)
    if outcome is Outcome.VOID:
        return to_money(stake)
    return ZERO


def implied_probability(odds: int) -> Decimal:
    """The win probability a moneyline implies (bookmaker margin included), 4 places."""
    check_odds(odds)
    if odds > 0:
        exact = HUNDRED / (Decimal(odds) + HUNDRED)
    else:
        exact = Decimal(-odds) / (Decimal(-odds) + HUNDRED)
    return exact.quantize(PROBABILITY_PLACES, rounding=ROUND_HALF_EVEN)


def ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    """numerator / denominator to four places half-even; None when nothing was staked."""
    if not denominator:
        return None
    value = Decimal(numerator) / Decimal(denominator)
    return value.quantize(RATIO_PLACES, rounding=ROUND_HALF_EVEN)
