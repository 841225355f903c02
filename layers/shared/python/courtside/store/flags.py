"""Queries on feature flags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, delete, select, update
from sqlalchemy.dialects.postgresql import insert

from courtside.tables import feature_flags


def list_flags(conn: Connection) -> Sequence[Row]:
    return conn.execute(select(feature_flags).order_by(feature_flags.c.name)).all()


def lock_flag(conn: Connection, name: str) -> Row | None:
    """The stored flag, locked until the end of the transaction (None when not stored)."""
    query = select(feature_flags).where(feature_flags.c.name == name).with_for_update()
    return conn.execute(query).first()


def insert_flag(
    conn: Connection,
    *,
    name: str,
    description: str,
    enabled: bool,
    updated_by: str | None,
    updated_at: datetime,
) -> Row | None:
    """Store a new flag; None when one of that name is already stored."""
    statement = (
        insert(feature_flags)
        .values(
            name=name,
            description=description,
            enabled=enabled,
            updated_by=updated_by,
            updated_at=updated_at,
        )
        .on_conflict_do_nothing(index_elements=[feature_flags.c.name])
        .returning(*feature_flags.c)
    )
    return conn.execute(statement).first()


def update_flag(
    conn: Connection,
    name: str,
    *,
    description: str,
    enabled: bool,
    updated_by: str,
    updated_at: datetime,
) -> Row:
    statement = (
        update(feature_flags)
        .where(feature_flags.c.name == name)
        .values(
            description=description,
            enabled=enabled,
            updated_by=updated_by,
            updated_at=updated_at,
        )
        .returning(*feature_flags.c)
    )
    return conn.execute(statement).one()


def delete_flag(conn: Connection, name: str) -> Row | None:
    statement = (
        delete(feature_flags).where(feature_flags.c.name == name).returning(*feature_flags.c)
    )
    return conn.execute(statement).first()
