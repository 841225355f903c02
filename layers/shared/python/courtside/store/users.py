"""Queries on accounts (`app.users`) and their opening ledger entry."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, Row, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert

from courtside.tables import ledger, users

PUBLIC_COLUMNS = (
    users.c.user_id,
    users.c.username,
    users.c.email,
    users.c.role,
    users.c.created_at,
    users.c.disabled_at,
    users.c.token_version,
    users.c.balance,
)


def insert_user(
    conn: Connection,
    *,
    user_id: uuid.UUID,
    username: str,
    email: str | None,
    password_hash: str,
    role: str,
    created_at: datetime,
    balance: Decimal,
) -> Row | None:
    """Insert an account; None when the username (ignoring case) is taken."""
    statement = (
        insert(users)
        .values(
            user_id=user_id,
            username=username,
            email=email,
            password_hash=password_hash,
            role=role,
            created_at=created_at,
            balance=balance,
        )
        .on_conflict_do_nothing()
        .returning(*PUBLIC_COLUMNS)
    )
    return conn.execute(statement).first()


def insert_opening_entry(
    conn: Connection, *, user_id: uuid.UUID, amount: Decimal, at: datetime
) -> None:
    """The ledger row of a new account's starting bankroll."""
    conn.execute(
        ledger.insert().values(user_id=user_id, kind="opening", amount=amount, created_at=at)
    )


def credentials_by_id(conn: Connection, user_id: uuid.UUID) -> Row | None:
    """user_id, username and password_hash of one account."""
    statement = select(users.c.user_id, users.c.username, users.c.password_hash).where(
        users.c.user_id == user_id
    )
    return conn.execute(statement).first()


def get_user(conn: Connection, user_id: uuid.UUID) -> Row | None:
    statement = select(*PUBLIC_COLUMNS).where(users.c.user_id == user_id)
    return conn.execute(statement).first()


def get_user_by_name(conn: Connection, username: str) -> Row | None:
    statement = select(*PUBLIC_COLUMNS).where(func.lower(users.c.username) == username.lower())
    return conn.execute(statement).first()


_STATE = select(users.c.role, users.c.disabled_at, users.c.token_version).where(
    users.c.user_id == bindparam("user_id")
)


def get_state(conn: Connection, user_id: uuid.UUID) -> Row | None:
    """The cheap row every authenticated request re-checks: role, disabled_at, token_version.

    The statement is built once (it runs on every user and admin request).
    """
    return conn.execute(_STATE, {"user_id": user_id}).first()


def update_email(conn: Connection, user_id: uuid.UUID, email: str | None) -> Row | None:
    statement = (
        update(users)
        .where(users.c.user_id == user_id)
        .values(email=email)
        .returning(*PUBLIC_COLUMNS)
    )
    return conn.execute(statement).first()


def update_password(conn: Connection, user_id: uuid.UUID, password_hash: str) -> Row | None:
    """Store a new hash and revoke every earlier token (bumps token_version)."""
    statement = (
        update(users)
        .where(users.c.user_id == user_id)
        .values(password_hash=password_hash, token_version=users.c.token_version + 1)
        .returning(*PUBLIC_COLUMNS)
    )
    return conn.execute(statement).first()


def bump_token_version(conn: Connection, user_id: uuid.UUID) -> Row | None:
    """Revoke every token issued so far."""
    statement = (
        update(users)
        .where(users.c.user_id == user_id)
        .values(token_version=users.c.token_version + 1)
        .returning(*PUBLIC_COLUMNS)
    )
    return conn.execute(statement).first()


def set_role(conn: Connection, user_id: uuid.UUID, role: str) -> Row | None:
    """Change the role and revoke every earlier token."""
    statement = (
        update(users)
        .where(users.c.user_id == user_id)
        .values(role=role, token_version=users.c.token_version + 1)
        .returning(*PUBLIC_COLUMNS)
    )
    return conn.execute(statement).first()
