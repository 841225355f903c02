"""Betting: open games, placing and cancelling bets, a user's history and summary.

Rules: a bet picks one side of a scheduled game for a stake; the odds come from the
latest snapshot with both moneylines and are locked on the bet; betting (and
cancelling) closes `betting_cutoff_minutes` before tip-off; one pending bet per user
and game; stakes are positive, in cents, between the `min_stake` and `max_stake`
settings and within the balance. Every balance change is a ledger row written in the
same transaction, so the balance always equals the sum of the user's ledger.

Concurrency: a placement share-locks the games and then locks the user's row, so
parallel requests of one user are serialised (no overdraft, no second pending bet;
the partial unique index `uq_bets_one_pending_per_game` backs the latter up), and
results processing, which updates the game row first, cannot settle a game while a
bet on it is being written.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Row
from sqlalchemy.exc import IntegrityError

from courtside import clock, db
from courtside.domain import config
from courtside.domain.accounts import Caller, require_active
from courtside.domain.odds_math import (
    ZERO,
    Money,
    has_cents_only,
    implied_probability,
    potential_payout,
    ratio,
    to_money,
)
from courtside.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    Unauthorized,
    ValidationFailed,
)
from courtside.observability import logger
from courtside.pagination import Page, decode_cursor, encode_cursor
from courtside.store import bets as store

BetStatus = Literal["pending", "won", "lost", "void", "cancelled"]
STATUSES: tuple[str, ...] = ("pending", "won", "lost", "void", "cancelled")
MAX_BATCH = 20
ONE_PENDING_PER_GAME = "uq_bets_one_pending_per_game"


# ------------------------------------------------------------------ models


class BetGame(BaseModel):
    game_id: str
    season: str
    game_date: date
    tipoff_at: datetime
    status: str
    home_team: str
    away_team: str
    home_score: int | None
    away_score: int | None


class Bet(BaseModel):
    """A bet as its owner sees it; `payout` is what was credited back when it ended."""

    bet_id: uuid.UUID
    game_id: str
    season: str
    pick: str
    opponent: str
    stake: Money
    odds: int
    potential_payout: Money
    status: BetStatus
    payout: Money | None
    profit: Money | None
    placed_at: datetime
    settled_at: datetime | None
    game: BetGame


class PlacedBets(BaseModel):
    bets: list[Bet]
    balance: Money


class PlacedBet(BaseModel):
    bet: Bet
    balance: Money


class CancelledBet(BaseModel):
    bet: Bet
    refund: Money
    balance: Money


class OpenGameOdds(BaseModel):
    home_moneyline: int
    away_moneyline: int
    home_implied_probability: Decimal
    away_implied_probability: Decimal
    source: str
    captured_at: datetime


class OpenGame(BaseModel):
    game_id: str
    season: str
    season_type: str
    game_date: date
    tipoff_at: datetime
    betting_closes_at: datetime
    home_team: str
    away_team: str
    odds: OpenGameOdds
    my_bet: Bet | None


class OpenGamesPage(Page[OpenGame]):
    """A page of open games."""


class BetsPage(Page[Bet]):
    """A page of the caller's bets."""


class BetRequest(BaseModel):
    """One pick: the game, a team abbreviation of that game, and the stake."""

    game_id: str
    pick: str
    stake: Decimal


class BetBatch(BaseModel):
    bets: list[BetRequest] = Field(description=f"1 to {MAX_BATCH} picks, all or nothing")


class BetStreak(BaseModel):
    result: Literal["won", "lost"] | None
    length: int


class BiggestWin(BaseModel):
    bet_id: uuid.UUID
    game_id: str
    pick: str
    odds: int
    stake: Money
    profit: Money
    settled_at: datetime | None


class TeamBetRecord(BaseModel):
    team: str
    settled: int
    won: int
    lost: int
    accuracy: Decimal | None
    staked: Money
    profit: Money
    roi: Decimal | None


class DailyProfit(BaseModel):
    day: date
    settled: int
    won: int
    lost: int
    profit: Money
    cumulative_profit: Money


class BetSummary(BaseModel):
    """A user's record: `settled` counts decided bets (won + lost); voids are apart."""

    balance: Money
    settled: int
    won: int
    lost: int
    voided: int
    pending: int
    pending_stake: Money
    accuracy: Decimal | None
    staked: Money
    profit: Money
    roi: Decimal | None
    streak: BetStreak
    biggest_win: BiggestWin | None
    teams: list[TeamBetRecord]
    daily: list[DailyProfit]


