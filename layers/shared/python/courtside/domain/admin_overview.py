"""The admin overview: the state of the project on one page."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from courtside import clock, db
from courtside.domain import config
from courtside.domain.admin_results import ResultsRun
from courtside.domain.config import ProjectSettings
from courtside.domain.flags import PublicFlag, public_flags
from courtside.domain.odds_math import Money
from courtside.store import admin_overview as store
from courtside.store import admin_results as runs_store

NEW_USER_DAYS = 7


class UserFigures(BaseModel):
    total: int
    new_this_week: int
    admins: int
    disabled: int


class BetFigures(BaseModel):
    open: int
    open_stake: Money
    settled: int
    cancelled: int
    volume: Money


class LatestGame(BaseModel):
    game_id: str
    tipoff_at: datetime
    home_team: str
    away_team: str


class DataFreshness(BaseModel):
    latest_final_game: LatestGame | None
    last_scheduled_tipoff: datetime | None
    games_updated_at: datetime | None
    latest_odds_captured_at: datetime | None
    staged_results_pending: int


class Overview(BaseModel):
    generated_at: datetime
    users: UserFigures
    bets: BetFigures
    last_results_run: ResultsRun | None
    data: DataFreshness
    flags: list[PublicFlag]
    settings: ProjectSettings


def overview() -> Overview:
    """Users (total, new in the last 7 days), bets, the last results run, data freshness,
    flags and settings."""
    now = clock.now()
    with db.transaction() as conn:
        users = store.user_counts(conn, since=now - timedelta(days=NEW_USER_DAYS))
        bets = store.bet_counts(conn)
        last_run = runs_store.latest_run(conn)
        latest_game = store.latest_final_game(conn)
        freshness = store.data_freshness(conn)

    return Overview(
        generated_at=now,
        users=UserFigures(
            total=users.total, new_this_week=users.new, admins=users.admins, disabled=users.disabled
        ),
        bets=BetFigures.model_validate(bets, from_attributes=True),
        last_results_run=(
            ResultsRun.model_validate(last_run, from_attributes=True) if last_run else None
        ),
        data=DataFreshness(
            latest_final_game=(
                LatestGame.model_validate(latest_game, from_attributes=True)
                if latest_game
                else None
            ),
            last_scheduled_tipoff=freshness.last_scheduled_tipoff,
            games_updated_at=freshness.games_updated_at,
            latest_odds_captured_at=freshness.latest_odds_captured_at,
            staged_results_pending=freshness.staged_results_pending,
        ),
        flags=public_flags(),
        settings=config.project_settings(),
    )
