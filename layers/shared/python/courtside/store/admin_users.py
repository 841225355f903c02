"""Queries behind the admin's user management: listing with betting figures, locked changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, Row, and_, case, func, or_, select, true, update
from sqlalchemy.sql import Select

from courtside.tables import bets, users

SETTLED_PROFIT = case(
    (bets.c.status == "won", bets.c.payout - bets.c.stake),
    (bets.c.status == "lost", -bets.c.stake),
    else_=0,
)


def _users_with_figures() -> Select:
    """Users (never their password hash) with their bet count and settled profit."""
    figures = (
        select(
            func.count().filter(bets.c.status != "cancelled").label("bet_count"),
            func.coalesce(func.sum(SETTLED_PROFIT), 0).label("profit"),
        )
        .where(bets.c.user_id == users.c.user_id)
        .lateral("figures")
    )
    return select(
        users.c.user_id,
        users.c.username,
        users.c.email,
        users.c.role,
        users.c.created_at,
        users.c.disabled_at,
        users.c.balance,
        figures.c.bet_count,
        figures.c.profit,
    ).join_from(users, figures, true())


def list_users(
    conn: Connection,
    *,
    q: str | None,
    role: str | None,
    disabled: bool | None,
    offset: int,
    limit: int,
) -> Sequence[Row]:
    query = _users_with_figures().order_by(func.lower(users.c.username))
    if q:
        query = query.where(
            or_(
                users.c.username.icontains(q, autoescape=True),
                users.c.email.icontains(q, autoescape=True),
            )
        )
    if role is not None:
        query = query.where(users.c.role == role)
    if disabled is not None:
        query = query.where(
            users.c.disabled_at.is_not(None) if disabled else users.c.disabled_at.is_(None)
        )
    return conn.execute(query.offset(offset).limit(limit)).all()


def user_with_figures(conn: Connection, user_id: UUID) -> Row | None:
    return conn.execute(_users_with_figures().where(users.c.user_id == user_id)).first()


def lock_user_and_enabled_admins(conn: Connection, user_id: UUID) -> Sequence[Row]:
    """Lock the user and every enabled admin, always in user_id order (no deadlocks).

    Two admins demoting each other at the same time queue on the same rows, and the
    second one re-reads them after the first commits, so at least one admin remains.
    """
    enabled_admin = and_(users.c.role == "Admin", users.c.disabled_at.is_(None))
    query = (
        select(users.c.user_id, users.c.username, users.c.role, users.c.disabled_at)
        .where(or_(users.c.user_id == user_id, enabled_admin))
        .order_by(users.c.user_id)
        .with_for_update()
    )
    return conn.execute(query).all()


def update_user(
    conn: Connection,
    user_id: UUID,
    *,
    role: str,
    disabled_at: datetime | None,
    revoke_tokens: bool,
) -> None:
    values: dict[str, object] = {"role": role, "disabled_at": disabled_at}
    if revoke_tokens:
        values["token_version"] = users.c.token_version + 1
    conn.execute(update(users).where(users.c.user_id == user_id).values(**values))
