"""Players and their per-game season averages (Basketball-Reference)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from courtside.pagination import Page


class SeasonLine(BaseModel):
    """Per-game averages of one player for one team in one season (`TOT`: all his teams)."""

    season: str
    team: str = Field(description="Team abbreviation, or TOT for a traded player's totals")
    position: str | None
    age: int | None
    games: float | None
    games_started: float | None
    minutes: float | None
    fg: float | None
    fga: float | None
    fg_pct: float | None
    fg3: float | None
    fg3a: float | None
    fg3_pct: float | None
    fg2: float | None
    fg2a: float | None
    fg2_pct: float | None
    efg_pct: float | None
    ft: float | None
    fta: float | None
    ft_pct: float | None
    orb: float | None
    drb: float | None
    trb: float | None
    ast: float | None
    stl: float | None
    blk: float | None
    tov: float | None
    pf: float | None
    pts: float | None


class PlayerSeason(SeasonLine):
    """A player with one season line (the player list)."""

    player_id: str = Field(examples=["nikola-jokic"])
    name: str = Field(examples=["Nikola Jokić"])


class PlayerDetail(BaseModel):
    player_id: str
    name: str
    seasons: list[SeasonLine] = Field(description="Newest season first; TOT before teams")


class Leader(BaseModel):
    rank: int
    player_id: str
    name: str
    team: str
    games: float | None
    value: float | None


class LeadersPage(Page[Leader]):
    season: str
    stat: str
    min_games: int = Field(description="Qualification: games played at least this many")


PlayerSeasonPage = Page[PlayerSeason]
