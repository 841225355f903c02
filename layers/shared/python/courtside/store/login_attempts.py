"""Queries on login attempts (`app.login_attempts`), the lockout's memory across containers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, delete, select

from courtside.tables import login_attempts


def recent_attempts(conn: Connection, key: str, *, since: datetime, limit: int) -> Sequence[Row]:
    """The latest `limit` attempts on `key` after `since`, newest first."""
    statement = (
        select(login_attempts.c.attempted_at, login_attempts.c.succeeded)
        .where(login_attempts.c.username_key == key, login_attempts.c.attempted_at > since)
        .order_by(login_attempts.c.attempted_at.desc())
        .limit(limit)
    )
    return conn.execute(statement).all()


def record_attempt(
    conn: Connection, key: str, *, at: datetime, succeeded: bool, forget_before: datetime
) -> None:
    """Store one attempt and forget this key's attempts older than `forget_before`."""
    conn.execute(
        delete(login_attempts).where(
            login_attempts.c.username_key == key, login_attempts.c.attempted_at < forget_before
        )
    )
    conn.execute(
        login_attempts.insert().values(username_key=key, attempted_at=at, succeeded=succeeded)
    )
