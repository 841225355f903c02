"""Queries behind the public predictions: picks per game and the season leaderboard."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import Connection, Row

from courtside.store.bets import sql

LEADERBOARD_ORDER = {
    # Each matches an index on app.user_season_stats read backwards (see tables.py).
    "profit": "s.profit DESC, s.user_id DESC",
    "accuracy": "s.accuracy DESC, s.settled DESC, s.user_id DESC",
}


def game(conn: Connection, game_id: str) -> Row | None:
    return conn.execute(
        sql(
            """
            SELECT game_id, season, tipoff_at, status, home_team, away_team,
                   home_score, away_score
            FROM nba.games WHERE game_id = :game_id
            """
        ),
        {"game_id": game_id},
    ).first()


def picks(conn: Connection, game_id: str) -> Sequence[Row]:
    """Users and stake per picked team (cancelled bets do not count)."""
    return conn.execute(
        sql(
            """
            SELECT pick, count(DISTINCT user_id) AS users, sum(stake) AS stake
            FROM app.bets
            WHERE game_id = :game_id AND status <> 'cancelled'
            GROUP BY pick
            """
        ),
        {"game_id": game_id},
    ).all()


LeaderboardLine = tuple[str, int, int, int, Decimal, Decimal]
"""username, settled, won, lost, staked, profit."""


def leaderboard(
    conn: Connection, *, season: str | None, by: str, min_bets: int, offset: int, limit: int
) -> tuple[str | None, list[LeaderboardLine]]:
    """The season (the latest when None) and one page of its ranking of active users with
    at least `min_bets` settled bets, in one round trip (the page as one JSON value)."""
    order = LEADERBOARD_ORDER[by]
    row = conn.execute(
        sql(
            f"""
            WITH chosen AS (
                SELECT coalesce(CAST(:season AS text), (SELECT max(season) FROM nba.games))
                       AS season
            )
            SELECT chosen.season, (
                SELECT coalesce(json_agg(json_build_array(
                    s.username, s.settled, s.won, s.lost, s.staked, s.profit) ORDER BY {order}),
                    '[]')
                FROM (
                    SELECT u.username, s.user_id, s.settled, s.won, s.lost, s.staked, s.profit,
                           s.accuracy
                    FROM app.user_season_stats s
                    JOIN app.users u ON u.user_id = s.user_id
                    WHERE s.season = chosen.season AND s.settled >= :min_bets
                      AND u.disabled_at IS NULL
                    ORDER BY {order}
                    LIMIT :limit OFFSET :offset
                ) AS s
            )::text AS board
            FROM chosen
            """  # noqa: S608 - the order is one of two constants
        ),
        {"season": season, "min_bets": min_bets, "limit": limit, "offset": offset},
    ).one()
    lines = [tuple(line) for line in json.loads(row.board, parse_float=Decimal)]
    return row.season, lines
