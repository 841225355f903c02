"""Queries on bets, the balance they move, and the per-user aggregates a summary reads.

Lock order, shared with results processing so the two never deadlock: game rows
first (`FOR SHARE` here, an update there), then user rows, then bet rows.

Speed: each request is a handful of round trips (placing a bet: games with their odds,
the user with their open bets, then one statement writing bet, ledger and balance),
and the hot lists return instants and dates as ISO text, which `instant`/`day` parse
about a hundred times faster than the driver's own `strptime`-based conversion.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, overload

from sqlalchemy import Connection, Row, TextClause, text


def sql(statement: str) -> TextClause:
    """A statement with its whitespace collapsed: the driver scans every statement's text
    for parameters in Python on each execution, so shorter text is measurably quicker."""
    return text(" ".join(statement.split()))


BET_JSON = """json_build_object(
    'bet_id', b.bet_id, 'game_id', b.game_id, 'season', b.season, 'pick', b.pick,
    'stake', b.stake, 'odds', b.odds, 'status', b.status, 'payout', b.payout,
    'placed_at', b.placed_at, 'settled_at', b.settled_at,
    'game', (
        SELECT json_build_object(
            'game_date', g.game_date, 'tipoff_at', g.tipoff_at, 'status', g.status,
            'home_team', g.home_team, 'away_team', g.away_team,
            'home_score', g.home_score, 'away_score', g.away_score)
        FROM nba.games g WHERE g.game_id = b.game_id))"""
"""A bet with its game as one JSON object: a page of bets comes back as one text value,
which `json.loads` decodes far faster than the driver decodes rows column by column. The
game is a correlated subquery, so it is one primary-key lookup per bet of the page
whatever the number of games (a join let the planner hash the whole games table)."""

BetRecord = dict[str, Any]
"""A bet as `bets_json` decodes it (its game under "game"): money as Decimal, instants
and dates as ISO text."""

_LATEST_ODDS = """
    SELECT o.source, o.captured_at::text AS captured_at, o.home_moneyline, o.away_moneyline
    FROM nba.odds_snapshots o
    WHERE o.game_id = g.game_id
      AND o.captured_at <= :now
      AND o.home_moneyline IS NOT NULL
      AND o.away_moneyline IS NOT NULL
    ORDER BY o.captured_at DESC
    LIMIT 1
"""


@overload
def instant(value: str | datetime) -> datetime: ...


@overload
def instant(value: None) -> None: ...


def instant(value: str | datetime | None) -> datetime | None:
    """A timestamptz the query returned as text, as an aware UTC datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).astimezone(UTC)


