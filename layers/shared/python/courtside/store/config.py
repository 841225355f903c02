"""Queries on stored project settings and flag states."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from courtside.tables import feature_flags, settings


def stored_settings(conn: Connection) -> dict[str, Any]:
    return {row.key: row.value for row in conn.execute(select(settings.c.key, settings.c.value))}


def flag_states(conn: Connection) -> dict[str, bool]:
    rows = conn.execute(select(feature_flags.c.name, feature_flags.c.enabled))
    return {row.name: row.enabled for row in rows}
