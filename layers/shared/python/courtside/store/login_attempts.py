"""Queries on login attempts (`app.login_attempts`), the lockout's memory across containers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, delete, func, literal, select, true

from courtside.tables import login_attempts, users


def recent_attempts(conn: Connection, key: str, *, since: datetime, limit: int) -> Sequence[Row]:
    """The latest `limit` attempts on `key` after `since`, newest first."""
    statement = (
        select(login_attempts.c.attempted_at, login_attempts.c.succeeded)
        .where(login_attempts.c.username_key == key, login_attempts.c.attempted_at > since)
        .order_by(login_attempts.c.attempted_at.desc())
        .limit(limit)
    )
    return conn.execute(statement).all()


def login_state(conn: Connection, key: str, *, since: datetime, limit: int) -> Row:
    """In one round trip: the lockout figures of `key` and the account it names, if any.

    `attempts`, `oldest_attempt` and `any_succeeded` summarise the latest `limit`
    attempts after `since`; `user_id` is NULL when no account has that name.
    """
    recent = (
        select(login_attempts.c.attempted_at, login_attempts.c.succeeded)
        .where(login_attempts.c.username_key == key, login_attempts.c.attempted_at > since)
        .order_by(login_attempts.c.attempted_at.desc())
        .limit(limit)
        .subquery("recent")
    )
    figures = select(
        func.count().label("attempts"),
        func.min(recent.c.attempted_at).label("oldest_attempt"),
        func.coalesce(func.bool_or(recent.c.succeeded), False).label("any_succeeded"),
    ).subquery("figures")
    account = (
        select(
            users.c.user_id,
            users.c.username,
            users.c.password_hash,
            users.c.role,
            users.c.disabled_at,
            users.c.token_version,
        )
        .where(func.lower(users.c.username) == literal(key))
        .subquery("account")
    )
    statement = select(figures, account).select_from(figures.outerjoin(account, true()))
    return conn.execute(statement).one()


def record_attempt(
    conn: Connection, key: str, *, at: datetime, succeeded: bool, forget_before: datetime
) -> None:
    """Store one attempt and forget this key's attempts older than `forget_before` (one trip)."""
    forgotten = (
        delete(login_attempts)
        .where(login_attempts.c.username_key == key, login_attempts.c.attempted_at < forget_before)
        .returning(login_attempts.c.attempt_id)
        .cte("forgotten")
    )
    statement = (
        login_attempts.insert()
        .values(username_key=key, attempted_at=at, succeeded=succeeded)
        .add_cte(forgotten)
    )
    conn.execute(statement)
