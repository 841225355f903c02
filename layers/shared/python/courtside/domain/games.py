"""Games: the schedule and results, filtered and paginated, each with its latest odds."""

from __future__ import annotations

from datetime import date
from typing import Any

from courtside import db
from courtside.domain.listing import page_of
from courtside.domain.odds import latest_odds_of
from courtside.domain.readcache import cache
from courtside.domain.seasons import season_or_latest
from courtside.errors import NotFound, ValidationFailed
from courtside.pagination import offset_of
from courtside.schemas.games import Game, GamePage, GameSide
from courtside.store import games as store
from courtside.store.load_state import current_data_state


def game_from_row(row: Any) -> Game:
    home_score, away_score = row["home_score"], row["away_score"]
    winner = None
    if row["status"] == "final" and home_score is not None and away_score is not None:
        winner = row["home_team"] if home_score > away_score else row["away_team"]
    return Game(
        game_id=row["game_id"],
        season=row["season"],
        season_type=row["season_type"],
        date=row["game_date"],
        tipoff_at=row["tipoff_at"],
        status=row["status"],
        home=GameSide(team=row["home_team"], name=row["home_name"], score=home_score),
        away=GameSide(team=row["away_team"], name=row["away_name"], score=away_score),
        winner=winner,
        odds=latest_odds_of(row),
    )


def list_games(
    *,
    day: date | None = None,
    start: date | None = None,
    end: date | None = None,
    team: str | None = None,
    season: str | None = None,
    season_type: str | None = None,
    status: str | None = None,
    limit: int,
    cursor: str | None,
) -> GamePage:
    """Games in tip-off order. Without a date, range or season: the latest season's games."""
    if start is not None and end is not None and start > end:
        raise ValidationFailed(
            "from must not be after to", code="invalid_range", details={"field": "from"}
        )
    if day is not None and (start is not None or end is not None):
        raise ValidationFailed(
            "give either date or from/to, not both", code="invalid_range", details={"field": "date"}
        )
    offset = offset_of(cursor)
    state = current_data_state()
    dated = day is not None or start is not None or end is not None
    if season is None and not dated:
        season = season_or_latest(None, state)
    where = store.GameFilter(
        day=day,
        start=start,
        end=end,
        team=team.upper() if team else None,
        season=season,
        season_type=season_type,
        status=status,
    )

    def compute() -> GamePage:
        with db.read() as conn:
            rows = store.find_games(conn, where, offset=offset, limit=limit + 1)
        items = [game_from_row(row) for row in rows]
        return page_of(GamePage, items, offset=offset, limit=limit)

    return cache.get_or_compute(("games", where, offset, limit), state.version, compute)


def get_game(game_id: str) -> Game:
    """One game with its latest odds; 404 when unknown."""
    with db.read() as conn:
        row = store.game_by_id(conn, game_id)
    if row is None:
        raise NotFound(f"no game {game_id}", code="game_not_found")
    return game_from_row(row)
