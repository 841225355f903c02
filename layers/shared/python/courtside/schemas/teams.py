"""Teams, their season records (standings rows) and game logs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from courtside.pagination import Page


class Team(BaseModel):
    abbreviation: str = Field(examples=["BOS"])
    team_id: int = Field(description="NBA.com team id")
    city: str
    nickname: str
    name: str = Field(description="Full name", examples=["Boston Celtics"])
    conference: str = Field(examples=["East"])
    division: str = Field(examples=["Atlantic"])
    year_founded: int | None


class Record(BaseModel):
    wins: int
    losses: int


class StandingRow(BaseModel):
    """One team's regular-season record (cup final, play-in and playoffs do not count)."""

    conference_rank: int
    team: str
    name: str
    conference: str
    division: str
    games: int
    wins: int
    losses: int
    win_pct: float = Field(description="Wins / games, three places")
    games_behind: float = Field(description="Behind the conference leader")
    conference_record: Record
    home: Record
    away: Record
    last_10: Record
    streak: str | None = Field(description="Current run, e.g. W3 or L2", examples=["W3"])
    points_for: float = Field(description="Points scored per game")
    points_against: float = Field(description="Points allowed per game")
    differential: float = Field(description="points_for - points_against")


class StandingsPage(Page[StandingRow]):
    """Standings of one season, by conference (East first) and conference rank."""

    season: str


class TeamDetail(Team):
    season: str | None = Field(description="The season of `record`")
    record: StandingRow | None = Field(description="Regular-season record in `season`")


class GameLogEntry(BaseModel):
    """One game from a team's point of view."""

    game_id: str
    date: dt.date
    tipoff_at: dt.datetime
    season_type: str
    status: str
    home_away: Literal["home", "away"]
    opponent: str
    result: Literal["W", "L"] | None
    team_score: int | None
    opponent_score: int | None
    moneyline: int | None = Field(description="The team's latest (closing) moneyline")


TeamPage = Page[Team]
GameLogPage = Page[GameLogEntry]
