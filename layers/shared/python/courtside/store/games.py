"""Queries on games: schedules and results with team names and each game's latest odds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, RowMapping, Select, or_, select, true
from sqlalchemy.sql.selectable import LateralFromClause

from courtside.tables import games, odds_snapshots, teams

home = teams.alias("home")
away = teams.alias("away")


def latest_odds() -> LateralFromClause:
    """The newest odds snapshot of the outer query's game (LATERAL, at most one row)."""
    odds = odds_snapshots
    return (
        select(
            odds.c.source,
            odds.c.captured_at,
            odds.c.home_moneyline,
            odds.c.away_moneyline,
            odds.c.home_spread,
            odds.c.total,
        )
        .where(odds.c.game_id == games.c.game_id)
        .order_by(odds.c.captured_at.desc(), odds.c.snapshot_id.desc())
        .limit(1)
        .lateral("latest_odds")
    )


def _games_with_odds() -> Select[tuple[object, ...]]:
    odds = latest_odds()
    return select(
        games.c.game_id,
        games.c.season,
        games.c.season_type,
        games.c.game_date,
        games.c.tipoff_at,
        games.c.status,
        games.c.home_team,
        games.c.away_team,
        games.c.home_score,
        games.c.away_score,
        home.c.full_name.label("home_name"),
        away.c.full_name.label("away_name"),
        odds.c.source.label("odds_source"),
        odds.c.captured_at.label("odds_captured_at"),
        odds.c.home_moneyline,
        odds.c.away_moneyline,
        odds.c.home_spread,
        odds.c.total,
    ).select_from(
        games.join(home, home.c.abbreviation == games.c.home_team)
        .join(away, away.c.abbreviation == games.c.away_team)
        .outerjoin(odds, true())
    )


@dataclass(frozen=True)
class GameFilter:
    day: date | None = None
    start: date | None = None
    end: date | None = None
    team: str | None = None
    season: str | None = None
    season_type: str | None = None
    status: str | None = None


def find_games(conn: Connection, where: GameFilter, *, offset: int, limit: int) -> list[RowMapping]:
    """Games matching `where` in tip-off order, `limit` rows from `offset`."""
    conditions = []
    if where.day is not None:
        conditions.append(games.c.game_date == where.day)
    if where.start is not None:
        conditions.append(games.c.game_date >= where.start)
    if where.end is not None:
        conditions.append(games.c.game_date <= where.end)
    if where.team is not None:
        conditions.append(or_(games.c.home_team == where.team, games.c.away_team == where.team))
    if where.season is not None:
        conditions.append(games.c.season == where.season)
    if where.season_type is not None:
        conditions.append(games.c.season_type == where.season_type)
    if where.status is not None:
        conditions.append(games.c.status == where.status)
    query = (
        _games_with_odds()
        .where(*conditions)
        .order_by(games.c.tipoff_at, games.c.game_id)
        .offset(offset)
        .limit(limit)
    )
    return list(conn.execute(query).mappings())


def game_by_id(conn: Connection, game_id: str) -> RowMapping | None:
    return conn.execute(_games_with_odds().where(games.c.game_id == game_id)).mappings().first()


def game_exists(conn: Connection, game_id: str) -> bool:
    found = conn.execute(select(games.c.game_id).where(games.c.game_id == game_id)).first()
    return found is not None


def regular_season_games(conn: Connection, season: str) -> list[RowMapping]:
    """Every regular-season game of `season` (any status), in tip-off order."""
    query = (
        select(
            games.c.home_team,
            games.c.away_team,
            games.c.home_score,
            games.c.away_score,
            games.c.status,
        )
        .where(games.c.season == season, games.c.season_type == "regular")
        .order_by(games.c.tipoff_at, games.c.game_id)
    )
    return list(conn.execute(query).mappings())


def season_exists(conn: Connection, season: str) -> bool:
    found = conn.execute(select(games.c.game_id).where(games.c.season == season).limit(1))
    return found.first() is not None
