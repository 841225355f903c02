"""Teams: the list, one team with its season record, and a team's game log."""

from __future__ import annotations

from typing import Any, Literal

from courtside import db
from courtside.domain.listing import page_of
from courtside.domain.readcache import cache
from courtside.domain.seasons import season_or_latest
from courtside.domain.standings import team_record
from courtside.errors import NotFound
from courtside.pagination import offset_of
from courtside.schemas.teams import GameLogEntry, GameLogPage, Team, TeamDetail, TeamPage
from courtside.store import games as game_store
from courtside.store import teams as store
from courtside.store.load_state import current_data_state, data_state


def team_from_row(row: Any) -> Team:
    return Team(
        abbreviation=row["abbreviation"],
        team_id=row["team_id"],
        city=row["city"],
        nickname=row["nickname"],
        name=row["full_name"],
        conference=row["conference"],
        division=row["division"],
        year_founded=row["year_founded"],
    )


def list_teams(
    *, conference: str | None, division: str | None, limit: int, cursor: str | None
) -> TeamPage:
    """Teams by abbreviation, optionally of one conference and/or division."""
    offset = offset_of(cursor)
    version = current_data_state().version

    def compute() -> TeamPage:
        with db.read() as conn:
            rows = store.find_teams(conn, conference=conference, division=division)
        items = [team_from_row(row) for row in rows[offset : offset + limit + 1]]
        return page_of(TeamPage, items, offset=offset, limit=limit)

    key = ("teams", (conference or "").lower(), (division or "").lower(), offset, limit)
    return cache.get_or_compute(key, version, compute)


def team_detail(abbreviation: str, *, season: str | None) -> TeamDetail:
    """A team and its regular-season record in `season` (default: the latest)."""
    with db.read() as conn:
        state = data_state(conn)
        row = store.team_by_abbreviation(conn, abbreviation.upper())
        if row is None:
            raise NotFound(f"no team {abbreviation}", code="team_not_found")
        resolved = season if season else state.latest_season
        record = (
            team_record(conn, row["abbreviation"], resolved, state.version) if resolved else None
        )
    return TeamDetail(**team_from_row(row).model_dump(), season=resolved, record=record)


def team_games(
    abbreviation: str,
    *,
    season: str | None,
    season_type: str | None,
    limit: int,
    cursor: str | None,
) -> GameLogPage:
    """A team's games of a season in tip-off order, from the team's point of view."""
    offset = offset_of(cursor)
    team = abbreviation.upper()
    with db.read() as conn:
        state = data_state(conn)
        if store.team_by_abbreviation(conn, team) is None:
            raise NotFound(f"no team {abbreviation}", code="team_not_found")
        where = game_store.GameFilter(
            team=team, season=season_or_latest(season, state), season_type=season_type
        )
        rows = game_store.find_games(conn, where, offset=offset, limit=limit + 1)
    items = [_log_entry(team, row) for row in rows]
    return page_of(GameLogPage, items, offset=offset, limit=limit)


def _log_entry(team: str, row: Any) -> GameLogEntry:
    at_home = row["home_team"] == team
    side, other = ("home", "away") if at_home else ("away", "home")
    own, theirs = row[f"{side}_score"], row[f"{other}_score"]
    result: Literal["W", "L"] | None = None
    if row["status"] == "final" and own is not None and theirs is not None:
        result = "W" if own > theirs else "L"
    return GameLogEntry(
        game_id=row["game_id"],
        date=row["game_date"],
        tipoff_at=row["tipoff_at"],
        season_type=row["season_type"],
        status=row["status"],
        home_away="home" if at_home else "away",
        opponent=row[f"{other}_team"],
        result=result,
        team_score=own,
        opponent_score=theirs,
        moneyline=row[f"{side}_moneyline"],
    )
