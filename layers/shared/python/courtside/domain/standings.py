"""Standings: each team's regular-season record, ranked within its conference.

Only regular-season games count (cup_final, play_in and playoffs do not). Teams level
on win percentage are separated the NBA's way, simplified:

- two teams: head-to-head record, then division leader over non-leader, then
  division record (same division), then conference record, then point differential;
- three or more: division leaders first, then head-to-head record among them all,
  then conference record, then point differential; every subgroup still level after
  a step starts again from the top (two-team rules for two).

# NOTE: later NBA criteria (record against playoff teams of either conference) are
# not modelled, and ties for a division's lead are settled by the same rules; the
# order reproduces the official 2023-24 seeding (ORL 5th over IND and PHI at 47-35).

A season's table is computed once per data version and kept in the process
(`courtside.domain.readcache`), so a warm container answers from memory after one
primary-key lookup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from courtside import db
from courtside.domain.listing import page_of
from courtside.domain.readcache import cache
from courtside.domain.seasons import season_or_latest
from courtside.errors import NotFound
from courtside.pagination import offset_of
from courtside.schemas.teams import Record, StandingRow, StandingsPage
from courtside.store import games as game_store
from courtside.store import teams as team_store
from courtside.store.load_state import current_data_state

CONFERENCE_ORDER = {"East": 0, "West": 1}


@dataclass
class _Tally:
    team: str
    name: str
    conference: str
    division: str
    wins: int = 0
    losses: int = 0
    home: list[int] = field(default_factory=lambda: [0, 0])
    away: list[int] = field(default_factory=lambda: [0, 0])
    conference_record: list[int] = field(default_factory=lambda: [0, 0])
    division_record: list[int] = field(default_factory=lambda: [0, 0])
    points_for: int = 0
    points_against: int = 0
    results: list[bool] = field(default_factory=list)
    head_to_head: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def games(self) -> int:
        return self.wins + self.losses

    @property
    def win_pct(self) -> float:
        return self.wins / self.games if self.games else 0.0

    def record(self, won: bool, opponent: _Tally, at_home: bool) -> None:
        slot = 0 if won else 1
        if won:
            self.wins += 1
        else:
            self.losses += 1
        (self.home if at_home else self.away)[slot] += 1
        if opponent.conference == self.conference:
            self.conference_record[slot] += 1
            if opponent.division == self.division:
                self.division_record[slot] += 1
        self.head_to_head[opponent.team][slot] += 1
        self.results.append(won)


def _pct(won_lost: list[int]) -> float:
    total = won_lost[0] + won_lost[1]
    return won_lost[0] / total if total else 0.0


def compute_standings(teams: Mapping[str, Any], games: Iterable[Any]) -> list[StandingRow]:
    """Standings from regular-season games (rows with home/away team and scores, in tip-off
    order); teams are those appearing in the games. Unplayed games count only as presence."""
    tallies: dict[str, _Tally] = {}

    def tally(abbreviation: str) -> _Tally:
        if abbreviation not in tallies:
            team = teams[abbreviation]
            tallies[abbreviation] = _Tally(
                team=abbreviation,
                name=team["full_name"],
                conference=team["conference"],
                division=team["division"],
            )
        return tallies[abbreviation]

    for game in games:
        home, away = tally(game["home_team"]), tally(game["away_team"])
        if game["status"] != "final" or game["home_score"] is None:
            continue
        home_score, away_score = game["home_score"], game["away_score"]
        home.record(home_score > away_score, away, at_home=True)
        away.record(away_score > home_score, home, at_home=False)
        home.points_for += home_score
        home.points_against += away_score
        away.points_for += away_score
        away.points_against += home_score

    rows: list[StandingRow] = []
    by_conference: dict[str, list[_Tally]] = defaultdict(list)
    for item in tallies.values():
        by_conference[item.conference].append(item)
    for conference in sorted(by_conference, key=lambda c: (CONFERENCE_ORDER.get(c, 9), c)):
        ranked = _rank(by_conference[conference])
        leader = ranked[0]
        for rank, item in enumerate(ranked, start=1):
            rows.append(_row(item, rank, leader))
    return rows


def _rank(group: list[_Tally]) -> list[_Tally]:
    """A conference's teams in seeding order."""
    leaders = _division_leaders(group)
    return _order(group, lambda tied: _break_tie(tied, leaders))


def _order(group: list[_Tally], break_tie: Callable[[list[_Tally]], list[_Tally]]) -> list[_Tally]:
    by_pct: dict[float, list[_Tally]] = defaultdict(list)
    for item in group:
        by_pct[item.win_pct].append(item)
    ranked: list[_Tally] = []
    for pct in sorted(by_pct, reverse=True):
        ranked.extend(break_tie(by_pct[pct]))
    return ranked


