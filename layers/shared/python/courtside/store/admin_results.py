"""Queries on the history of results runs, for the admin's run list and overview."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, select

from courtside.tables import results_runs


def list_runs(conn: Connection, *, before_id: int | None, limit: int) -> Sequence[Row]:
    """Runs newest first."""
    query = select(results_runs).order_by(results_runs.c.run_id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(results_runs.c.run_id < before_id)
    return conn.execute(query).all()


def latest_run(conn: Connection) -> Row | None:
    rows = list_runs(conn, before_id=None, limit=1)
    return rows[0] if rows else None