def day(value: str | date) -> date:
    """A date the query returned as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


# ------------------------------------------------------------------ placing and cancelling


def lock_games(conn: Connection, game_ids: Iterable[str], now: datetime) -> dict[str, Row]:
    """The games by id with their latest odds known at `now` (moneylines None when there
    are none), share-locked in id order so results cannot finalise them meanwhile."""
    rows = conn.execute(
        sql(
            f"""
            SELECT g.game_id, g.season, g.game_date::text AS game_date,
                   g.tipoff_at::text AS tipoff_at, g.status, g.home_team, g.away_team,
                   o.home_moneyline, o.away_moneyline
            FROM nba.games g
            LEFT JOIN LATERAL ({_LATEST_ODDS}) AS o ON true
            WHERE g.game_id = ANY(:ids)
            ORDER BY g.game_id
            FOR SHARE OF g
            """  # noqa: S608 - a constant fragment, values are bound
        ),
        {"ids": sorted(set(game_ids)), "now": now},
    ).all()
    return {row.game_id: row for row in rows}


def lock_user(conn: Connection, user_id: uuid.UUID, game_ids: Iterable[str]) -> Row | None:
    """The user's balance, row-locked until the transaction ends, and which of `game_ids`
    they already have a pending bet on (`pending`, a list)."""
    return conn.execute(
        sql(
            """
            SELECT u.balance,
                   ARRAY(
                       SELECT b.game_id FROM app.bets b
                       WHERE b.user_id = u.user_id AND b.status = 'pending'
                         AND b.game_id = ANY(:ids)
                   ) AS pending
            FROM app.users u
            WHERE u.user_id = :user_id
            FOR UPDATE OF u
            """
        ),
        {"user_id": user_id, "ids": sorted(set(game_ids))},
    ).first()


def insert_bet(
    conn: Connection,
    *,
    bet_id: uuid.UUID,
    user_id: uuid.UUID,
    game_id: str,
    season: str,
    pick: str,
    stake: Decimal,
    odds: int,
    placed_at: datetime,
) -> Decimal:
    """Write a pending bet, its stake ledger row and the debit; returns the new balance."""
    balance: Decimal = conn.execute(
        sql(
            """
            WITH bet AS (
                INSERT INTO app.bets
                    (bet_id, user_id, game_id, season, pick, stake, odds, status, placed_at)
                VALUES (:bet_id, :user_id, :game_id, :season, :pick, :stake, :odds, 'pending',
                        :placed_at)
                RETURNING bet_id
            ), entry AS (
                INSERT INTO app.ledger (user_id, kind, amount, bet_id, created_at)
                SELECT :user_id, 'stake', -CAST(:stake AS numeric), bet_id, :placed_at FROM bet
            )
            UPDATE app.users SET balance = balance - :stake
            WHERE user_id = :user_id
            RETURNING balance
            """
        ),
        {
            "bet_id": bet_id,
            "user_id": user_id,
            "game_id": game_id,
            "season": season,
            "pick": pick,
            "stake": stake,
            "odds": odds,
            "placed_at": placed_at,
        },
    ).scalar_one()
    return balance


def refund(
    conn: Connection, *, user_id: uuid.UUID, bet_id: uuid.UUID, amount: Decimal, at: datetime
) -> Decimal:
    """Credit a refund with its ledger row; returns the new balance."""
    balance: Decimal = conn.execute(
        sql(
            """
            WITH entry AS (
                INSERT INTO app.ledger (user_id, kind, amount, bet_id, created_at)
                VALUES (:user_id, 'refund', :amount, :bet_id, :at)
            )
            UPDATE app.users SET balance = balance + :amount
            WHERE user_id = :user_id
            RETURNING balance
            """
        ),
        {"user_id": user_id, "amount": amount, "bet_id": bet_id, "at": at},
    ).scalar_one()
    return balance


def bets_json(
    conn: Connection,
    *,
    where: str,
    params: dict[str, Any],
    order: str = "b.placed_at DESC, b.bet_id DESC",
    limit: int | None = None,
) -> list[BetRecord]:
    """Bets (with their games) matching `where`, in `order`, decoded from one JSON value."""
    limit_clause = "LIMIT :limit" if limit is not None else ""
    value = conn.execute(
        sql(
            f"""
            SELECT coalesce(json_agg({BET_JSON} ORDER BY {order}), '[]')::text
            FROM (
                SELECT b.bet_id, b.game_id, b.season, b.pick, b.stake, b.odds, b.status,
                       b.payout, b.placed_at, b.settled_at
                FROM app.bets b
                WHERE {where}
                ORDER BY {order}
                {limit_clause}
            ) AS b
            """  # noqa: S608 - constant fragments, values are bound
        ),
        {**params, "limit": limit} if limit is not None else params,
    ).scalar_one()
    records: list[BetRecord] = json.loads(value, parse_float=Decimal)
    return records


def find_bet(conn: Connection, user_id: uuid.UUID, bet_id: uuid.UUID) -> BetRecord | None:
    """One of the user's bets with its game (None for another user's bet)."""
    found = bets_json(
        conn,
        where="b.bet_id = :bet_id AND b.user_id = :user_id",
        params={"bet_id": bet_id, "user_id": user_id},
    )
    return found[0] if found else None


def lock_bet(conn: Connection, user_id: uuid.UUID, bet_id: uuid.UUID) -> Row | None:
    """The bet's current status, row-locked."""
    return conn.execute(
        sql(
            "SELECT bet_id, status, stake FROM app.bets "
            "WHERE bet_id = :bet_id AND user_id = :user_id FOR UPDATE"
        ),
        {"bet_id": bet_id, "user_id": user_id},
    ).first()


def mark_cancelled(conn: Connection, bet_id: uuid.UUID, at: datetime) -> None:
    conn.execute(
        sql(
            "UPDATE app.bets SET status = 'cancelled', settled_at = :at, payout = stake "
            "WHERE bet_id = :bet_id AND status = 'pending'"
        ),
        {"bet_id": bet_id, "at": at},
    )


def bets_by_id(conn: Connection, bet_ids: Sequence[uuid.UUID]) -> dict[str, BetRecord]:
    """Bets with their games by id (the id as text)."""
    if not bet_ids:
        return {}
    found = bets_json(conn, where="b.bet_id = ANY(:ids)", params={"ids": list(bet_ids)})
    return {record["bet_id"]: record for record in found}


# ------------------------------------------------------------------ open games


def open_games(
    conn: Connection,
    *,
    user_id: uuid.UUID,
    now: datetime,
    closes_after: datetime,
    after: tuple[datetime, str] | None,
    limit: int,
) -> Sequence[Row]:
    """Scheduled games tipping off after `closes_after` with known odds, soonest first,
    with the user's pending bet on each (if any)."""
    keyset = "AND (g.tipoff_at, g.game_id) > (:after_tipoff, :after_game)" if after else ""
    params: dict[str, Any] = {
        "user_id": user_id,
        "now": now,
        "closes_after": closes_after,
        "limit": limit,
    }
    if after:
        params["after_tipoff"], params["after_game"] = after
    return conn.execute(
        sql(
            f"""
            SELECT g.game_id, g.season, g.season_type, g.game_date::text AS game_date,
                   g.tipoff_at::text AS tipoff_at, g.home_team, g.away_team,
                   o.source, o.captured_at, o.home_moneyline, o.away_moneyline,
                   b.bet_id AS my_bet_id
            FROM nba.games g
            CROSS JOIN LATERAL ({_LATEST_ODDS}) AS o
            LEFT JOIN app.bets b
              ON b.game_id = g.game_id AND b.user_id = :user_id AND b.status = 'pending'
            WHERE g.status = 'scheduled' AND g.tipoff_at > :closes_after {keyset}
            ORDER BY g.tipoff_at, g.game_id
            LIMIT :limit
            """  # noqa: S608 - constant fragments, values are bound
        ),
        params,
    ).all()


