"""The loader's queries: what is already stored, and batched upserts of what changed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, TextClause, delete, exists, select, text, tuple_
from sqlalchemy.dialects import postgresql

from courtside.tables import (
    games,
    odds_snapshots,
    player_seasons,
    players,
    staged_results,
    teams,
)

BATCH = 2000
"""Rows per statement."""

GAME_FIELDS = (
    "game_id",
    "season",
    "season_type",
    "game_date",
    "tipoff_at",
    "status",
    "home_team",
    "away_team",
    "home_score",
    "away_score",
)
ODDS_FIELDS = ("home_moneyline", "away_moneyline", "home_spread", "total")
CLOSING_SOURCE = "closing"

Row = dict[str, Any]


def _batches(rows: Sequence[Row]) -> Iterable[Sequence[Row]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _recordset_insert(table: Table, columns: list[str], conflict: str) -> TextClause:
    """`INSERT ... SELECT ... FROM jsonb_to_recordset(:rows)`: a whole batch in one short
    statement with one parameter (multi-row VALUES compile slowly and the driver would
    send `executemany` as one statement per row)."""
    dialect = postgresql.dialect()
    names = ", ".join(f'"{c}"' for c in columns)
    types = ", ".join(f'"{c}" {table.c[c].type.compile(dialect=dialect)}' for c in columns)
    return text(
        f"INSERT INTO {table.fullname} ({names}) SELECT {names} "  # noqa: S608 - identifiers
        f"FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r({types}) {conflict}"
    )


def _execute_batches(conn: Connection, statement: TextClause, rows: Sequence[Row]) -> None:
    for batch in _batches(rows):
        payload = [{k: _json_value(v) for k, v in row.items()} for row in batch]
        conn.execute(statement, {"rows": json.dumps(payload)})


def upsert(conn: Connection, table: Table, rows: Sequence[Row], keys: tuple[str, ...]) -> None:
    """Insert `rows`, replacing the non-key columns of rows whose key already exists."""
    if not rows:
        return
    columns = list(rows[0])
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    conflict = ", ".join(f'"{k}"' for k in keys)
    statement = _recordset_insert(
        table, columns, f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    _execute_batches(conn, statement, rows)


def stored_teams(conn: Connection) -> dict[str, Row]:
    rows = conn.execute(select(teams)).mappings()
    return {row["abbreviation"]: dict(row) for row in rows}


def has_games(conn: Connection) -> bool:
    return bool(conn.execute(select(exists().where(games.c.game_id.is_not(None)))).scalar())


def stored_games(conn: Connection, game_ids: list[str]) -> dict[str, Row]:
    columns = [games.c[name] for name in GAME_FIELDS]
    found: dict[str, Row] = {}
    for start in range(0, len(game_ids), BATCH):
        ids = game_ids[start : start + BATCH]
        for row in conn.execute(select(*columns).where(games.c.game_id.in_(ids))).mappings():
            found[row["game_id"]] = dict(row)
    return found


def stored_closing_odds(conn: Connection, game_ids: list[str]) -> dict[str, Row]:
    """The latest `closing` snapshot of each game."""
    found: dict[str, Row] = {}
    for start in range(0, len(game_ids), BATCH):
        ids = game_ids[start : start + BATCH]
        query = (
            select(odds_snapshots)
            .where(
                odds_snapshots.c.game_id.in_(ids),
                odds_snapshots.c.source == CLOSING_SOURCE,
            )
            .order_by(odds_snapshots.c.game_id, odds_snapshots.c.captured_at.desc())
            .distinct(odds_snapshots.c.game_id)
        )
        for row in conn.execute(query).mappings():
            found[row["game_id"]] = dict(row)
    return found


def stored_staged_results(conn: Connection, game_ids: list[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for start in range(0, len(game_ids), BATCH):
        ids = game_ids[start : start + BATCH]
        query = select(staged_results).where(staged_results.c.game_id.in_(ids))
        for row in conn.execute(query).mappings():
            found[row["game_id"]] = dict(row)
    return found


def insert_odds(conn: Connection, rows: Sequence[Row]) -> None:
    if not rows:
        return
    statement = _recordset_insert(odds_snapshots, list(rows[0]), "ON CONFLICT DO NOTHING")
    _execute_batches(conn, statement, rows)


def update_odds(conn: Connection, rows: Sequence[Row]) -> None:
    """Replace the lines (and capture time) of existing snapshots, by `snapshot_id`."""
    for row in rows:
        values = {k: v for k, v in row.items() if k != "snapshot_id"}
        conn.execute(
            odds_snapshots.update()
            .where(odds_snapshots.c.snapshot_id == row["snapshot_id"])
            .values(**values)
        )


def stored_players(conn: Connection) -> dict[str, str]:
    """Every stored player as name -> player_id."""
    rows = conn.execute(select(players.c.name, players.c.player_id))
    return {row.name: row.player_id for row in rows}


def stored_player_seasons(conn: Connection, season: str) -> dict[tuple[str, str], Row]:
    query = select(player_seasons).where(player_seasons.c.season == season)
    return {(row["player_id"], row["team"]): dict(row) for row in conn.execute(query).mappings()}


def delete_player_seasons(conn: Connection, season: str, keys: list[tuple[str, str]]) -> None:
    if not keys:
        return
    conn.execute(
        delete(player_seasons).where(
            player_seasons.c.season == season,
            tuple_(player_seasons.c.player_id, player_seasons.c.team).in_(keys),
        )
    )
