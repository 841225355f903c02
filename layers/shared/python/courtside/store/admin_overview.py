"""Aggregate queries behind the admin overview: users, bets and how fresh the data is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Row, func, select

from courtside.tables import bets, games, odds_snapshots, staged_results, users


def user_counts(conn: Connection, *, since: datetime) -> Row:
    query = select(
        func.count().label("total"),
        func.count().filter(users.c.created_at >= since).label("new"),
        func.count().filter(users.c.role == "Admin").label("admins"),
        func.count().filter(users.c.disabled_at.is_not(None)).label("disabled"),
    ).select_from(users)
    return conn.execute(query).one()


def bet_counts(conn: Connection) -> Row:
    placed = bets.c.status != "cancelled"
    query = select(
        func.count().filter(bets.c.status == "pending").label("open"),
        func.coalesce(func.sum(bets.c.stake).filter(bets.c.status == "pending"), 0).label(
            "open_stake"
        ),
        func.count().filter(bets.c.status.in_(("won", "lost", "void"))).label("settled"),
        func.count().filter(bets.c.status == "cancelled").label("cancelled"),
        func.coalesce(func.sum(bets.c.stake).filter(placed), 0).label("volume"),
    ).select_from(bets)
    return conn.execute(query).one()


def latest_final_game(conn: Connection) -> Row | None:
    query = (
        select(games.c.game_id, games.c.tipoff_at, games.c.home_team, games.c.away_team)
        .where(games.c.status == "final")
        .order_by(games.c.tipoff_at.desc())
        .limit(1)
    )
    return conn.execute(query).first()


def data_freshness(conn: Connection) -> Row:
    pending = select(func.count()).where(staged_results.c.processed_at.is_(None))
    query = select(
        select(func.max(games.c.updated_at)).scalar_subquery().label("games_updated_at"),
        select(func.max(games.c.tipoff_at))
        .where(games.c.status == "scheduled")
        .scalar_subquery()
        .label("last_scheduled_tipoff"),
        select(func.max(odds_snapshots.c.captured_at))
        .scalar_subquery()
        .label("latest_odds_captured_at"),
        pending.scalar_subquery().label("staged_results_pending"),
    )
    return conn.execute(query).one()
