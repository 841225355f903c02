"""Queries on odds snapshots."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, select

from courtside.tables import odds_snapshots


def snapshots_of(conn: Connection, game_id: str, *, offset: int, limit: int) -> list[RowMapping]:
    """A game's odds snapshots, newest first."""
    query = (
        select(odds_snapshots)
        .where(odds_snapshots.c.game_id == game_id)
        .order_by(odds_snapshots.c.captured_at.desc(), odds_snapshots.c.snapshot_id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(conn.execute(query).mappings())
