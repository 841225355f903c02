"""The audit log: who changed what, with the state before and after, and when.

Every admin change calls `record` with the connection of the change itself, so the
entry commits or rolls back together with it: there is no change without its entry
and no entry for a change that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import Connection

from courtside import clock, db
from courtside.errors import BadRequest
from courtside.pagination import Page, decode_cursor, encode_cursor
from courtside.store import audit as store

KINDS = (
    "flag.create",
    "flag.update",
    "flag.delete",
    "settings.update",
    "user.update",
    "results.run",
)
"""Every kind of entry the admin API writes."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change: an admin (from the request's principal) or the system."""

    user_id: str | None
    username: str


class AuditEntry(BaseModel):
    audit_id: int
    actor_id: UUID | None
    actor: str
    kind: str
    target: str | None
    before: Any
    after: Any
    created_at: datetime


AuditPage = Page[AuditEntry]


def record(
    conn: Connection,
    actor: Actor,
    kind: str,
    *,
    target: str | None,
    before: Any,
    after: Any,
) -> int:
    """Write one entry inside the caller's transaction; returns its id."""
    return store.insert_entry(
        conn,
        actor_id=UUID(actor.user_id) if actor.user_id else None,
        actor=actor.username,
        kind=kind,
        target=target,
        before=to_jsonable_python(before),
        after=to_jsonable_python(after),
        created_at=clock.now(),
    )


def list_entries(
    *, actor: str | None, kind: str | None, cursor: str | None, limit: int
) -> AuditPage:
    """A page of entries, newest first, optionally for one actor and one kind (or family)."""
    before_id = keyset_before(cursor)
    with db.transaction() as conn:
        rows = store.list_entries(
            conn, actor=actor, kind=kind, before_id=before_id, limit=limit + 1
        )
    items = [AuditEntry.model_validate(row, from_attributes=True) for row in rows[:limit]]
    next_cursor = encode_cursor({"before": items[-1].audit_id}) if len(rows) > limit else None
    return AuditPage(items=items, next_cursor=next_cursor, limit=limit)


def keyset_before(cursor: str | None) -> int | None:
    """The id a newest-first keyset cursor (`{"before": id}`) points below."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    before = position.get("before")
    if not isinstance(before, int) or isinstance(before, bool):
        raise BadRequest("cursor is not valid", code="invalid_cursor", details={"field": "cursor"})
    return before
