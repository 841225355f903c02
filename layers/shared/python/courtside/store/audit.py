"""Queries on the audit log of admin changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Row, func, insert, or_, select

from courtside.tables import audit_log


def insert_entry(
    conn: Connection,
    *,
    actor_id: UUID | None,
    actor: str,
    kind: str,
    target: str | None,
    before: Any,
    after: Any,
    created_at: datetime,
) -> int:
    """Append one entry; returns its id."""
    statement = (
        insert(audit_log)
        .values(
            actor_id=actor_id,
            actor=actor,
            kind=kind,
            target=target,
            before=before,
            after=after,
            created_at=created_at,
        )
        .returning(audit_log.c.audit_id)
    )
    audit_id: int = conn.execute(statement).scalar_one()
    return audit_id


def list_entries(
    conn: Connection,
    *,
    actor: str | None,
    kind: str | None,
    before_id: int | None,
    limit: int,
) -> Sequence[Row]:
    """Entries newest first, by actor name and by kind (`flag` also matches `flag.update`)."""
    query = select(audit_log).order_by(audit_log.c.audit_id.desc()).limit(limit)
    if actor is not None:
        query = query.where(func.lower(audit_log.c.actor) == actor.lower())
    if kind is not None:
        query = query.where(
            or_(audit_log.c.kind == kind, audit_log.c.kind.startswith(f"{kind}.", autoescape=True))
        )
    if before_id is not None:
        query = query.where(audit_log.c.audit_id < before_id)
    return conn.execute(query).all()
