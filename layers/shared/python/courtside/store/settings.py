"""Queries that change stored project settings (reads for the cache are in `store.config`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, select, text
from sqlalchemy.dialects.postgresql import insert

from courtside.tables import settings


def lock_settings(conn: Connection) -> None:
    """Serialise changes to settings until the end of the transaction (reads still run).

    Cross-field rules (min stake <= max stake) span rows, some not stored yet, so a
    row lock is not enough: two admins changing different settings at once must not
    each validate against the other's old value.
    """
    conn.execute(text("LOCK TABLE app.settings IN SHARE ROW EXCLUSIVE MODE"))


def stored_rows(conn: Connection) -> Sequence[Row]:
    return conn.execute(select(settings).order_by(settings.c.key)).all()


def upsert_setting(
    conn: Connection, key: str, value: Any, *, updated_by: str, updated_at: datetime
) -> None:
    statement = insert(settings).values(
        key=key, value=value, updated_by=updated_by, updated_at=updated_at
    )
    statement = statement.on_conflict_do_update(
        index_elements=[settings.c.key],
        set_={"value": value, "updated_by": updated_by, "updated_at": updated_at},
    )
    conn.execute(statement)


def delete_setting(conn: Connection, key: str) -> None:
    conn.execute(delete(settings).where(settings.c.key == key))
