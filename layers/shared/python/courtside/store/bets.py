"""Queries on bets, the balance they move, and the per-user aggregates a summary reads.

Lock order, shared with results processing so the two never deadlock: game rows
first (`FOR SHARE` here, an update there), then user rows, then bet rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, text

BET_COLUMNS = """
    b.bet_id, b.user_id, b.game_id, b.season, b.pick, b.stake, b.odds, b.status, b.payout,
    b.placed_at, b.settled_at,
    g.game_date, g.tipoff_at, g.status AS game_status, g.home_team, g.away_team,
    g.home_score, g.away_score
"""

_LATEST_ODDS = """
    SELECT o.source, o.captured_at, o.home_moneyline, o.away_moneyline
    FROM nba.odds_snapshots o
    WHERE o.game_id = g.game_id
      AND o.captured_at <= :now
      AND o.home_moneyline IS NOT NULL
      AND o.away_moneyline IS NOT NULL
    ORDER BY o.captured_at DESC
    LIMIT 1
"""


# ------------------------------------------------------------------ placing and cancelling


def lock_games(conn: Connection, game_ids: Iterable[str]) -> dict[str, Row]:
    """The games by id, share-locked (in id order) so results cannot finalise them meanwhile."""
    ids = sorted(set(game_ids))
    rows = conn.execute(
        text(
            """
            SELECT game_id, season, game_date, tipoff_at, status, home_team, away_team
            FROM nba.games WHERE game_id = ANY(:ids)
            ORDER BY game_id
            FOR SHARE
            """
        ),
        {"ids": ids},
    ).all()
    return {row.game_id: row for row in rows}


def latest_odds(conn: Connection, game_ids: Iterable[str], now: datetime) -> dict[str, Row]:
    """The latest snapshot captured by `now` with both moneylines, per game."""
    rows = conn.execute(
        text(
            f"""
            SELECT g.game_id, o.*
            FROM unnest(CAST(:ids AS text[])) AS g(game_id)
            CROSS JOIN LATERAL ({_LATEST_ODDS}) AS o
            """  # noqa: S608 - a constant fragment, values are bound
        ),
        {"ids": sorted(set(game_ids)), "now": now},
    ).all()
    return {row.game_id: row for row in rows}


def lock_user(conn: Connection, user_id: uuid.UUID) -> Row | None:
    """The user's balance, row-locked until the transaction ends."""
    return conn.execute(
        text("SELECT user_id, balance FROM app.users WHERE user_id = :user_id FOR UPDATE"),
        {"user_id": user_id},
    ).first()


