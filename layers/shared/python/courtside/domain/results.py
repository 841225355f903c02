"""Results processing: staged final scores onto the games, then settle their bets.

`run_results` does two passes, each game in its own short transaction:

1. every staged result that is available (`available_at <= now`) and not processed
   yet is written onto its game (scores, status) and marked processed;
2. every pending bet of a finished game is settled: won or lost on the final score,
   void (stake refunded) for a cancelled or postponed game. The ledger, balances and
   per-user aggregates (`user_season_stats` for the leaderboard, `user_bet_totals`,
   `user_team_stats`, `user_daily_profit` for summaries) move in the same
   transaction as the bets.

Exactly once: a staged row is claimed with `FOR UPDATE SKIP LOCKED` and marked
processed in the transaction that applies it; bets are settled under the game's row
lock and only while still `pending`. Two runs at the same time therefore split the
work between them and neither settles a bet twice; a second run afterwards finds
nothing to do. Each run is recorded in `app.results_runs` and emits metrics. Cached
standings notice finalised games by themselves: the statement trigger on `nba.games`
bumps `nba.load_state.data_version`.
"""

from __future__ import annotations

import time
from datetime import datetime
from decimal import Decimal

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel
from sqlalchemy import Connection, Row

from courtside import clock, db
from courtside.domain.odds_math import ZERO, Outcome, payout, to_money
from courtside.observability import logger, metrics
from courtside.store import results as store
from courtside.store.results import Settlement

FINISHED_STATUSES = ("final", "cancelled", "postponed")
MAX_GAMES_PER_RUN = 5000
"""A bound on one run's loop; a backlog beyond it is finished by the next run."""


class RunReport(BaseModel):
    """What one run did (also stored in `app.results_runs`)."""

    run_id: int
    trigger: str
    triggered_by: str | None
    started_at: datetime
    finished_at: datetime
    games_finalised: int
    bets_settled: int
    bets_won: int
    bets_lost: int
    bets_voided: int
    duration_ms: int


class _Tally:
    def __init__(self) -> None:
        self.games_finalised = 0
        self.won = 0
        self.lost = 0
        self.voided = 0

    @property
    def bets_settled(self) -> int:
        return self.won + self.lost + self.voided

    def count(self, settlements: list[Settlement]) -> None:
        for settlement in settlements:
            if settlement.outcome == Outcome.WON:
                self.won += 1
            elif settlement.outcome == Outcome.LOST:
                self.lost += 1
            else:
                self.voided += 1


def run_results(*, trigger: str, triggered_by: str | None = None) -> RunReport:
    """Finalise available staged results and settle every pending bet of finished games."""
    started_at = clock.now()
    started = time.monotonic()
    with db.transaction() as conn:
        run_id = store.start_run(conn, trigger=trigger, triggered_by=triggered_by, at=started_at)
    tally = _Tally()

    try:
        finalise_staged_results(tally)
        settle_finished_games(tally)
    finally:
        duration_ms = int((time.monotonic() - started) * 1000)
        finished_at = clock.now()
        with db.transaction() as conn:
            store.finish_run(
                conn,
                run_id=run_id,
                finished_at=finished_at,
                games_finalised=tally.games_finalised,
                bets_settled=tally.bets_settled,
                duration_ms=duration_ms,
            )
        _emit_metrics(tally, duration_ms)

    report = RunReport(
        run_id=run_id,
        trigger=trigger,
        triggered_by=triggered_by,
        started_at=started_at,
        finished_at=finished_at,
        games_finalised=tally.games_finalised,
        bets_settled=tally.bets_settled,
        bets_won=tally.won,
        bets_lost=tally.lost,
        bets_voided=tally.voided,
        duration_ms=duration_ms,
    )
    logger.info(
        "results run finished",
        run_id=run_id,
        trigger=trigger,
        games_finalised=report.games_finalised,
        bets_settled=report.bets_settled,
        duration_ms=duration_ms,
    )
    return report


