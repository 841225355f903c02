"""What a load changes: validated records compared with what is stored (no I/O here).

Only rows that differ are written, so loading the same files twice writes nothing.
Rules for games:

- a new game with a score arrives `final`, one without a score `scheduled`; under
  replay a game whose moved tip-off is still ahead arrives `scheduled` and its real
  score is staged for the results job (available 2h30 after tip-off);
- a stored `final` game stays final; a changed score updates it (a correction);
- a stored game that is not final is never finished by the loader: a score for it is
  staged (available now, or at tip-off + 2h30 under replay) so that the results job,
  which also settles its bets, finishes it;
- a staged result the results job has processed is never touched again.

Odds: one `closing` snapshot per game with any line, captured at tip-off or at the load
time, whichever is earlier (never after the load).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from courtside.loader.parse import GameRecord, PlayerLine, TeamRecord
from courtside.loader.replay import RESULT_DELAY, ReplayPlan
from courtside.names import search_key, slugify
from courtside.store.loader import CLOSING_SOURCE, GAME_FIELDS, ODDS_FIELDS

Row = dict[str, Any]


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __iadd__(self, other: Counts) -> Counts:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        return self


@dataclass
class GameChanges:
    games: list[Row] = field(default_factory=list)
    staged: list[Row] = field(default_factory=list)
    odds_new: list[Row] = field(default_factory=list)
    odds_changed: list[Row] = field(default_factory=list)
    game_counts: Counts = field(default_factory=Counts)
    odds_counts: Counts = field(default_factory=Counts)
    staged_counts: Counts = field(default_factory=Counts)
    final: int = 0
    scheduled: int = 0


def _differs(new: Row, old: Row | None, fields: Iterable[str]) -> bool:
    return old is None or any(new[name] != old.get(name) for name in fields)


def plan_teams(records: Iterable[TeamRecord], stored: dict[str, Row]) -> tuple[list[Row], Counts]:
    rows: list[Row] = []
    counts = Counts()
    for record in records:
        row = {
            "team_id": record.team_id,
            "abbreviation": record.abbreviation,
            "city": record.city,
            "nickname": record.nickname,
            "full_name": record.full_name,
            "conference": record.conference,
            "division": record.division,
            "year_founded": record.year_founded,
        }
        old = stored.get(record.abbreviation)
        if old is None:
            counts.inserted += 1
            rows.append(row)
        elif _differs(row, old, row):
            counts.updated += 1
            rows.append(row)
        else:
            counts.unchanged += 1
    return rows, counts


def plan_games(
    records: Iterable[GameRecord],
    *,
    stored_games: dict[str, Row],
    stored_odds: dict[str, Row],
    stored_staged: dict[str, Row],
    replay: ReplayPlan | None,
    loaded_at: datetime,
) -> GameChanges:
    changes = GameChanges()
    for record in records:
        tipoff = replay.shift_instant(record.tipoff_at) if replay else record.tipoff_at
        game_date = replay.shift_date(record.game_date) if replay else record.game_date
        old = stored_games.get(record.game_id)
        result_at = tipoff + RESULT_DELAY if replay else loaded_at

        stage = False
        if old is None:
            finished = record.played and (replay is None or tipoff <= loaded_at)
            status = "final" if finished else "scheduled"
            scores = (record.home_score, record.away_score) if finished else (None, None)
            stage = record.played and not finished
        elif old["status"] == "final":
            status = "final"
            scores = (
                (record.home_score, record.away_score)
                if record.played
                else (old["home_score"], old["away_score"])
            )
        else:
            status = old["status"]
            scores = (old["home_score"], old["away_score"])
            stage = record.played

        row = {
            "game_id": record.game_id,
            "season": record.season,
            "season_type": record.season_type,
            "game_date": game_date,
            "tipoff_at": tipoff,
            "status": status,
            "home_team": record.home_team,
            "away_team": record.away_team,
            "home_score": scores[0],
            "away_score": scores[1],
        }
        if old is None:
            changes.game_counts.inserted += 1
            changes.games.append({**row, "updated_at": loaded_at})
        elif _differs(row, old, GAME_FIELDS):
            changes.game_counts.updated += 1
            changes.games.append({**row, "updated_at": loaded_at})
        else:
            changes.game_counts.unchanged += 1
        if status == "final":
            changes.final += 1
        elif status == "scheduled":
            changes.scheduled += 1

        if stage:
            _plan_staged(changes, record, stored_staged.get(record.game_id), result_at)
        if record.has_line:
            captured_at = min(tipoff, loaded_at)
            _plan_odds(changes, record, stored_odds.get(record.game_id), captured_at)
    return changes


def _plan_staged(
    changes: GameChanges, record: GameRecord, old: Row | None, available_at: datetime
) -> None:
    row = {
        "game_id": record.game_id,
        "status": "final",
        "home_score": record.home_score,
        "away_score": record.away_score,
        "available_at": available_at,
    }
    if old is not None and old.get("processed_at") is not None:
        changes.staged_counts.unchanged += 1
    elif old is None:
        changes.staged_counts.inserted += 1
        changes.staged.append(row)
    elif _differs(row, old, ("status", "home_score", "away_score", "available_at")):
        changes.staged_counts.updated += 1
        changes.staged.append(row)
    else:
        changes.staged_counts.unchanged += 1


def _plan_odds(
    changes: GameChanges, record: GameRecord, old: Row | None, captured_at: datetime
) -> None:
    lines = {
        "home_moneyline": record.home_moneyline,
        "away_moneyline": record.away_moneyline,
        "home_spread": record.home_spread,
        "total": record.total,
    }
    if old is None:
        changes.odds_counts.inserted += 1
        changes.odds_new.append(
            {
                "game_id": record.game_id,
                "source": CLOSING_SOURCE,
                "captured_at": captured_at,
                **lines,
            }
        )
    elif _differs(lines, old, ODDS_FIELDS):
        changes.odds_counts.updated += 1
        changes.odds_changed.append(
            {"snapshot_id": old["snapshot_id"], "captured_at": captured_at, **lines}
        )
    else:
        changes.odds_counts.unchanged += 1


def assign_player_ids(
    names: Iterable[str], stored: dict[str, str]
) -> tuple[list[Row], dict[str, str], Counts]:
    """Stable ids: a known name keeps its id; a new one gets the slug of its name, or the
    slug plus a suffix derived from the name when another name already holds that slug."""
    ids = dict(stored)
    taken = set(stored.values())
    new_rows: list[Row] = []
    counts = Counts()
    for name in sorted(set(names)):
        if name in ids:
            counts.unchanged += 1
            continue
        base = slugify(name) or "player"
        player_id = base
        if player_id in taken:
            player_id = f"{base}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:6]}"
        attempt = 2
        while player_id in taken:
            player_id = f"{base}-{attempt}"
            attempt += 1
        taken.add(player_id)
        ids[name] = player_id
        counts.inserted += 1
        new_rows.append({"player_id": player_id, "name": name, "search_name": search_key(name)})
    return new_rows, ids, counts


def plan_player_seasons(
    lines: Iterable[PlayerLine], ids: dict[str, str], stored: dict[tuple[str, str], Row]
) -> tuple[list[Row], list[tuple[str, str]], Counts]:
    """Rows to upsert and (player_id, team) keys of the season the file no longer has."""
    rows: list[Row] = []
    counts = Counts()
    seen: set[tuple[str, str]] = set()
    for line in lines:
        player_id = ids[line.name]
        row = {
            "player_id": player_id,
            "season": line.season,
            "team": line.team,
            "position": line.position,
            "age": line.age,
            **line.stats,
        }
        key = (player_id, line.team)
        seen.add(key)
        old = stored.get(key)
        if old is None:
            counts.inserted += 1
            rows.append(row)
        elif _differs(row, old, row):
            counts.updated += 1
            rows.append(row)
        else:
            counts.unchanged += 1
    gone = sorted(set(stored) - seen)
    counts.deleted = len(gone)
    return rows, gone, counts
