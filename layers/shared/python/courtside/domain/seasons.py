"""Which season a read is about: the one asked for, or the latest season loaded."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from courtside import clock
from courtside.errors import NotFound
from courtside.store.load_state import DataState

LEAGUE_TIME = ZoneInfo("America/New_York")
"""Game dates are US Eastern calendar dates."""


def league_today() -> date:
    """Today's date on the league's calendar (US Eastern)."""
    return clock.now().astimezone(LEAGUE_TIME).date()


def season_or_latest(season: str | None, state: DataState) -> str:
    """`season` if given, else the latest season loaded; 404 before any data is loaded."""
    if season:
        return season
    if state.latest_season is None:
        raise NotFound("no season has been loaded yet", code="no_data")
    return state.latest_season