def _division_leaders(group: list[_Tally]) -> set[str]:
    divisions: dict[str, list[_Tally]] = defaultdict(list)
    for item in group:
        divisions[item.division].append(item)
    return {
        _order(teams, lambda tied: _break_tie(tied, set()))[0].team for teams in divisions.values()
    }


def _h2h_pct(item: _Tally, opponents: Iterable[str]) -> float:
    record = [0, 0]
    for opponent in opponents:
        won, lost = item.head_to_head.get(opponent, [0, 0])
        record[0] += won
        record[1] += lost
    return _pct(record)


def _break_tie(tied: list[_Tally], leaders: set[str]) -> list[_Tally]:
    """Teams level on win percentage, in order (see the module docstring)."""
    if len(tied) == 1:
        return tied
    names = {t.team for t in tied}
    same_division = len({t.division for t in tied}) == 1

    if len(tied) == 2:

        def pair_key(item: _Tally) -> tuple[float, ...]:
            division = _pct(item.division_record) if same_division else 0.0
            return (
                -_h2h_pct(item, names - {item.team}),
                -float(item.team in leaders),
                -division,
                -_pct(item.conference_record),
                -float(item.points_for - item.points_against),
            )

        return sorted(tied, key=lambda item: (pair_key(item), item.team))

    steps: list[Callable[[_Tally], float]] = [
        lambda item: float(item.team in leaders),
        lambda item: _h2h_pct(item, names - {item.team}),
        lambda item: _pct(item.conference_record),
        lambda item: float(item.points_for - item.points_against),
    ]
    for step in steps:
        groups: dict[float, list[_Tally]] = defaultdict(list)
        for item in tied:
            groups[step(item)].append(item)
        if len(groups) > 1:
            return [
                team
                for value in sorted(groups, reverse=True)
                for team in _break_tie(groups[value], leaders)
            ]
    return sorted(tied, key=lambda item: item.team)


def _row(item: _Tally, rank: int, leader: _Tally) -> StandingRow:
    games = item.games
    last_10 = item.results[-10:]
    streak = None
    if item.results:
        last = item.results[-1]
        length = 0
        for won in reversed(item.results):
            if won != last:
                break
            length += 1
        streak = f"{'W' if last else 'L'}{length}"
    points_for = round(item.points_for / games, 1) if games else 0.0
    points_against = round(item.points_against / games, 1) if games else 0.0
    return StandingRow(
        conference_rank=rank,
        team=item.team,
        name=item.name,
        conference=item.conference,
        division=item.division,
        games=games,
        wins=item.wins,
        losses=item.losses,
        win_pct=round(item.win_pct, 3),
        games_behind=((leader.wins - item.wins) + (item.losses - leader.losses)) / 2,
        conference_record=Record(wins=item.conference_record[0], losses=item.conference_record[1]),
        home=Record(wins=item.home[0], losses=item.home[1]),
        away=Record(wins=item.away[0], losses=item.away[1]),
        last_10=Record(wins=sum(last_10), losses=len(last_10) - sum(last_10)),
        streak=streak,
        points_for=points_for,
        points_against=points_against,
        differential=round((item.points_for - item.points_against) / games, 1) if games else 0.0,
    )


def season_table(conn: Any, season: str, version: int) -> list[StandingRow]:
    """The full standings of `season` at data `version` (cached per version)."""

    def compute() -> list[StandingRow]:
        games = game_store.regular_season_games(conn, season)
        if not games and not game_store.season_exists(conn, season):
            raise NotFound(f"no games loaded for season {season}", code="season_not_found")
        return compute_standings(team_store.all_teams(conn), games)

    return cache.get_or_compute(("standings", season), version, compute)


def standings_page(
    *, season: str | None, conference: str | None, limit: int, cursor: str | None
) -> StandingsPage:
    """Standings of a season (default: the latest), optionally of one conference."""
    offset = offset_of(cursor)
    wanted = conference.capitalize() if conference else None
    state = current_data_state()
    resolved = season_or_latest(season, state)

    def compute() -> StandingsPage:
        with db.read() as conn:
            table = season_table(conn, resolved, state.version)
        rows = [r for r in table if wanted is None or r.conference == wanted]
        window = rows[offset : offset + limit + 1]
        return page_of(StandingsPage, window, offset=offset, limit=limit, season=resolved)

    key = ("standings_page", resolved, wanted, offset, limit)
    return cache.get_or_compute(key, state.version, compute)


def team_record(conn: Any, team: str, season: str, version: int) -> StandingRow | None:
    """One team's row of the season's standings (None if it played no game that season)."""
    try:
        table = season_table(conn, season, version)
    except NotFound:
        return None
    return next((row for row in table if row.team == team), None)
