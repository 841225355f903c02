"""Queries on players and their season lines."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    Connection,
    RowMapping,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from courtside.tables import PLAYER_STATS, player_seasons, players

TOTALS = "TOT"
SORTABLE = ("name", "age", *PLAYER_STATS)
"""Columns `find_players` can sort by (`name` sorts on the accent-free form)."""

_totals = player_seasons.alias("totals")


def _headline():
    """A player's one line per season: his TOT line if traded, else his only team's."""
    has_totals = exists().where(
        _totals.c.player_id == player_seasons.c.player_id,
        _totals.c.season == player_seasons.c.season,
        _totals.c.team == TOTALS,
    )
    return or_(player_seasons.c.team == TOTALS, ~has_totals)


def _lines():
    return select(players.c.player_id, players.c.name, player_seasons).select_from(
        player_seasons.join(players, players.c.player_id == player_seasons.c.player_id)
    )


def find_players(
    conn: Connection,
    *,
    season: str,
    team: str | None,
    position: str | None,
    words: list[str],
    sort: str,
    descending: bool,
    offset: int,
    limit: int,
) -> list[RowMapping]:
    """Season lines matching the filters; without `team`, one headline line per player."""
    query = _lines().where(player_seasons.c.season == season)
    query = query.where(player_seasons.c.team == team) if team else query.where(_headline())
    if position:
        positions = func.string_to_array(player_seasons.c.position, "-", type_=ARRAY(String))
        query = query.where(literal(position).op("=")(func.any(positions)))
    for word in words:
        query = query.where(players.c.search_name.contains(word, autoescape=True))
    column = players.c.search_name if sort == "name" else player_seasons.c[sort]
    ordered = column.desc().nulls_last() if descending else column.asc().nulls_last()
    query = query.order_by(ordered, players.c.player_id).offset(offset).limit(limit)
    return list(conn.execute(query).mappings())


def player_by_id(conn: Connection, player_id: str) -> RowMapping | None:
    query = select(players).where(players.c.player_id == player_id)
    return conn.execute(query).mappings().first()


def lines_of(conn: Connection, player_id: str) -> list[RowMapping]:
    """All season lines of a player: newest season first, TOT before his teams."""
    query = (
        select(player_seasons)
        .where(player_seasons.c.player_id == player_id)
        .order_by(
            player_seasons.c.season.desc(),
            case((player_seasons.c.team == TOTALS, 0), else_=1),
            player_seasons.c.team,
        )
    )
    return list(conn.execute(query).mappings())


def most_games(conn: Connection, season: str) -> Decimal | None:
    """The most games anyone played in `season` (the base of the leaders' qualification)."""
    query = select(func.max(player_seasons.c.games)).where(player_seasons.c.season == season)
    value: Decimal | None = conn.execute(query).scalar()
    return value


def leaders(
    conn: Connection, *, season: str, stat: str, min_games: int, offset: int, limit: int
) -> list[RowMapping]:
    """Headline lines of `season` ranked by `stat` (highest first) among qualified players."""
    column = player_seasons.c[stat]
    query = (
        _lines()
        .where(
            and_(
                player_seasons.c.season == season,
                _headline(),
                player_seasons.c.games >= cast(min_games, player_seasons.c.games.type),
                column.is_not(None),
            )
        )
        .order_by(column.desc(), players.c.player_id)
        .offset(offset)
        .limit(limit)
    )
    return list(conn.execute(query).mappings())
