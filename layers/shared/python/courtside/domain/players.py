"""Players: search and sort season lines, one player's seasons, and stat leaders.

Name search ignores case and accents (`jokic` finds Nikola Jokić): the query is folded
like the stored `search_name`, and every word of it must appear.
"""

from __future__ import annotations

import math
from typing import Any

from courtside import db
from courtside.domain.listing import page_of
from courtside.domain.seasons import season_or_latest
from courtside.errors import NotFound, ValidationFailed
from courtside.names import search_key
from courtside.pagination import offset_of
from courtside.schemas.players import (
    Leader,
    LeadersPage,
    PlayerDetail,
    PlayerSeason,
    PlayerSeasonPage,
    SeasonLine,
)
from courtside.store import players as store
from courtside.store.load_state import data_state
from courtside.tables import PLAYER_STATS

QUALIFYING_SHARE = 0.5
"""By default a leader must have played at least half the season's most games."""


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _line(row: Any) -> dict[str, Any]:
    line = {stat: _number(row[stat]) for stat in PLAYER_STATS}
    return {
        "season": row["season"],
        "team": row["team"],
        "position": row["position"],
        "age": row["age"],
        **line,
    }


def list_players(
    *,
    season: str | None,
    team: str | None,
    position: str | None,
    q: str | None,
    sort: str,
    order: str,
    limit: int,
    cursor: str | None,
) -> PlayerSeasonPage:
    """Season lines of a season (default: the latest): one per player, or a team's lines."""
    if sort not in store.SORTABLE:
        raise ValidationFailed(
            f"cannot sort by {sort}", code="invalid_sort", details={"field": "sort"}
        )
    offset = offset_of(cursor)
    words: list[str] = []
    if q is not None:
        words = search_key(q).split()
        if not words:
            raise ValidationFailed(
                "q must contain letters or digits", code="invalid_query", details={"field": "q"}
            )
    with db.read() as conn:
        resolved = season_or_latest(season, data_state(conn))
        rows = store.find_players(
            conn,
            season=resolved,
            team=team.upper() if team else None,
            position=position.upper() if position else None,
            words=words,
            sort=sort,
            descending=order == "desc",
            offset=offset,
            limit=limit + 1,
        )
    items = [
        PlayerSeason(player_id=row["player_id"], name=row["name"], **_line(row)) for row in rows
    ]
    return page_of(PlayerSeasonPage, items, offset=offset, limit=limit)


def get_player(player_id: str) -> PlayerDetail:
    """A player with all his season lines; 404 when unknown."""
    with db.read() as conn:
        player = store.player_by_id(conn, player_id)
        if player is None:
            raise NotFound(f"no player {player_id}", code="player_not_found")
        lines = store.lines_of(conn, player_id)
    return PlayerDetail(
        player_id=player["player_id"],
        name=player["name"],
        seasons=[SeasonLine(**_line(row)) for row in lines],
    )


def leaders(
    *, stat: str, season: str | None, min_games: int | None, limit: int, cursor: str | None
) -> LeadersPage:
    """The season's best in `stat` among players with at least `min_games` games
    (default: half the most games anyone played that season)."""
    if stat not in PLAYER_STATS:
        raise ValidationFailed(f"no stat {stat}", code="invalid_stat", details={"field": "stat"})
    offset = offset_of(cursor)
    with db.read() as conn:
        resolved = season_or_latest(season, data_state(conn))
        if min_games is None:
            most = store.most_games(conn, resolved)
            min_games = math.ceil(float(most) * QUALIFYING_SHARE) if most is not None else 0
        rows = store.leaders(
            conn,
            season=resolved,
            stat=stat,
            min_games=min_games,
            offset=offset,
            limit=limit + 1,
        )
    items = [
        Leader(
            rank=offset + index + 1,
            player_id=row["player_id"],
            name=row["name"],
            team=row["team"],
            games=_number(row["games"]),
            value=_number(row[stat]),
        )
        for index, row in enumerate(rows)
    ]
    return page_of(
        LeadersPage,
        items,
        offset=offset,
        limit=limit,
        season=resolved,
        stat=stat,
        min_games=min_games,
    )
