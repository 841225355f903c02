"""Finding and reading the pipeline's files: `teams.csv` and `<season>/{games,players}.csv`.

Everything here is path-based and independent of where the files came from (a local
checkout or objects the `ingest` function downloaded from S3 into a temporary directory).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from courtside.loader.errors import Problems

SEASON_DIR = re.compile(r"^(\d{4})-(\d{2})$")
TEAMS_FILE = "teams.csv"
GAMES_FILE = "games.csv"
PLAYERS_FILE = "players.csv"


@dataclass(frozen=True)
class DataFile:
    """One file's bytes, its content hash and its name relative to the data directory."""

    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class SeasonFiles:
    season: str
    games: DataFile | None
    players: DataFile | None


@dataclass(frozen=True)
class DataSet:
    """The files of one data directory that a load considers."""

    teams: DataFile | None
    seasons: tuple[SeasonFiles, ...]

    def files(self) -> list[DataFile]:
        found = [self.teams] if self.teams else []
        for season in self.seasons:
            found += [f for f in (season.games, season.players) if f is not None]
        return found


def is_season(name: str) -> bool:
    """Whether `name` is a season like `2023-24` (the second year follows the first)."""
    match = SEASON_DIR.match(name)
    if match is None:
        return False
    return (int(match.group(1)) + 1) % 100 == int(match.group(2))


def discover(root: Path, seasons: list[str] | None, problems: Problems) -> DataSet:
    """The data set under `root`, limited to `seasons` when given."""
    if not root.is_dir():
        problems.add(None, None, f"data directory {root} does not exist")
        return DataSet(teams=None, seasons=())

    wanted = set(seasons) if seasons is not None else None
    for season in sorted(wanted or ()):
        if not is_season(season):
            problems.add(None, None, f"{season!r} is not a season like 2023-24")

    found: list[SeasonFiles] = []
    for entry in sorted(root.iterdir()):
        if not entry.is_dir() or not SEASON_DIR.match(entry.name):
            continue
        if not is_season(entry.name):
            problems.add(f"{entry.name}/", None, "not a season directory (like 2023-24)")
            continue
        if wanted is not None and entry.name not in wanted:
            continue
        games = _read(root, f"{entry.name}/{GAMES_FILE}")
        players = _read(root, f"{entry.name}/{PLAYERS_FILE}")
        if games is None and players is None:
            problems.add(f"{entry.name}/", None, f"holds neither {GAMES_FILE} nor {PLAYERS_FILE}")
            continue
        found.append(SeasonFiles(season=entry.name, games=games, players=players))

    present = {s.season for s in found}
    for season in sorted((wanted or set()) - present):
        if is_season(season):
            problems.add(f"{season}/", None, "season not found in the data directory")

    teams = _read(root, TEAMS_FILE)
    if teams is None and not found:
        problems.add(None, None, f"{root} holds no {TEAMS_FILE} and no season directory")
    return DataSet(teams=teams, seasons=tuple(found))


def _read(root: Path, name: str) -> DataFile | None:
    path = root / name
    if not path.is_file():
        return None
    return DataFile(name=name, content=path.read_bytes())


Row = tuple[int, dict[str, str]]


def read_rows(
    file: DataFile,
    *,
    required: tuple[str, ...],
    problems: Problems,
) -> Iterator[Row]:
    """The rows of a CSV file as (line number, {column: stripped value}).

    Structural problems (encoding, header, field counts) are reported with their line;
    a file whose header lacks a required column yields no rows at all.
    """
    try:
        text = file.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.content[: exc.start].count(b"\n") + 1
        problems.add(file.name, line, "not valid UTF-8 text")
        return

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        problems.add(file.name, 1, "the file is empty (no header line)")
        return
    except csv.Error as exc:
        problems.add(file.name, 1, f"unreadable header: {exc}")
        return

    duplicated = sorted({c for c in header if header.count(c) > 1})
    missing = [column for column in required if column not in header]
    if duplicated:
        problems.add(file.name, 1, f"duplicate column(s): {', '.join(duplicated)}")
    if missing:
        problems.add(file.name, 1, f"missing required column(s): {', '.join(missing)}")
    if duplicated or missing:
        return

    line = reader.line_num
    while not problems.full:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.add(file.name, reader.line_num, f"malformed CSV: {exc}")
            return
        line = reader.line_num
        if not fields or all(not field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            problems.add(file.name, start, f"expected {len(header)} fields, found {len(fields)}")
            continue
        yield start, {column: value.strip() for column, value in zip(header, fields, strict=True)}