def pending_game_ids(conn: Connection, user_id: uuid.UUID, game_ids: Iterable[str]) -> set[str]:
    """Which of `game_ids` the user already has a pending bet on."""
    rows = conn.execute(
        text(
            """
            SELECT game_id FROM app.bets
            WHERE user_id = :user_id AND status = 'pending' AND game_id = ANY(:ids)
            """
        ),
        {"user_id": user_id, "ids": sorted(set(game_ids))},
    )
    return {row.game_id for row in rows}


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
) -> None:
    conn.execute(
        text(
            """
            INSERT INTO app.bets
                (bet_id, user_id, game_id, season, pick, stake, odds, status, placed_at)
            VALUES (:bet_id, :user_id, :game_id, :season, :pick, :stake, :odds, 'pending',
                    :placed_at)
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
    )


def add_ledger_entry(
    conn: Connection,
    *,
    user_id: uuid.UUID,
    kind: str,
    amount: Decimal,
    bet_id: uuid.UUID | None,
    at: datetime,
) -> Decimal:
    """Record a balance change and apply it; returns the new balance."""
    conn.execute(
        text(
            """
            INSERT INTO app.ledger (user_id, kind, amount, bet_id, created_at)
            VALUES (:user_id, :kind, :amount, :bet_id, :at)
            """
        ),
        {"user_id": user_id, "kind": kind, "amount": amount, "bet_id": bet_id, "at": at},
    )
    balance: Decimal = conn.execute(
        text(
            "UPDATE app.users SET balance = balance + :amount WHERE user_id = :user_id "
            "RETURNING balance"
        ),
        {"user_id": user_id, "amount": amount},
    ).scalar_one()
    return balance


def find_bet(conn: Connection, user_id: uuid.UUID, bet_id: uuid.UUID) -> Row | None:
    """One of the user's bets with its game (None for another user's bet)."""
    return conn.execute(
        text(
            f"""
            SELECT {BET_COLUMNS}
            FROM app.bets b JOIN nba.games g ON g.game_id = b.game_id
            WHERE b.bet_id = :bet_id AND b.user_id = :user_id
            """  # noqa: S608 - a constant column list, values are bound
        ),
        {"bet_id": bet_id, "user_id": user_id},
    ).first()


def lock_bet(conn: Connection, user_id: uuid.UUID, bet_id: uuid.UUID) -> Row | None:
    """The bet's current status, row-locked."""
    return conn.execute(
        text(
            "SELECT bet_id, status, stake FROM app.bets "
            "WHERE bet_id = :bet_id AND user_id = :user_id FOR UPDATE"
        ),
        {"bet_id": bet_id, "user_id": user_id},
    ).first()


def mark_cancelled(conn: Connection, bet_id: uuid.UUID, at: datetime) -> None:
    conn.execute(
        text(
            "UPDATE app.bets SET status = 'cancelled', settled_at = :at, payout = stake "
            "WHERE bet_id = :bet_id AND status = 'pending'"
        ),
        {"bet_id": bet_id, "at": at},
    )


def bets_by_id(conn: Connection, bet_ids: Sequence[uuid.UUID]) -> Sequence[Row]:
    """Bets with their games, in the order of `bet_ids`."""
    rows = conn.execute(
        text(
            f"""
            SELECT {BET_COLUMNS}
            FROM app.bets b JOIN nba.games g ON g.game_id = b.game_id
            WHERE b.bet_id = ANY(:ids)
            """  # noqa: S608 - a constant column list, values are bound
        ),
        {"ids": list(bet_ids)},
    ).all()
    by_id = {row.bet_id: row for row in rows}
    return [by_id[bet_id] for bet_id in bet_ids]


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
        text(
            f"""
            SELECT g.game_id, g.season, g.season_type, g.game_date, g.tipoff_at,
                   g.home_team, g.away_team,
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
) -> Sequence[Row]:
    """The user's bets newest first, keyset-paged on (placed_at, bet_id)."""
    conditions = ["b.user_id = :user_id"]
    params: dict[str, Any] = {"user_id": user_id, "limit": limit}
    if status is not None:
        conditions.append("b.status = :status")
        params["status"] = status
    if season is not None:
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
    where = " AND ".join(conditions)
    return conn.execute(
        text(
            f"""
            SELECT {BET_COLUMNS}
            FROM app.bets b JOIN nba.games g ON g.game_id = b.game_id
            WHERE {where}
            ORDER BY b.placed_at DESC, b.bet_id DESC
            LIMIT :limit
            """  # noqa: S608 - constant fragments, values are bound
        ),
        params,
    ).all()


def all_bets(conn: Connection, user_id: uuid.UUID) -> Iterable[Row]:
    """Every bet of the user, oldest first (for the CSV export)."""
    result = conn.execute(
        text(
            f"""
            SELECT {BET_COLUMNS}
            FROM app.bets b JOIN nba.games g ON g.game_id = b.game_id
            WHERE b.user_id = :user_id
            ORDER BY b.placed_at, b.bet_id
            """  # noqa: S608 - a constant column list, values are bound
        ),
        {"user_id": user_id},
    )
    return result.all()


# ------------------------------------------------------------------ summary


def balance_of(conn: Connection, user_id: uuid.UUID) -> Decimal | None:
    value: Decimal | None = conn.execute(
        text("SELECT balance FROM app.users WHERE user_id = :user_id"), {"user_id": user_id}
    ).scalar_one_or_none()
    return value


def totals(conn: Connection, user_id: uuid.UUID) -> Row | None:
    """The user's settled-bet totals, streak and biggest win (with that bet's game)."""
    return conn.execute(
        text(
            """
            SELECT t.settled, t.won, t.lost, t.voided, t.staked, t.profit,
                   t.streak_result, t.streak_length,
                   t.biggest_win, b.bet_id AS biggest_bet_id, b.game_id AS biggest_game_id,
                   b.pick AS biggest_pick, b.odds AS biggest_odds, b.stake AS biggest_stake,
                   b.settled_at AS biggest_settled_at
            FROM app.user_bet_totals t
            LEFT JOIN app.bets b ON b.bet_id = t.biggest_win_bet_id
            WHERE t.user_id = :user_id
            """
        ),
        {"user_id": user_id},
    ).first()


def pending_totals(conn: Connection, user_id: uuid.UUID) -> Row:
    """How many bets are pending and how much they stake."""
    return conn.execute(
        text(
            """
            SELECT count(*) AS pending, coalesce(sum(stake), 0) AS pending_stake
            FROM app.bets WHERE user_id = :user_id AND status = 'pending'
            """
        ),
        {"user_id": user_id},
    ).one()


def team_records(conn: Connection, user_id: uuid.UUID) -> Sequence[Row]:
    return conn.execute(
        text(
            """
            SELECT team, settled, won, lost, staked, profit
            FROM app.user_team_stats WHERE user_id = :user_id
            ORDER BY profit DESC, team
            """
        ),
        {"user_id": user_id},
    ).all()


def daily_profit(conn: Connection, user_id: uuid.UUID) -> Sequence[Row]:
    """Profit per game day with its running total, oldest first."""
    return conn.execute(
        text(
            """
            SELECT day, settled, won, lost, profit,
                   sum(profit) OVER (ORDER BY day) AS cumulative_profit
            FROM app.user_daily_profit WHERE user_id = :user_id
            ORDER BY day
            """
        ),
        {"user_id": user_id},
    ).all()