# ------------------------------------------------------------------ history


def history(
    conn: Connection,
    *,
    user_id: uuid.UUID,
    status: str | None,
    season: str | None,
    placed_from: datetime | None,
    placed_before: datetime | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[BetRecord]:
    """The user's bets newest first, keyset-paged on (placed_at, bet_id): an index range
    scan of `ix_bets_user_id_placed_at_bet_id` (or its status twin) for `limit` rows."""
    conditions = ["b.user_id = :user_id"]
    params: dict[str, Any] = {"user_id": user_id}
    if status is not None:
        conditions.append("b.status = :status")
        params["status"] = status
    if season is not None:
        # NOTE: a season filter alone walks the user's bets newest first until it reaches
        # that season (no (user_id, season, placed_at) index): fine for a few seasons.
        conditions.append("b.season = :season")
        params["season"] = season
    if placed_from is not None:
        conditions.append("b.placed_at >= :placed_from")
        params["placed_from"] = placed_from
    if placed_before is not None:
        conditions.append("b.placed_at < :placed_before")
        params["placed_before"] = placed_before
    if after is not None:
        conditions.append("(b.placed_at, b.bet_id) < (:after_placed, :after_bet)")
        params["after_placed"], params["after_bet"] = after
    return bets_json(conn, where=" AND ".join(conditions), params=params, limit=limit)


def all_bets(conn: Connection, user_id: uuid.UUID) -> list[BetRecord]:
    """Every bet of the user, oldest first (for the CSV export)."""
    return bets_json(
        conn,
        where="b.user_id = :user_id",
        params={"user_id": user_id},
        order="b.placed_at, b.bet_id",
    )


# ------------------------------------------------------------------ summary


def summary(conn: Connection, user_id: uuid.UUID) -> dict[str, Any] | None:
    """Everything a summary shows, in one round trip: balance, totals, streak, biggest win
    (with its bet), pending bets, per-team records and the daily profit series.

    Reads only the per-user aggregates and the user's pending bets, never their settled
    bets. `teams` and `daily` are lists of dicts with Decimal money.
    """
    row = conn.execute(
        sql(
            """
            SELECT u.balance,
                   t.settled, t.won, t.lost, t.voided, t.staked, t.profit,
                   t.streak_result, t.streak_length, t.biggest_win,
                   w.bet_id AS biggest_bet_id, w.game_id AS biggest_game_id,
                   w.pick AS biggest_pick, w.odds AS biggest_odds, w.stake AS biggest_stake,
                   w.settled_at::text AS biggest_settled_at,
                   p.pending, p.pending_stake,
                   (
                       SELECT coalesce(json_agg(json_build_object(
                           'team', s.team, 'settled', s.settled, 'won', s.won,
                           'lost', s.lost, 'staked', s.staked, 'profit', s.profit)
                           ORDER BY s.profit DESC, s.team), '[]')
                       FROM app.user_team_stats s WHERE s.user_id = u.user_id
                   )::text AS teams,
                   (
                       SELECT coalesce(json_agg(json_build_object(
                           'day', d.day, 'settled', d.settled, 'won', d.won, 'lost', d.lost,
                           'profit', d.profit, 'cumulative_profit', d.cumulative_profit)
                           ORDER BY d.day), '[]')
                       FROM (
                           SELECT day, settled, won, lost, profit,
                                  sum(profit) OVER (ORDER BY day) AS cumulative_profit
                           FROM app.user_daily_profit WHERE user_id = u.user_id
                       ) AS d
                   )::text AS daily
            FROM app.users u
            LEFT JOIN app.user_bet_totals t ON t.user_id = u.user_id
            LEFT JOIN app.bets w ON w.bet_id = t.biggest_win_bet_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS pending, coalesce(sum(stake), 0) AS pending_stake
                FROM app.bets WHERE user_id = u.user_id AND status = 'pending'
            ) AS p
            WHERE u.user_id = :user_id
            """
        ),
        {"user_id": user_id},
    ).first()
    if row is None:
        return None
    values = row._asdict()
    values["teams"] = json.loads(row.teams, parse_float=Decimal)
    values["daily"] = json.loads(row.daily, parse_float=Decimal)
    values["biggest_settled_at"] = instant(row.biggest_settled_at)
    return values