# ------------------------------------------------------------------ open games


def open_games(caller: Caller, *, cursor: str | None, limit: int) -> OpenGamesPage:
    """Games still open for betting with their latest moneylines and the caller's bet."""
    now = clock.now()
    cutoff = timedelta(minutes=config.project_settings().betting_cutoff_minutes)
    after = _open_games_position(cursor)

    with db.transaction() as conn:
        active = require_active(caller, conn)
        rows = store.open_games(
            conn,
            user_id=active.user_id,
            now=now,
            closes_after=now + cutoff,
            after=after,
            limit=limit + 1,
        )
        my_bet_ids = [row.my_bet_id for row in rows[:limit] if row.my_bet_id is not None]
        my_bets = store.bets_by_id(conn, my_bet_ids)

    items = [
        OpenGame(
            game_id=row.game_id,
            season=row.season,
            season_type=row.season_type,
            game_date=store.day(row.game_date),
            tipoff_at=store.instant(row.tipoff_at),
            betting_closes_at=_tipoff(row) - cutoff,
            home_team=row.home_team,
            away_team=row.away_team,
            odds=OpenGameOdds(
                home_moneyline=row.home_moneyline,
                away_moneyline=row.away_moneyline,
                home_implied_probability=implied_probability(row.home_moneyline),
                away_implied_probability=implied_probability(row.away_moneyline),
                source=row.source,
                captured_at=store.instant(row.captured_at),
            ),
            my_bet=_bet(my_bets[str(row.my_bet_id)]) if row.my_bet_id is not None else None,
        )
        for row in rows[:limit]
    ]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor({"t": last.tipoff_at.isoformat(), "g": last.game_id})
    return OpenGamesPage(items=items, next_cursor=next_cursor, limit=limit)


def _open_games_position(cursor: str | None) -> tuple[datetime, str] | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return _aware(datetime.fromisoformat(str(position["t"]))), str(position["g"])
    except (KeyError, ValueError) as exc:
        raise _bad_cursor() from exc


# ------------------------------------------------------------------ placing


def place_bet(caller: Caller, request: BetRequest) -> PlacedBet:
    """Place one bet; the odds of the latest snapshot are locked on it."""
    placed = place_bets(caller, [request], batch=False)
    return PlacedBet(bet=placed.bets[0], balance=placed.balance)


def place_bets(caller: Caller, requests: list[BetRequest], *, batch: bool = True) -> PlacedBets:
    """Place several bets at once: all of them, or none (the first refusal is reported,
    naming the pick's index in `details`)."""
    if not config.flag_enabled("betting"):
        raise Forbidden("betting is switched off for now", code="betting_disabled")
    if batch and not 1 <= len(requests) <= MAX_BATCH:
        raise ValidationFailed(
            f"a batch holds 1 to {MAX_BATCH} bets",
            code="batch_size",
            details={"max": MAX_BATCH, "given": len(requests)},
        )
    settings = config.project_settings()
    for index, request in enumerate(requests):
        _check_stake(request.stake, settings.min_stake, settings.max_stake, _where(index, batch))
    _refuse_repeated_games(requests, batch)

    now = clock.now()
    cutoff = timedelta(minutes=settings.betting_cutoff_minutes)
    try:
        with db.transaction() as conn:
            active = require_active(caller, conn)
            bets, balance = _write_bets(conn, active.user_id, requests, now, cutoff, batch)
    except IntegrityError as exc:
        if _violated_constraint(exc) != ONE_PENDING_PER_GAME:
            raise
        # The unique index saw a concurrent pending bet on the same game.
        raise Conflict("you already have an open bet on this game", code="duplicate_bet") from exc

    for bet in bets:
        logger.info("bet placed", bet_id=str(bet.bet_id), game_id=bet.game_id, odds=bet.odds)
    return PlacedBets(bets=bets, balance=balance)


