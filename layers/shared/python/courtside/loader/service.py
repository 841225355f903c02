"""`load_directory`: one load of a data directory, validated first, written in one transaction.

Used by `python -m courtside.load`, by `make run` (with replay) and by the `ingest`
function (on files downloaded from S3 into a temporary directory of the same layout).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection

from courtside import clock, db
from courtside.loader import changes
from courtside.loader.changes import Counts
from courtside.loader.errors import Problems
from courtside.loader.parse import (
    GameRecord,
    PlayerLine,
    TeamRecord,
    parse_games,
    parse_players,
    parse_teams,
)
from courtside.loader.replay import ReplayPlan, ReplayRequest, StoredAnchor, resolve_plan
from courtside.loader.source import DataFile, DataSet, discover
from courtside.observability import logger
from courtside.store import load_state as state_store
from courtside.store import loader as store
from courtside.tables import games, player_seasons, players, staged_results, teams


@dataclass
class LoadReport:
    """What a load did, per kind of row; `summary()` is the one-paragraph version."""

    data_dir: str
    seasons: list[str] = field(default_factory=list)
    replay: ReplayPlan | None = None
    files_loaded: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    teams: Counts = field(default_factory=Counts)
    games: Counts = field(default_factory=Counts)
    final: int = 0
    scheduled: int = 0
    odds: Counts = field(default_factory=Counts)
    staged: Counts = field(default_factory=Counts)
    players: Counts = field(default_factory=Counts)
    player_seasons: Counts = field(default_factory=Counts)
    duration_ms: int = 0

    @property
    def changed(self) -> bool:
        kinds = (self.teams, self.games, self.odds, self.staged, self.players, self.player_seasons)
        return any(c.inserted or c.updated or c.deleted for c in kinds)

    def summary(self) -> str:
        seasons = ", ".join(self.seasons) or "no season"
        replay = (
            f"; replaying {self.replay.replay_from} as today "
            f"(dates moved by {self.replay.offset_days} days)"
            if self.replay
            else ""
        )
        if not self.files_loaded:
            return (
                f"data in {self.data_dir} ({seasons}) is unchanged since the last load: "
                f"{len(self.files_unchanged)} file(s) skipped in {self.duration_ms} ms{replay}"
            )
        parts = [
            f"teams {_counts(self.teams)}",
            f"games {_counts(self.games)} ({self.final} final, {self.scheduled} scheduled)",
            f"odds snapshots {_counts(self.odds)}",
            f"staged results {_counts(self.staged)}",
            f"players {_counts(self.players)}",
            f"player seasons {_counts(self.player_seasons)}",
        ]
        skipped = (
            f"; {len(self.files_unchanged)} unchanged file(s) skipped"
            if self.files_unchanged
            else ""
        )
        return (
            f"loaded {self.data_dir} ({seasons}) in {self.duration_ms} ms: "
            + "; ".join(parts)
            + skipped
            + replay
        )


def _counts(counts: Counts) -> str:
    text = f"{counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged"
    if counts.deleted:
        text += f", {counts.deleted} removed"
    return text


@dataclass
class _Parsed:
    teams: dict[str, TeamRecord] = field(default_factory=dict)
    games: dict[str, list[GameRecord]] = field(default_factory=dict)
    players: dict[str, list[PlayerLine]] = field(default_factory=dict)


def load_directory(
    data_dir: Path,
    *,
    seasons: list[str] | None = None,
    replay_from: date | str | None = None,
    force: bool = False,
) -> LoadReport:
    """Validate and load `data_dir` (teams.csv and `<season>/` directories).

    `seasons` limits the seasons considered; `replay_from` is a date, `"auto"` (a
    mid-season date, or the stored anchor) or None (load as it is). Files whose content
    is unchanged since the last load are skipped unless `force`. Raises `LoadError`
    (file, line, reason) and leaves the database exactly as it was on any bad file.
    """
    started = time.perf_counter()
    request = _replay_request(replay_from)
    problems = Problems()
    data = discover(Path(data_dir), seasons, problems)
    problems.raise_if_any()
    report = LoadReport(data_dir=str(data_dir), seasons=[s.season for s in data.seasons])

    with db.transaction() as conn:
        loader_state = state_store.lock_loader_state(conn)
        has_games = store.has_games(conn)
        # An anchor and hashes describe stored games; a database emptied since is fresh.
        stored_anchor = _anchor(loader_state) if has_games else None
        emptied = any(s.games for s in data.seasons) and not has_games
        changed = [
            f
            for f in data.files()
            if force or emptied or loader_state.file_hashes.get(f.name) != f.sha256
        ]
        changed_names = {f.name for f in changed}
        report.files_unchanged = [f.name for f in data.files() if f.name not in changed_names]

        if not changed:
            report.replay = resolve_plan(
                request, stored=stored_anchor, database_has_games=has_games, games=[]
            )
            report.duration_ms = _elapsed(started)
            return report

        parsed = _parse(conn, data, changed_names, problems)
        problems.raise_if_any()
        plan = resolve_plan(
            request,
            stored=stored_anchor,
            database_has_games=has_games,
            games=[g for season_games in parsed.games.values() for g in season_games],
        )
        report.replay = plan
        loaded_at = clock.now().replace(microsecond=0)  # capture times read better whole

        _write(conn, parsed, plan, loaded_at, report)

        for file in changed:
            loader_state.file_hashes[file.name] = file.sha256
        report.files_loaded = [f.name for f in changed]
        if plan is not None or not has_games:
            loader_state.replay_from = plan.replay_from if plan else None
            loader_state.replay_offset_days = plan.offset_days if plan else None
        loader_state.loaded_at = loaded_at
        state_store.save_loader_state(conn, loader_state)

    report.duration_ms = _elapsed(started)
    logger.info(
        "data loaded",
        data_dir=str(data_dir),
        files=report.files_loaded,
        games_new=report.games.inserted,
        games_updated=report.games.updated,
        replay_from=str(plan.replay_from) if plan else None,
    )
    return report


def _replay_request(replay_from: date | str | None) -> ReplayRequest:
    if replay_from is None or isinstance(replay_from, date):
        return replay_from
    if replay_from == "auto":
        return "auto"
    return date.fromisoformat(replay_from)


def _anchor(state: state_store.LoaderState) -> StoredAnchor | None:
    if state.replay_from is None or state.replay_offset_days is None:
        return None
    return StoredAnchor(state.replay_from, state.replay_offset_days)


def _elapsed(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def _parse(conn: Connection, data: DataSet, changed: set[str], problems: Problems) -> _Parsed:
    """Validate teams.csv and every changed season file (all problems, then one error)."""
    parsed = _Parsed()
    if data.teams is not None:
        parsed.teams = parse_teams(data.teams, problems)
    known = set(parsed.teams) | set(store.stored_teams(conn))
    if data.teams is None and not known:
        problems.add("teams.csv", None, "missing, and no teams are loaded yet")

    def wanted(file: DataFile | None) -> DataFile | None:
        return file if file is not None and file.name in changed else None

    for season in data.seasons:
        games_file = wanted(season.games)
        players_file = wanted(season.players)
        if games_file is not None:
            parsed.games[season.season] = parse_games(games_file, season.season, known, problems)
        if players_file is not None:
            parsed.players[season.season] = parse_players(
                players_file, season.season, known, problems
            )
    return parsed


def _write(
    conn: Connection,
    parsed: _Parsed,
    plan: ReplayPlan | None,
    loaded_at: datetime,
    report: LoadReport,
) -> None:
    team_rows, report.teams = changes.plan_teams(parsed.teams.values(), store.stored_teams(conn))
    store.upsert(conn, teams, team_rows, ("team_id",))

    for season, lines in parsed.players.items():
        new_players, ids, player_counts = changes.assign_player_ids(
            (line.name for line in lines), store.stored_players(conn)
        )
        store.upsert(conn, players, new_players, ("player_id",))
        report.players += player_counts
        rows, gone, season_counts = changes.plan_player_seasons(
            lines, ids, store.stored_player_seasons(conn, season)
        )
        store.delete_player_seasons(conn, season, gone)
        store.upsert(conn, player_seasons, rows, ("player_id", "season", "team"))
        report.player_seasons += season_counts

    for season_games in parsed.games.values():
        game_ids = [game.game_id for game in season_games]
        planned = changes.plan_games(
            season_games,
            stored_games=store.stored_games(conn, game_ids),
            stored_odds=store.stored_closing_odds(conn, game_ids),
            stored_staged=store.stored_staged_results(conn, game_ids),
            replay=plan,
            loaded_at=loaded_at,
        )
        store.upsert(conn, games, planned.games, ("game_id",))
        store.insert_odds(conn, planned.odds_new)
        store.update_odds(conn, planned.odds_changed)
        store.upsert(conn, staged_results, planned.staged, ("game_id",))
        report.games += planned.game_counts
        report.odds += planned.odds_counts
        report.staged += planned.staged_counts
        report.final += planned.final
        report.scheduled += planned.scheduled
