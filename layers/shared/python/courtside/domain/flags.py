"""Feature flags: named switches admins flip, read by every group through one cache."""

from __future__ import annotations

from pydantic import BaseModel

from courtside import db
from courtside.store import flags as store


class PublicFlag(BaseModel):
    name: str
    enabled: bool


def public_flags() -> list[PublicFlag]:
    """Every flag with its state, for the web UI."""
    with db.transaction() as conn:
        rows = store.list_flags(conn)
    return [PublicFlag(name=row.name, enabled=row.enabled) for row in rows]
