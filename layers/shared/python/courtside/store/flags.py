"""Queries on feature flags."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Row, select

from courtside.tables import feature_flags


def list_flags(conn: Connection) -> Sequence[Row]:
    return conn.execute(select(feature_flags).order_by(feature_flags.c.name)).all()