def _write_bets(
    conn: Connection,
    user_id: uuid.UUID,
    requests: list[BetRequest],
    now: datetime,
    cutoff: timedelta,
    batch: bool,
) -> tuple[list[Bet], Decimal]:
    games = store.lock_games(conn, (r.game_id for r in requests), now)
    for index, request in enumerate(requests):
        _check_game(request, games.get(request.game_id), now, cutoff, _where(index, batch))

    user = store.lock_user(conn, user_id, games)
    if user is None:
        raise Unauthorized("this account is no longer active", code="token_revoked")
    for index, request in enumerate(requests):
        if request.game_id in user.pending:
            raise Conflict(
                "you already have an open bet on this game",
                code="duplicate_bet",
                details={**_where(index, batch), "game_id": request.game_id},
            )
    total = sum((to_money(r.stake) for r in requests), ZERO)
    if total > user.balance:
        raise Conflict(
            "the stake is more than your balance",
            code="insufficient_balance",
            details={"balance": f"{user.balance:.2f}", "stake": f"{total:.2f}"},
        )

    bets = []
    balance = user.balance
    for request in requests:
        game = games[request.game_id]
        bet = _new_bet(game, request.pick, to_money(request.stake), now)
        balance = store.insert_bet(
            conn,
            bet_id=bet.bet_id,
            user_id=user_id,
            game_id=bet.game_id,
            season=bet.season,
            pick=bet.pick,
            stake=bet.stake,
            odds=bet.odds,
            placed_at=now,
        )
        bets.append(bet)
    return bets, balance


def _new_bet(game: Row, pick: str, stake: Decimal, now: datetime) -> Bet:
    """The pending bet about to be written, at the odds of the pick's side."""
    home = pick == game.home_team
    odds = int(game.home_moneyline if home else game.away_moneyline)
    return Bet(
        bet_id=uuid.uuid4(),
        game_id=game.game_id,
        season=game.season,
        pick=pick,
        opponent=game.away_team if home else game.home_team,
        stake=stake,
        odds=odds,
        potential_payout=potential_payout(stake, odds),
        status="pending",
        payout=None,
        profit=None,
        placed_at=now,
        settled_at=None,
        game=BetGame(
            game_id=game.game_id,
            season=game.season,
            game_date=store.day(game.game_date),
            tipoff_at=_tipoff(game),
            status=game.status,
            home_team=game.home_team,
            away_team=game.away_team,
            home_score=None,
            away_score=None,
        ),
    )


def _violated_constraint(exc: IntegrityError) -> str | None:
    """The constraint name Postgres reported (pg8000 passes the error fields as a dict)."""
    fields = exc.orig.args[0] if exc.orig is not None and exc.orig.args else None
    return fields.get("n") if isinstance(fields, dict) else None


def _where(index: int, batch: bool) -> dict[str, Any]:
    return {"index": index} if batch else {}


def _check_stake(stake: Decimal, minimum: Decimal, maximum: Decimal, where: dict[str, Any]) -> None:
    if not stake.is_finite() or stake <= 0:
        raise ValidationFailed(
            "the stake must be a positive amount",
            code="stake_not_positive",
            details={**where, "field": "stake"},
        )
    if stake > maximum:
        raise ValidationFailed(
            f"the maximum stake is {maximum:.2f}",
            code="stake_above_maximum",
            details={**where, "field": "stake", "max_stake": f"{maximum:.2f}"},
        )
    if not has_cents_only(stake):
        raise ValidationFailed(
            "the stake has more than two decimal places",
            code="stake_too_precise",
            details={**where, "field": "stake"},
        )
    if stake < minimum:
        raise ValidationFailed(
            f"the minimum stake is {minimum:.2f}",
            code="stake_below_minimum",
            details={**where, "field": "stake", "min_stake": f"{minimum:.2f}"},
        )


def _refuse_repeated_games(requests: list[BetRequest], batch: bool) -> None:
    seen: set[str] = set()
    for index, request in enumerate(requests):
        if request.game_id in seen:
            raise Conflict(
                "one bet per game: this game is picked twice",
                code="duplicate_bet",
                details={**_where(index, batch), "game_id": request.game_id},
            )
        seen.add(request.game_id)


def _check_game(
    request: BetRequest,
    game: Row | None,
    now: datetime,
    cutoff: timedelta,
    where: dict[str, Any],
) -> None:
    details = {**where, "game_id": request.game_id}
    if game is None:
        raise NotFound("no such game", code="game_not_found", details=details)
    if request.pick not in (game.home_team, game.away_team):
        raise ValidationFailed(
            f"pick one of the two teams of this game: {game.away_team} or {game.home_team}",
            code="invalid_pick",
            details={**details, "field": "pick", "teams": [game.away_team, game.home_team]},
        )
    if game.status == "final":
        raise Conflict("this game is over", code="game_finished", details=details)
    if game.status != "scheduled":
        raise Conflict(f"this game is {game.status}", code="game_not_scheduled", details=details)
    if _tipoff(game) <= now:
        raise Conflict("this game has started", code="game_started", details=details)
    if _tipoff(game) - cutoff <= now:
        raise Conflict(
            "betting on this game has closed (it closes before tip-off)",
            code="betting_closed",
            details=details,
        )
    if game.home_moneyline is None or game.away_moneyline is None:
        raise Conflict("no odds are known for this game yet", code="no_odds", details=details)


