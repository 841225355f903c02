"""Games and their odds (moneylines with implied and no-vig probabilities, spread, total)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from courtside.pagination import Page


class OddsLine(BaseModel):
    """One odds snapshot; probabilities come from the moneylines (None without them)."""

    source: str = Field(examples=["closing"])
    captured_at: dt.datetime
    home_moneyline: int | None = Field(examples=[-189])
    away_moneyline: int | None = Field(examples=[161])
    home_spread: float | None = Field(description="Points; negative when home is favoured")
    total: float | None = Field(description="Over/under points")
    home_implied_probability: float | None = Field(description="Bookmaker margin included")
    away_implied_probability: float | None
    home_no_vig_probability: float | None = Field(description="Margin removed (sums to 1)")
    away_no_vig_probability: float | None


class GameSide(BaseModel):
    team: str = Field(examples=["DEN"])
    name: str = Field(examples=["Denver Nuggets"])
    score: int | None


class Game(BaseModel):
    game_id: str = Field(examples=["20231024-LAL-DEN"], description="<YYYYMMDD>-<AWAY>-<HOME>")
    season: str
    season_type: str = Field(description="regular, play_in, playoffs or cup_final")
    date: dt.date = Field(description="Local calendar date of the game")
    tipoff_at: dt.datetime = Field(description="Tip-off instant (UTC)")
    status: str = Field(description="scheduled, final, cancelled or postponed")
    home: GameSide
    away: GameSide
    winner: str | None
    odds: OddsLine | None = Field(description="Latest odds snapshot, if any")


class GameOdds(BaseModel):
    """A game and its latest odds (the `/v1/odds` list)."""

    game_id: str
    date: dt.date
    tipoff_at: dt.datetime
    status: str
    home_team: str
    away_team: str
    odds: OddsLine | None


GamePage = Page[Game]
GameOddsPage = Page[GameOdds]
OddsLinePage = Page[OddsLine]
