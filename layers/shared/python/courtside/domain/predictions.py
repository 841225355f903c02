"""Public predictions: what the community picked on a game, and the season leaderboard.

The leaderboard reads `app.user_season_stats`, which results processing maintains as
bets settle, so it costs one index range scan however many bets exist. Only users
with at least `leaderboard_min_bets` settled (won or lost) bets in the season rank;
the `leaderboard` flag hides it (404) when switched off.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from courtside import db
from courtside.domain import config
from courtside.domain.odds_math import ZERO, Money, ratio
from courtside.errors import NotFound
from courtside.pagination import Page, offset_of, offset_page
from courtside.store import predictions as store

LeaderboardOrder = Literal["profit", "accuracy"]


class SidePicks(BaseModel):
    team: str
    side: Literal["home", "away"]
    users: int
    user_share: Decimal | None
    stake: Money
    stake_share: Decimal | None


class GamePredictions(BaseModel):
    game_id: str
    season: str
    tipoff_at: datetime
    status: str
    home_team: str
    away_team: str
    users: int
    stake: Money
    sides: list[SidePicks]


class LeaderboardEntry(BaseModel):
    rank: int
    username: str
    settled: int
    won: int
    lost: int
    accuracy: Decimal | None
    staked: Money
    profit: Money
    roi: Decimal | None


class Leaderboard(Page[LeaderboardEntry]):
    season: str | None
    by: LeaderboardOrder
    min_bets: int


def game_predictions(game_id: str) -> GamePredictions:
    """How many users picked each side of a game and their share of the stakes."""
    with db.transaction() as conn:
        game = store.game(conn, game_id)
        if game is None:
            raise NotFound("no such game", code="game_not_found", details={"game_id": game_id})
        picks = {row.pick: row for row in store.picks(conn, game_id)}

    total_users = sum(row.users for row in picks.values())
    total_stake = sum((row.stake for row in picks.values()), ZERO)
    sides = []
    ordered: tuple[tuple[Literal["home", "away"], str], ...] = (
        ("away", game.away_team),
        ("home", game.home_team),
    )
    for side, team in ordered:
        row = picks.get(team)
        users = row.users if row else 0
        stake = row.stake if row else ZERO
        sides.append(
            SidePicks(
                team=team,
                side=side,
                users=users,
                user_share=ratio(users, total_users),
                stake=stake,
                stake_share=ratio(stake, total_stake),
            )
        )
    return GamePredictions(
        game_id=game.game_id,
        season=game.season,
        tipoff_at=game.tipoff_at,
        status=game.status,
        home_team=game.home_team,
        away_team=game.away_team,
        users=total_users,
        stake=total_stake,
        sides=sides,
    )


def leaderboard(
    *, season: str | None, by: LeaderboardOrder, cursor: str | None, limit: int
) -> Leaderboard:
    """A season's ranking by profit or accuracy (default: the latest season)."""
    if not config.flag_enabled("leaderboard"):
        raise NotFound("the leaderboard is switched off", code="leaderboard_disabled")
    min_bets = config.project_settings().leaderboard_min_bets
    offset = offset_of(cursor)

    with db.transaction() as conn:
        season, rows = store.leaderboard(
            conn, season=season, by=by, min_bets=min_bets, offset=offset, limit=limit + 1
        )

    entries = [
        LeaderboardEntry(
            rank=offset + index + 1,
            username=username,
            settled=settled,
            won=won,
            lost=lost,
            accuracy=ratio(won, settled),
            staked=staked,
            profit=profit,
            roi=ratio(profit, staked),
        )
        for index, (username, settled, won, lost, staked, profit) in enumerate(rows)
    ]
    page = offset_page(entries, offset=offset, limit=limit)
    return Leaderboard(
        items=page.items,
        next_cursor=page.next_cursor,
        limit=limit,
        season=season,
        by=by,
        min_bets=min_bets,
    )