# ------------------------------------------------------------------ cancelling


def cancel_bet(caller: Caller, bet_id: str) -> CancelledBet:
    """Cancel a pending bet before betting on its game closes; the stake is refunded."""
    bet_uuid = _bet_uuid(bet_id)
    now = clock.now()
    cutoff = timedelta(minutes=config.project_settings().betting_cutoff_minutes)

    with db.transaction() as conn:
        active = require_active(caller, conn)
        found = store.find_bet(conn, active.user_id, bet_uuid)
        if found is None:
            raise NotFound("no such bet", code="bet_not_found")
        game = store.lock_games(conn, [found["game_id"]], now)[found["game_id"]]
        if store.lock_user(conn, active.user_id, []) is None:
            raise Unauthorized("this account is no longer active", code="token_revoked")
        bet = store.lock_bet(conn, active.user_id, bet_uuid)
        if bet is None:
            raise NotFound("no such bet", code="bet_not_found")
        if bet.status != "pending":
            raise Conflict(
                f"this bet is {bet.status} and can no longer be cancelled",
                code="bet_not_pending",
                details={"status": bet.status},
            )
        if game.status != "scheduled" or _tipoff(game) <= now:
            raise Conflict(
                "the game has started: the bet can no longer be cancelled",
                code="game_started",
            )
        if _tipoff(game) - cutoff <= now:
            raise Conflict(
                "betting on this game has closed: the bet can no longer be cancelled",
                code="betting_closed",
            )
        store.mark_cancelled(conn, bet_uuid, now)
        balance = store.refund(
            conn, user_id=active.user_id, bet_id=bet_uuid, amount=bet.stake, at=now
        )
        record = store.find_bet(conn, active.user_id, bet_uuid)

    assert record is not None
    logger.info("bet cancelled", bet_id=str(bet_uuid), game_id=record["game_id"])
    return CancelledBet(bet=_bet(record), refund=bet.stake, balance=balance)


