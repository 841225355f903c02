"""Queries behind the health check."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from courtside.tables import games


def latest_season(conn: Connection) -> str | None:
    """The latest season loaded, or None before any data is loaded."""
    season: str | None = conn.execute(select(func.max(games.c.season))).scalar()
    return season