def finalise_staged_results(tally: _Tally) -> None:
    """Write each available staged result onto its game and settle that game's bets."""
    for _ in range(MAX_GAMES_PER_RUN):
        with db.transaction() as conn:
            now = clock.now()
            staged = store.claim_staged_result(conn, now)
            if staged is None:
                return
            if not _usable(staged):
                # NOTE: a final result without both scores cannot be applied; it is marked
                # processed (and logged) so it does not block every later run.
                logger.warning("staged result unusable", game_id=staged.game_id)
                store.mark_processed(conn, staged.game_id, now)
                continue
            game = store.finish_game(
                conn,
                game_id=staged.game_id,
                status=staged.status,
                home_score=staged.home_score,
                away_score=staged.away_score,
                now=now,
            )
            store.mark_processed(conn, staged.game_id, now)
            tally.games_finalised += 1
            tally.count(_settle_game(conn, game, now))


# NOTE: a score corrected after its game was settled updates the game but does not
# re-settle its bets (nothing is pending any more); corrections would need a reversal.
def settle_finished_games(tally: _Tally) -> None:
    """Settle pending bets of games that were finished some other way (e.g. a data load)."""
    with db.transaction() as conn:
        game_ids = store.games_with_pending_bets(conn)
    for game_id in game_ids[:MAX_GAMES_PER_RUN]:
        with db.transaction() as conn:
            game = store.lock_finished_game(conn, game_id)
            if game is None:
                continue
            tally.count(_settle_game(conn, game, clock.now()))


def _usable(staged: Row) -> bool:
    if staged.status != "final":
        return True
    return staged.home_score is not None and staged.away_score is not None


def _settle_game(conn: Connection, game: Row, now: datetime) -> list[Settlement]:
    """Settle the pending bets of one finished, row-locked game."""
    if game.status == "final" and (game.home_score is None or game.away_score is None):
        logger.warning("final game without a score", game_id=game.game_id)
        return []
    winner = winner_of(game)
    bets = store.lock_pending_bets(conn, game.game_id)
    settlements = [settle(bet, winner) for bet in bets]
    store.apply_settlements(
        conn, season=game.season, day=game.game_date, settlements=settlements, now=now
    )
    if settlements:
        logger.info("bets settled", game_id=game.game_id, bets=len(settlements))
    return settlements


def winner_of(game: Row) -> str | None:
    """The winning team of a final game; None when the game produced none (called off, or
    a tie, which NBA games never end in: its bets are a push and are refunded)."""
    if game.status != "final" or game.home_score is None or game.away_score is None:
        return None
    if game.home_score == game.away_score:
        return None
    return str(game.home_team if game.home_score > game.away_score else game.away_team)


def settle(bet: Row, winner: str | None) -> Settlement:
    """How a pending bet ends given the winner (None: the game was called off: void)."""
    stake = to_money(bet.stake)
    if winner is None:
        outcome = Outcome.VOID
    elif bet.pick == winner:
        outcome = Outcome.WON
    else:
        outcome = Outcome.LOST
    credited = payout(stake, bet.odds, outcome)
    profit = credited - stake if outcome is not Outcome.VOID else ZERO
    return Settlement(
        bet_id=bet.bet_id,
        user_id=bet.user_id,
        pick=bet.pick,
        stake=stake,
        outcome=outcome.value,
        payout=credited,
        profit=Decimal(profit),
    )


def _emit_metrics(tally: _Tally, duration_ms: int) -> None:
    metrics.add_metric(name="ResultsRuns", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="GamesFinalised", unit=MetricUnit.Count, value=tally.games_finalised)
    metrics.add_metric(name="BetsSettled", unit=MetricUnit.Count, value=tally.bets_settled)
    metrics.add_metric(name="BetsVoided", unit=MetricUnit.Count, value=tally.voided)
    metrics.add_metric(name="ResultsRunDuration", unit=MetricUnit.Milliseconds, value=duration_ms)