def _bet_uuid(bet_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(bet_id)
    except ValueError as exc:
        raise NotFound("no such bet", code="bet_not_found") from exc


# ------------------------------------------------------------------ history


def history(
    caller: Caller,
    *,
    status: str | None,
    season: str | None,
    placed_from: date | None,
    placed_to: date | None,
    cursor: str | None,
    limit: int,
) -> BetsPage:
    """The caller's bets, newest first; `from`/`to` are inclusive UTC dates of placing."""
    if placed_from and placed_to and placed_from > placed_to:
        raise ValidationFailed(
            "'from' is after 'to'",
            code="invalid_range",
            details=[{"location": "query", "field": "from", "message": "after 'to'"}],
        )
    after = _history_position(cursor)
    with db.transaction() as conn:
        active = require_active(caller, conn)
        rows = store.history(
            conn,
            user_id=active.user_id,
            status=status,
            season=season,
            placed_from=_day_start(placed_from) if placed_from else None,
            placed_before=_day_start(placed_to + timedelta(days=1)) if placed_to else None,
            after=after,
            limit=limit + 1,
        )
    items = [_bet(record) for record in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor({"p": last.placed_at.isoformat(), "b": str(last.bet_id)})
    return BetsPage(items=items, next_cursor=next_cursor, limit=limit)


def _history_position(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    position = decode_cursor(cursor)
    if position is None:
        return None
    try:
        return _aware(datetime.fromisoformat(str(position["p"]))), uuid.UUID(str(position["b"]))
    except (KeyError, ValueError) as exc:
        raise _bad_cursor() from exc


CSV_COLUMNS = (
    "bet_id",
    "placed_at",
    "game_id",
    "season",
    "game_date",
    "home_team",
    "away_team",
    "pick",
    "odds",
    "stake",
    "status",
    "payout",
    "profit",
    "settled_at",
    "home_score",
    "away_score",
)


def export_csv(caller: Caller) -> str:
    """Every bet of the caller as CSV (oldest first), one header row."""
    # NOTE: built in memory as one response; API Gateway caps a response at 10 MB, about
    # 60,000 bets. Far beyond any real season, but a paged or S3 export would lift it.
    with db.transaction() as conn:
        active = require_active(caller, conn)
        records = store.all_bets(conn, active.user_id)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        profit = _profit(r["status"], r["stake"], r["payout"])
        writer.writerow(
            (
                r["bet_id"],
                _iso(r["placed_at"]),
                r["game_id"],
                r["season"],
                str(r["game"]["game_date"]),
                r["game"]["home_team"],
                r["game"]["away_team"],
                r["pick"],
                r["odds"],
                f"{r['stake']:.2f}",
                r["status"],
                "" if r["payout"] is None else f"{r['payout']:.2f}",
                "" if profit is None else f"{profit:.2f}",
                "" if r["settled_at"] is None else _iso(r["settled_at"]),
                "" if r["game"]["home_score"] is None else r["game"]["home_score"],
                "" if r["game"]["away_score"] is None else r["game"]["away_score"],
            )
        )
    return out.getvalue()


# ------------------------------------------------------------------ summary


def summary(caller: Caller) -> BetSummary:
    """Record, accuracy, profit, ROI, streak, biggest win, per team and per day.

    Reads the per-user aggregates results processing maintains, so its cost does not
    grow with the number of settled bets.
    """
    with db.transaction() as conn:
        active = require_active(caller, conn)
        found = store.summary(conn, active.user_id)
    if found is None:
        raise Unauthorized("this account is no longer active", code="token_revoked")

    settled = found["settled"] or 0
    won = found["won"] or 0
    staked = found["staked"] if found["staked"] is not None else ZERO
    profit = found["profit"] if found["profit"] is not None else ZERO
    return BetSummary(
        balance=found["balance"],
        settled=settled,
        won=won,
        lost=found["lost"] or 0,
        voided=found["voided"] or 0,
        pending=found["pending"],
        pending_stake=to_money(found["pending_stake"]),
        accuracy=ratio(won, settled),
        staked=staked,
        profit=profit,
        roi=ratio(profit, staked),
        streak=BetStreak(result=found["streak_result"], length=found["streak_length"] or 0),
        biggest_win=_biggest_win(found),
        teams=[
            TeamBetRecord(
                **team,
                accuracy=ratio(team["won"], team["settled"]),
                roi=ratio(team["profit"], team["staked"]),
            )
            for team in found["teams"]
        ],
        daily=[DailyProfit.model_validate(entry) for entry in found["daily"]],
    )


def _biggest_win(found: dict[str, Any]) -> BiggestWin | None:
    if found["biggest_win"] is None or found["biggest_bet_id"] is None:
        return None
    return BiggestWin(
        bet_id=found["biggest_bet_id"],
        game_id=found["biggest_game_id"],
        pick=found["biggest_pick"],
        odds=found["biggest_odds"],
        stake=found["biggest_stake"],
        profit=found["biggest_win"],
        settled_at=found["biggest_settled_at"],
    )


# ------------------------------------------------------------------ helpers


def _bet(r: store.BetRecord) -> Bet:
    """A stored bet (with its game) as its model."""
    game = r["game"]
    home, away, pick, stake, odds = (
        game["home_team"],
        game["away_team"],
        r["pick"],
        r["stake"],
        r["odds"],
    )
    return Bet(
        bet_id=r["bet_id"],
        game_id=r["game_id"],
        season=r["season"],
        pick=pick,
        opponent=away if pick == home else home,
        stake=stake,
        odds=odds,
        potential_payout=potential_payout(stake, odds),
        status=r["status"],
        payout=r["payout"],
        profit=_profit(r["status"], stake, r["payout"]),
        placed_at=store.instant(r["placed_at"]),
        settled_at=store.instant(r["settled_at"]),
        game=BetGame(
            game_id=r["game_id"],
            season=r["season"],
            game_date=store.day(game["game_date"]),
            tipoff_at=store.instant(game["tipoff_at"]),
            status=game["status"],
            home_team=home,
            away_team=away,
            home_score=game["home_score"],
            away_score=game["away_score"],
        ),
    )


def _profit(status: str, stake: Decimal, payout: Decimal | None) -> Decimal | None:
    """Won: payout - stake; lost: -stake; void or cancelled: 0; pending: None."""
    if status == "pending":
        return None
    if status == "lost":
        return -stake
    if status == "won" and payout is not None:
        return payout - stake
    return ZERO


def _tipoff(row: Row) -> datetime:
    return store.instant(row.tipoff_at)


def _iso(value: str | datetime) -> str:
    return store.instant(value).isoformat()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive time in cursor")
    return value


def _bad_cursor() -> BadRequest:
    return BadRequest("cursor is not valid", code="invalid_cursor", details={"field": "cursor"})
