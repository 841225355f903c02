"""Health of the service: can it reach its database, and what data does it hold."""

from __future__ import annotations

from pydantic import BaseModel

from courtside import db
from courtside.store import health as store


class Health(BaseModel):
    status: str
    database: str
    latest_season: str | None


def check_health() -> Health:
    """Query the database; `Unavailable` (503) when it cannot be reached."""
    with db.transaction() as conn:
        season = store.latest_season(conn)
    return Health(status="ok", database="ok", latest_season=season)
