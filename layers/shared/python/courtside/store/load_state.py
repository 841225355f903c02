"""Queries on `nba.load_state`: the data version read caches key on, and the loader's anchor.

Statement triggers (created by the 0001 migration) bump `data_version` and refresh
`latest_season` whenever teams, games, odds snapshots, players or player seasons change,
so no writer has to remember to. `bump_data_version` exists for writers of other data a
cached read depends on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select, text
from sqlalchemy.dialects.postgresql import insert

from courtside import db
from courtside.tables import games, load_state

STATE_ID = 1

DATA_STATE_SQL = "SELECT data_version, latest_season FROM nba.load_state WHERE id = 1"
_DATA_STATE = text(DATA_STATE_SQL)


@dataclass(frozen=True)
class DataState:
    """What read caches key on: a version that changes with the data, and the latest season."""

    version: int
    latest_season: str | None


@dataclass
class LoaderState:
    replay_from: date | None
    replay_offset_days: int | None
    file_hashes: dict[str, str] = field(default_factory=dict)
    loaded_at: datetime | None = None


def data_state(conn: Connection) -> DataState:
    """The current data version and latest season (one primary-key lookup)."""
    row = conn.execute(_DATA_STATE).first()
    if row is None:
        return DataState(version=0, latest_season=None)
    return DataState(version=int(row.data_version), latest_season=row.latest_season)


def current_data_state() -> DataState:
    """`data_state` on its own pooled connection, at the lowest cost (`db.read_row`): what a
    cached read checks before anything else."""
    row = db.read_row(DATA_STATE_SQL)
    if row is None:
        return DataState(version=0, latest_season=None)
    return DataState(version=int(row[0]), latest_season=row[1])


def bump_data_version(conn: Connection) -> None:
    """Invalidate every read cache keyed on the data version (inside the caller's transaction)."""
    _ensure_row(conn)
    conn.execute(
        load_state.update()
        .where(load_state.c.id == STATE_ID)
        .values(
            data_version=load_state.c.data_version + 1,
            latest_season=select(func.max(games.c.season)).scalar_subquery(),
        )
    )


def lock_loader_state(conn: Connection) -> LoaderState:
    """The loader's state, locked until the end of the transaction (one load at a time)."""
    _ensure_row(conn)
    row = conn.execute(
        select(
            load_state.c.replay_from,
            load_state.c.replay_offset_days,
            load_state.c.file_hashes,
            load_state.c.loaded_at,
        )
        .where(load_state.c.id == STATE_ID)
        .with_for_update()
    ).one()
    hashes: dict[str, Any] = dict(row.file_hashes or {})
    return LoaderState(
        replay_from=row.replay_from,
        replay_offset_days=row.replay_offset_days,
        file_hashes={str(k): str(v) for k, v in hashes.items()},
        loaded_at=row.loaded_at,
    )


def save_loader_state(conn: Connection, state: LoaderState) -> None:
    conn.execute(
        load_state.update()
        .where(load_state.c.id == STATE_ID)
        .values(
            replay_from=state.replay_from,
            replay_offset_days=state.replay_offset_days,
            file_hashes=state.file_hashes,
            loaded_at=state.loaded_at,
        )
    )


def _ensure_row(conn: Connection) -> None:
    conn.execute(insert(load_state).values(id=STATE_ID).on_conflict_do_nothing())
