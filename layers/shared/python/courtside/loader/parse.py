"""Validation of the pipeline's files into typed records (see the data README's contract).

Every rule broken is reported with the file, the line and the reason; nothing is
written until every file of a load has passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import TypeVar
from zoneinfo import ZoneInfo

from courtside.loader.errors import Problems
from courtside.loader.source import DataFile, read_rows
from courtside.names import repair_name
from courtside.tables import PLAYER_STATS

EASTERN = ZoneInfo("America/New_York")
DEFAULT_TIPOFF = time(19, 0)
"""Tip-off assumed when a game has no `tipoff_utc`: 19:00 US Eastern on its date."""

SEASON_TYPES = ("regular", "play_in", "playoffs", "cup_final")
CONFERENCES = ("East", "West")
TOTALS_TEAM = "TOT"
"""The `team` of a traded player's season totals across teams in players.csv."""

TEAM_COLUMNS = ("team_id", "abbreviation", "city", "nickname", "full_name", "conference")
TEAM_REQUIRED = (*TEAM_COLUMNS, "division")
GAME_REQUIRED = ("game_date", "season_type", "home_team", "away_team", "home_score", "away_score")
PLAYER_REQUIRED = ("player", "team", "games")

_ABBREVIATION = re.compile(r"^[A-Z]{2,3}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAT_LIMIT = Decimal(1000)


@dataclass(frozen=True)
class TeamRecord:
    team_id: int
    abbreviation: str
    city: str
    nickname: str
    full_name: str
    conference: str
    division: str
    year_founded: int | None


@dataclass(frozen=True)
class GameRecord:
    line: int
    game_id: str
    season: str
    season_type: str
    game_date: date
    tipoff_at: datetime
    home_team: str
    away_team: str
    home_score: int | None
    away_score: int | None
    home_moneyline: int | None
    away_moneyline: int | None
    home_spread: Decimal | None
    total: Decimal | None

    @property
    def played(self) -> bool:
        return self.home_score is not None

    @property
    def has_line(self) -> bool:
        return any(
            value is not None
            for value in (self.home_moneyline, self.away_moneyline, self.home_spread, self.total)
        )


@dataclass(frozen=True)
class PlayerLine:
    line: int
    name: str
    season: str
    team: str
    position: str | None
    age: int | None
    stats: dict[str, Decimal | None]


def game_id(game_date: date, away_team: str, home_team: str) -> str:
    """The stable id of a game: `<YYYYMMDD>-<AWAY>-<HOME>` of its original date."""
    return f"{game_date:%Y%m%d}-{away_team}-{home_team}"


def default_tipoff(game_date: date) -> datetime:
    """19:00 US Eastern on `game_date`, as a UTC instant."""
    return datetime.combine(game_date, DEFAULT_TIPOFF, tzinfo=EASTERN).astimezone(UTC)


# ------------------------------------------------------------------------- values

T = TypeVar("T")


def _optional(value: str, parse: Callable[[str], T]) -> T | None:
    return None if value == "" else parse(value)


def parse_int(value: str, *, low: int, high: int) -> int:
    if not _INTEGER.match(value):
        raise ValueError(f"{value!r} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{number} is outside {low}..{high}")
    return number


def parse_decimal(value: str, *, places: int, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if not low <= number <= high:
        raise ValueError(f"{value} is outside {low}..{high}")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValueError(f"{value} has more than {places} decimal place(s)")
    return number


def parse_date(value: str) -> date:
    if not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a date like 2023-10-24")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date") from exc


def parse_instant(value: str) -> datetime:
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not an ISO 8601 instant") from exc
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def parse_moneyline(value: str) -> int:
    odds = parse_int(value, low=-100_000, high=100_000)
    if -100 < odds < 100:
        raise ValueError(f"{odds} is not an American moneyline (|odds| >= 100)")
    return odds


# -------------------------------------------------------------------------- rows


class _Row:
    """One CSV row; each failed field is reported once with the row's line."""

    def __init__(self, file: DataFile, line: int, values: dict[str, str], problems: Problems):
        self.file = file
        self.line = line
        self.values = values
        self.problems = problems
        self.ok = True

    def fail(self, reason: str) -> None:
        self.ok = False
        self.problems.add(self.file.name, self.line, reason)

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.values.get(column, "")
        if required and value == "":
            self.fail(f"{column} is empty")
        return value

    def field(self, column: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        value = self.values.get(column, "")
        if value == "":
            if required:
                self.fail(f"{column} is empty")
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.fail(f"{column}: {exc}")
            return None


def parse_teams(file: DataFile, problems: Problems) -> dict[str, TeamRecord]:
    """teams.csv: one row per franchise, keyed by abbreviation."""
    teams: dict[str, TeamRecord] = {}
    ids: set[int] = set()
    for line, values in read_rows(file, required=TEAM_REQUIRED, problems=problems):
        row = _Row(file, line, values, problems)
        team_id = row.field("team_id", lambda v: parse_int(v, low=1, high=2**62), required=True)
        abbreviation = row.text("abbreviation")
        if abbreviation and (not _ABBREVIATION.match(abbreviation) or abbreviation == TOTALS_TEAM):
            row.fail(f"abbreviation {abbreviation!r} is not two or three capital letters")
        conference = row.text("conference").capitalize()
        if conference and conference not in CONFERENCES:
            row.fail(f"conference {values['conference']!r} is not East or West")
        names = [row.text(column) for column in ("city", "nickname", "full_name", "division")]
        founded = row.field("year_founded", lambda v: parse_int(v, low=1800, high=2200))
        if abbreviation in teams:
            row.fail(f"team {abbreviation} appears twice")
        if team_id is not None and team_id in ids:
            row.fail(f"team_id {team_id} appears twice")
        if not row.ok or team_id is None:
            continue
        ids.add(team_id)
        teams[abbreviation] = TeamRecord(
            team_id=team_id,
            abbreviation=abbreviation,
            city=names[0],
            nickname=names[1],
            full_name=names[2],
            conference=conference,
            division=names[3],
            year_founded=founded,
        )
    return teams


def parse_games(
    file: DataFile, season: str, teams: Iterable[str], problems: Problems
) -> list[GameRecord]:
    """<season>/games.csv: one row per game; optional columns may be absent or empty."""
    known = set(teams)
    first_year = int(season[:4])
    games: list[GameRecord] = []
    seen: dict[str, int] = {}
    for line, values in read_rows(file, required=GAME_REQUIRED, problems=problems):
        row = _Row(file, line, values, problems)
        game_date = row.field("game_date", parse_date, required=True)
        if game_date is not None and game_date.year not in (first_year, first_year + 1):
            row.fail(f"game_date {game_date} is outside season {season}")
        season_type = row.text("season_type")
        if season_type and season_type not in SEASON_TYPES:
            row.fail(f"season_type {season_type!r} is not one of {', '.join(SEASON_TYPES)}")
        home = row.text("home_team")
        away = row.text("away_team")
        for column, team in (("home_team", home), ("away_team", away)):
            if team and team not in known:
                row.fail(f"{column}: unknown team {team!r}")
        if home and home == away:
            row.fail(f"home_team and away_team are both {home}")

        home_score, away_score = _pair(row, "home_score", "away_score", _score)
        if home_score is not None and home_score == away_score:
            row.fail(f"a final score cannot be a tie ({home_score}-{away_score})")
        home_ml, away_ml = _pair(row, "home_moneyline", "away_moneyline", parse_moneyline)
        spread = row.field(
            "home_spread",
            lambda v: parse_decimal(v, places=1, low=Decimal(-99), high=Decimal(99)),
        )
        total = row.field(
            "total", lambda v: parse_decimal(v, places=1, low=Decimal(1), high=Decimal(999))
        )
        tipoff = row.field("tipoff_utc", parse_instant)
        if tipoff is not None and game_date is not None:
            local_day = tipoff.astimezone(EASTERN).date()
            if abs((local_day - game_date).days) > 1:
                row.fail(f"tipoff_utc {values['tipoff_utc']} is not on game_date {game_date}")

        if not row.ok or game_date is None:
            continue
        gid = game_id(game_date, away, home)
        if gid in seen:
            row.fail(f"game {gid} already appears on line {seen[gid]}")
            continue
        seen[gid] = line
        games.append(
            GameRecord(
                line=line,
                game_id=gid,
                season=season,
                season_type=season_type,
                game_date=game_date,
                tipoff_at=tipoff or default_tipoff(game_date),
                home_team=home,
                away_team=away,
                home_score=home_score,
                away_score=away_score,
                home_moneyline=home_ml,
                away_moneyline=away_ml,
                home_spread=spread,
                total=total,
            )
        )
    return games


def _score(value: str) -> int:
    return parse_int(value, low=0, high=999)


def _pair(
    row: _Row, first: str, second: str, parse: Callable[[str], T]
) -> tuple[T | None, T | None]:
    """Two columns that are either both filled or both empty (scores, moneylines)."""
    a = row.field(first, parse)
    b = row.field(second, parse)
    if (row.values.get(first, "") == "") != (row.values.get(second, "") == ""):
        row.fail(f"{first} and {second} must both be given or both be empty")
        return None, None
    return a, b


def parse_players(
    file: DataFile, season: str, teams: Iterable[str], problems: Problems
) -> list[PlayerLine]:
    """<season>/players.csv: per-game averages per player and team (`TOT` for totals)."""
    known = set(teams) | {TOTALS_TEAM}
    lines: list[PlayerLine] = []
    seen: dict[tuple[str, str], int] = {}
    for line, values in read_rows(file, required=PLAYER_REQUIRED, problems=problems):
        row = _Row(file, line, values, problems)
        name = repair_name(row.text("player"))
        team = row.text("team")
        if team and team not in known:
            row.fail(f"team: unknown team {team!r}")
        position = values.get("position") or None
        age = row.field("age", lambda v: parse_int(v, low=10, high=70))
        stats = {
            column: row.field(column, _stat_parser(column), required=column == "games")
            for column in PLAYER_STATS
        }
        key = (name, team)
        if row.ok and key in seen:
            row.fail(f"{name} ({team}) already appears on line {seen[key]}")
        if not row.ok or not name:
            continue
        seen[key] = line
        lines.append(
            PlayerLine(
                line=line,
                name=name,
                season=season,
                team=team,
                position=position,
                age=age,
                stats=stats,
            )
        )
    return lines


def _stat_parser(column: str) -> Callable[[str], Decimal]:
    high = Decimal(1) if column.endswith("_pct") else _STAT_LIMIT - Decimal("0.001")

    def parse(value: str) -> Decimal:
        number = parse_decimal(value, places=6, low=Decimal(0), high=high)
        return number.quantize(Decimal("0.001"))

    return parse


def shift_days(instant: datetime, days: int) -> datetime:
    """`instant` moved by whole calendar days in US Eastern wall time (keeps local tip-off)."""
    local = instant.astimezone(EASTERN).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=EASTERN).astimezone(UTC)
