"""Replay: a past season moved onto today's calendar, so the local run has upcoming games.

`replay_from=D` maps season date D onto today: every date and tip-off moves by the same
whole number of days (tip-offs keep their US Eastern wall-clock time). Games whose moved
tip-off is already past arrive final; later ones arrive scheduled with their real odds,
and their real results are staged for the results job, available 2h30 after tip-off.

The anchor (D and the offset in days) is stored in `nba.load_state`; later loads reuse
the same offset, so a game never moves once loaded and a game the results job has
finished stays finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from courtside.domain.seasons import league_today
from courtside.loader.errors import LoadError, Problem
from courtside.loader.parse import GameRecord, shift_days

AUTO = "auto"
ReplayRequest = date | Literal["auto"] | None

RESULT_DELAY = timedelta(hours=2, minutes=30)
"""How long after its tip-off a replayed game's result becomes available."""


@dataclass(frozen=True)
class ReplayPlan:
    replay_from: date
    offset_days: int

    def shift_date(self, day: date) -> date:
        return day + timedelta(days=self.offset_days)

    def shift_instant(self, instant: datetime) -> datetime:
        return shift_days(instant, self.offset_days)


@dataclass(frozen=True)
class StoredAnchor:
    replay_from: date
    offset_days: int


def today() -> date:
    """Today's date in US Eastern time (the league's calendar)."""
    return league_today()


def mid_season(games: list[GameRecord]) -> date | None:
    """The middle date of the latest season's regular season among `games`."""
    if not games:
        return None
    latest = max(game.season for game in games)
    days = sorted(g.game_date for g in games if g.season == latest and g.season_type == "regular")
    if not days:
        days = sorted(g.game_date for g in games if g.season == latest)
    return days[len(days) // 2]


def resolve_plan(
    requested: ReplayRequest,
    *,
    stored: StoredAnchor | None,
    database_has_games: bool,
    games: list[GameRecord],
) -> ReplayPlan | None:
    """The replay this load applies, or None to load the data as it is.

    Refuses to mix: a replayed database keeps its anchor, and a database loaded as it is
    cannot be replayed later (reset it first).
    """
    if requested is None:
        if stored is not None:
            _refuse(
                f"this database replays the data from {stored.replay_from}; load with "
                "replay_from='auto' (--replay-from auto) or reset the database"
            )
        return None

    if stored is not None:
        if requested != AUTO and requested != stored.replay_from:
            _refuse(
                f"this database replays the data from {stored.replay_from}, not {requested}; "
                "keep that date (or 'auto') or reset the database"
            )
        return ReplayPlan(stored.replay_from, stored.offset_days)

    if database_has_games:
        _refuse(
            "this database holds games loaded as they are; replay needs an empty database "
            "(or load without replay)"
        )

    anchor = mid_season(games) if requested == AUTO else requested
    if anchor is None:
        return None
    assert isinstance(anchor, date)
    return ReplayPlan(anchor, (today() - anchor).days)


def _refuse(reason: str) -> None:
    raise LoadError([Problem(None, None, reason)])
