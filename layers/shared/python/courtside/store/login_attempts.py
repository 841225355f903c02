"""Queries on login attempts (`app.login_attempts`), the lockout's memory across containers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, select, text

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


# The two statements of every login, written out and built once: pg8000 re-reads the SQL
# text of each statement on every execution, so the short form here is measurably cheaper
# than the one SQLAlchemy would generate from nested subqueries (see bench/auth.py).
_LOGIN_STATE = text(
    "SELECT f.attempts, f.oldest_attempt, f.any_succeeded, u.user_id, u.username,"
    " u.password_hash, u.role, u.disabled_at, u.token_version"
    " FROM (SELECT count(*) AS attempts, min(r.attempted_at) AS oldest_attempt,"
    " coalesce(bool_or(r.succeeded), false) AS any_succeeded"
    " FROM (SELECT attempted_at, succeeded FROM app.login_attempts"
    " WHERE username_key = :key AND attempted_at > :since"
    " ORDER BY attempted_at DESC LIMIT :limit) r) f"
    " LEFT JOIN app.users u ON lower(u.username) = :key"
)
_ASYNC_COMMIT = text("SET LOCAL synchronous_commit TO OFF")
_RECORD_ATTEMPT = text(
    "WITH forgotten AS (DELETE FROM app.login_attempts"
    " WHERE username_key = :key AND attempted_at < :forget_before)"
    " INSERT INTO app.login_attempts (username_key, attempted_at, succeeded)"
    " VALUES (:key, :at, :succeeded)"
)


def login_state(conn: Connection, key: str, *, since: datetime, limit: int) -> Row:
    """In one round trip: the lockout figures of `key` and the account it names, if any.

    `attempts`, `oldest_attempt` and `any_succeeded` summarise the latest `limit`
    attempts after `since`; `user_id` is NULL when no account has that (lower-case) name.
    """
    return conn.execute(_LOGIN_STATE, {"key": key, "since": since, "limit": limit}).one()


def record_attempt(
    conn: Connection, key: str, *, at: datetime, succeeded: bool, forget_before: datetime
) -> None:
    """Store one attempt and forget this key's attempts older than `forget_before`.

    Committed without waiting for the WAL flush: a crash may lose the last fraction of a
    second of attempts, which costs nothing worth a disk sync on every login.
    """
    conn.execute(_ASYNC_COMMIT)
    conn.execute(
        _RECORD_ATTEMPT,
        {"key": key, "at": at, "succeeded": succeeded, "forget_before": forget_before},
    )
