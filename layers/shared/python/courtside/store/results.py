"""Queries of results processing: staged results, finishing games, settling their bets.

Every settlement statement takes the bets of ONE game, so each user appears at most
once per statement (one pending bet per user and game) and the per-user aggregates
can be upserted in a single pass. Lock order as in `store.bets`: the game row, then
its bets, then user rows in user_id order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Row, text


@dataclass(frozen=True)
class Settlement:
    """How one bet ends: its outcome, what it credits, and its profit."""

    bet_id: uuid.UUID
    user_id: uuid.UUID
    pick: str
    stake: Decimal
    outcome: str
    payout: Decimal
    profit: Decimal


def claim_staged_result(conn: Connection, now: datetime) -> Row | None:
    """The next available, unprocessed staged result (earliest tip-off first), row-locked;
    rows another run holds are skipped."""
    return conn.execute(
        text(
            """
            SELECT s.game_id, s.status, s.home_score, s.away_score
            FROM nba.staged_results s JOIN nba.games g ON g.game_id = s.game_id
            WHERE s.processed_at IS NULL AND s.available_at <= :now
            ORDER BY g.tipoff_at, s.game_id
            LIMIT 1
            FOR UPDATE OF s SKIP LOCKED
            """
        ),
        {"now": now},
    ).first()


def mark_processed(conn: Connection, game_id: str, now: datetime) -> None:
    conn.execute(
        text("UPDATE nba.staged_results SET processed_at = :now WHERE game_id = :game_id"),
        {"game_id": game_id, "now": now},
    )


def finish_game(
    conn: Connection,
    *,
    game_id: str,
    status: str,
    home_score: int | None,
    away_score: int | None,
    now: datetime,
) -> Row:
    """Write the result onto the game (this also row-locks it); returns the game."""
    row: Row = conn.execute(
        text(
            """
            UPDATE nba.games
            SET status = :status, home_score = :home_score, away_score = :away_score,
                updated_at = :now
            WHERE game_id = :game_id
            RETURNING game_id, season, game_date, status, home_team, away_team,
                      home_score, away_score
            """
        ),
        {
            "game_id": game_id,
            "status": status,
            "home_score": home_score,
            "away_score": away_score,
            "now": now,
        },
    ).one()
    return row


def games_with_pending_bets(conn: Connection) -> list[str]:
    """Finished games (final, cancelled, postponed) that still have pending bets (driven
    by the few pending bets, through the partial index `uq_bets_one_pending_per_game`)."""
    rows = conn.execute(
        text(
            """
            SELECT g.game_id
            FROM (SELECT DISTINCT game_id FROM app.bets WHERE status = 'pending') AS b
            JOIN nba.games g ON g.game_id = b.game_id
            WHERE g.status <> 'scheduled'
            ORDER BY g.tipoff_at, g.game_id
            """
        )
    )
    return [row.game_id for row in rows]


def lock_finished_game(conn: Connection, game_id: str) -> Row | None:
    """A finished game, row-locked; None if another run holds it or it is not finished."""
    return conn.execute(
        text(
            """
            SELECT game_id, season, game_date, status, home_team, away_team,
                   home_score, away_score
            FROM nba.games
            WHERE game_id = :game_id AND status <> 'scheduled'
            FOR UPDATE SKIP LOCKED
            """
        ),
        {"game_id": game_id},
    ).first()


def lock_pending_bets(conn: Connection, game_id: str) -> Sequence[Row]:
    return conn.execute(
        text(
            """
            SELECT bet_id, user_id, pick, stake, odds
            FROM app.bets
            WHERE game_id = :game_id AND status = 'pending'
            ORDER BY bet_id
            FOR UPDATE
            """
        ),
        {"game_id": game_id},
    ).all()


def apply_settlements(
    conn: Connection,
    *,
    season: str,
    day: date,
    settlements: Sequence[Settlement],
    now: datetime,
) -> None:
    """Settle the bets of one game: bets, ledger, balances and the per-user aggregates."""
    if not settlements:
        return
    ordered = sorted(settlements, key=lambda s: s.user_id)
    arrays = {
        "bet_ids": [s.bet_id for s in ordered],
        "user_ids": [s.user_id for s in ordered],
        "picks": [s.pick for s in ordered],
        "stakes": [s.stake for s in ordered],
        "outcomes": [s.outcome for s in ordered],
        "payouts": [s.payout for s in ordered],
        "profits": [s.profit for s in ordered],
        "now": now,
        "season": season,
        "day": day,
    }
    settled = """
        unnest(CAST(:bet_ids AS uuid[]), CAST(:user_ids AS uuid[]), CAST(:picks AS text[]),
               CAST(:stakes AS numeric[]), CAST(:outcomes AS text[]),
               CAST(:payouts AS numeric[]), CAST(:profits AS numeric[]))
        AS v(bet_id, user_id, pick, stake, outcome, payout, profit)
    """
    for statement in _SETTLEMENT_STATEMENTS:
        conn.execute(text(statement.replace("{settled}", settled)), arrays)


_SETTLEMENT_STATEMENTS = (
    # The bets themselves (still pending: they are locked by this transaction).
    """
    UPDATE app.bets b SET status = v.outcome, payout = v.payout, settled_at = :now
    FROM {settled}
    WHERE b.bet_id = v.bet_id AND b.status = 'pending'
    """,
    # User rows in user_id order, then their balances and ledger rows.
    """
    SELECT 1 FROM app.users
    WHERE user_id = ANY(CAST(:user_ids AS uuid[]))
    ORDER BY user_id
    FOR UPDATE
    """,
    """
    UPDATE app.users u SET balance = u.balance + v.payout
    FROM {settled}
    WHERE u.user_id = v.user_id AND v.payout > 0
    """,
    """
    INSERT INTO app.ledger (user_id, kind, amount, bet_id, created_at)
    SELECT v.user_id, CASE WHEN v.outcome = 'won' THEN 'payout' ELSE 'refund' END,
           v.payout, v.bet_id, :now
    FROM {settled}
    WHERE v.payout > 0
    ORDER BY v.user_id
    """,
    # Aggregates: per season (the leaderboard), all time, per team and per game day.
    """
    INSERT INTO app.user_season_stats AS s
        (user_id, season, settled, won, lost, voided, staked, profit)
    SELECT v.user_id, :season,
           (v.outcome <> 'void')::int, (v.outcome = 'won')::int, (v.outcome = 'lost')::int,
           (v.outcome = 'void')::int,
           CASE WHEN v.outcome = 'void' THEN 0 ELSE v.stake END, v.profit
    FROM {settled}
    ON CONFLICT (user_id, season) DO UPDATE SET
        settled = s.settled + EXCLUDED.settled,
        won = s.won + EXCLUDED.won,
        lost = s.lost + EXCLUDED.lost,
        voided = s.voided + EXCLUDED.voided,
        staked = s.staked + EXCLUDED.staked,
        profit = s.profit + EXCLUDED.profit
    """,
    """
    INSERT INTO app.user_bet_totals AS t
        (user_id, settled, won, lost, voided, staked, profit, biggest_win, biggest_win_bet_id,
         streak_result, streak_length, updated_at)
    SELECT v.user_id,
           (v.outcome <> 'void')::int, (v.outcome = 'won')::int, (v.outcome = 'lost')::int,
           (v.outcome = 'void')::int,
           CASE WHEN v.outcome = 'void' THEN 0 ELSE v.stake END, v.profit,
           CASE WHEN v.outcome = 'won' THEN v.profit END,
           CASE WHEN v.outcome = 'won' THEN v.bet_id END,
           CASE WHEN v.outcome <> 'void' THEN v.outcome END,
           (v.outcome <> 'void')::int,
           :now
    FROM {settled}
    ON CONFLICT (user_id) DO UPDATE SET
        settled = t.settled + EXCLUDED.settled,
        won = t.won + EXCLUDED.won,
        lost = t.lost + EXCLUDED.lost,
        voided = t.voided + EXCLUDED.voided,
        staked = t.staked + EXCLUDED.staked,
        profit = t.profit + EXCLUDED.profit,
        biggest_win_bet_id = CASE
            WHEN EXCLUDED.biggest_win > coalesce(t.biggest_win, -1)
            THEN EXCLUDED.biggest_win_bet_id ELSE t.biggest_win_bet_id END,
        biggest_win = greatest(t.biggest_win, EXCLUDED.biggest_win),
        streak_length = CASE
            WHEN EXCLUDED.streak_result IS NULL THEN t.streak_length
            WHEN EXCLUDED.streak_result = t.streak_result THEN t.streak_length + 1
            ELSE 1 END,
        streak_result = coalesce(EXCLUDED.streak_result, t.streak_result),
        updated_at = EXCLUDED.updated_at
    """,
    """
    INSERT INTO app.user_team_stats AS s (user_id, team, settled, won, lost, staked, profit)
    SELECT v.user_id, v.pick, 1, (v.outcome = 'won')::int, (v.outcome = 'lost')::int,
           v.stake, v.profit
    FROM {settled}
    WHERE v.outcome <> 'void'
    ON CONFLICT (user_id, team) DO UPDATE SET
        settled = s.settled + EXCLUDED.settled,
        won = s.won + EXCLUDED.won,
        lost = s.lost + EXCLUDED.lost,
        staked = s.staked + EXCLUDED.staked,
        profit = s.profit + EXCLUDED.profit
    """,
    """
    INSERT INTO app.user_daily_profit AS s (user_id, day, settled, won, lost, staked, profit)
    SELECT v.user_id, :day, 1, (v.outcome = 'won')::int, (v.outcome = 'lost')::int,
           v.stake, v.profit
    FROM {settled}
    WHERE v.outcome <> 'void'
    ON CONFLICT (user_id, day) DO UPDATE SET
        settled = s.settled + EXCLUDED.settled,
        won = s.won + EXCLUDED.won,
        lost = s.lost + EXCLUDED.lost,
        staked = s.staked + EXCLUDED.staked,
        profit = s.profit + EXCLUDED.profit
    """,
)


def start_run(conn: Connection, *, trigger: str, triggered_by: str | None, at: datetime) -> int:
    run_id: int = conn.execute(
        text(
            """
            INSERT INTO app.results_runs (trigger, triggered_by, started_at)
            VALUES (:trigger, :triggered_by, :at)
            RETURNING run_id
            """
        ),
        {"trigger": trigger, "triggered_by": triggered_by, "at": at},
    ).scalar_one()
    return run_id


def finish_run(
    conn: Connection,
    *,
    run_id: int,
    finished_at: datetime,
    games_finalised: int,
    bets_settled: int,
    duration_ms: int,
) -> None:
    conn.execute(
        text(
            """
            UPDATE app.results_runs
            SET finished_at = :finished_at, games_finalised = :games_finalised,
                bets_settled = :bets_settled, duration_ms = :duration_ms
            WHERE run_id = :run_id
            """
        ),
        {
            "run_id": run_id,
            "finished_at": finished_at,
            "games_finalised": games_finalised,
            "bets_settled": bets_settled,
            "duration_ms": duration_ms,
        },
    )
