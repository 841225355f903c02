"""Odds: a day's games with their latest lines, a game's snapshots, and the probabilities.

Implied probabilities include the bookmaker's margin (they sum to more than 1); the
no-vig probabilities divide each by their sum, removing the margin.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from courtside import db
from courtside.domain.listing import page_of
from courtside.domain.odds_math import implied_probability
from courtside.domain.readcache import cache
from courtside.errors import NotFound
from courtside.pagination import offset_of
from courtside.schemas.games import GameOdds, GameOddsPage, OddsLine, OddsLinePage
from courtside.store import games as game_store
from courtside.store import odds as store
from courtside.store.load_state import current_data_state

PLACES = 4


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def odds_line(
    *,
    source: str,
    captured_at: datetime,
    home_moneyline: int | None,
    away_moneyline: int | None,
    home_spread: Decimal | None,
    total: Decimal | None,
) -> OddsLine:
    """An odds snapshot with its implied and no-vig probabilities."""
    home_p = away_p = home_fair = away_fair = None
    if home_moneyline is not None and away_moneyline is not None:
        home_implied = implied_probability(home_moneyline)
        away_implied = implied_probability(away_moneyline)
        book = home_implied + away_implied
        home_p, away_p = float(home_implied), float(away_implied)
        home_fair = round(float(home_implied / book), PLACES)
        away_fair = round(float(away_implied / book), PLACES)
    return OddsLine(
        source=source,
        captured_at=captured_at,
        home_moneyline=home_moneyline,
        away_moneyline=away_moneyline,
        home_spread=_number(home_spread),
        total=_number(total),
        home_implied_probability=home_p,
        away_implied_probability=away_p,
        home_no_vig_probability=home_fair,
        away_no_vig_probability=away_fair,
    )


def latest_odds_of(row: Any) -> OddsLine | None:
    """The latest-odds columns of a `store.games` row as a line (None without a snapshot)."""
    if row["odds_source"] is None:
        return None
    return odds_line(
        source=row["odds_source"],
        captured_at=row["odds_captured_at"],
        home_moneyline=row["home_moneyline"],
        away_moneyline=row["away_moneyline"],
        home_spread=row["home_spread"],
        total=row["total"],
    )


def odds_on(day: date, *, limit: int, cursor: str | None) -> GameOddsPage:
    """Every game of `day` (tip-off order) with its latest odds."""
    offset = offset_of(cursor)
    version = current_data_state().version

    def compute() -> GameOddsPage:
        with db.read() as conn:
            where = game_store.GameFilter(day=day)
            rows = game_store.find_games(conn, where, offset=offset, limit=limit + 1)
        items = [
            GameOdds(
                game_id=row["game_id"],
                date=row["game_date"],
                tipoff_at=row["tipoff_at"],
                status=row["status"],
                home_team=row["home_team"],
                away_team=row["away_team"],
                odds=latest_odds_of(row),
            )
            for row in rows
        ]
        return page_of(GameOddsPage, items, offset=offset, limit=limit)

    return cache.get_or_compute(("odds_on", day, offset, limit), version, compute)


def snapshots(game_id: str, *, limit: int, cursor: str | None) -> OddsLinePage:
    """Every odds snapshot of a game, newest first; 404 for an unknown game."""
    offset = offset_of(cursor)
    with db.read() as conn:
        rows = store.snapshots_of(conn, game_id, offset=offset, limit=limit + 1)
        if not rows and not game_store.game_exists(conn, game_id):
            raise NotFound(f"no game {game_id}", code="game_not_found")
    items = [
        odds_line(
            source=row["source"],
            captured_at=row["captured_at"],
            home_moneyline=row["home_moneyline"],
            away_moneyline=row["away_moneyline"],
            home_spread=row["home_spread"],
            total=row["total"],
        )
        for row in rows
    ]
    return page_of(OddsLinePage, items, offset=offset, limit=limit)
