"""Query parameters shared by the public read routes, validated by Powertools.

A malformed value (`limit=abc`, `date=2024-13-45`, `season=2023`) is a 422 whose
details name the parameter (see `courtside.http.create_app`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

from courtside.pagination import DEFAULT_LIMIT, MAX_LIMIT

SEASON_PATTERN = r"^\d{4}-\d{2}$"

Season = Annotated[
    str | None,
    Query(
        pattern=SEASON_PATTERN,
        description="Season like 2023-24 (default: the latest season loaded)",
        examples=["2023-24"],
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT})")]
Cursor = Annotated[
    str | None, Query(max_length=512, description="`next_cursor` of the previous page")
]
Conference = Annotated[str | None, Query(pattern=r"(?i)^(east|west)$", description="East or West")]
TeamParam = Annotated[
    str | None,
    Query(pattern=r"^[A-Za-z]{2,3}$", description="Team abbreviation", examples=["BOS"]),
]
Day = Annotated[date | None, Query(description="Local game date (YYYY-MM-DD)")]
SeasonType = Annotated[
    str | None,
    Query(
        pattern=r"^(regular|play_in|playoffs|cup_final)$",
        description="regular, play_in, playoffs or cup_final",
    ),
]

__all__ = [
    "DEFAULT_LIMIT",
    "Conference",
    "Cursor",
    "Day",
    "Limit",
    "Season",
    "SeasonType",
    "TeamParam",
]
