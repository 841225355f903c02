"""Bets routes: open games, placing, cancelling, the caller's history, summary and CSV.

Responses are serialised by pydantic straight to JSON text (`model_dump_json`) and
declared for the OpenAPI document with `responses`: the resolver's generic response
validation walks every nested model of a page again in Python, which costs more than
the query behind it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import bets
from courtside.domain.bets import (
    BetBatch,
    BetRequest,
    BetsPage,
    BetStatus,
    BetSummary,
    CancelledBet,
    OpenGamesPage,
    PlacedBet,
    PlacedBets,
)
from courtside.http import create_app, principal
from courtside.http.params import Cursor, Limit
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.pagination import DEFAULT_LIMIT

app = create_app("bets")

SEASON_PATTERN = r"^\d{4}-\d{2}$"


@app.get(
    "/v1/bets/open",
    summary="Games open for betting, with odds and your bet",
    tags=["bets"],
    responses=ok(OpenGamesPage, "Open games, soonest first"),
)
def get_open_games(cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> Response[str]:
    return json_ok(bets.open_games(principal(app), cursor=cursor, limit=limit))


@app.post(
    "/v1/bets",
    summary="Place a bet: the latest odds are locked on it",
    tags=["bets"],
    responses=ok(PlacedBet, "The bet with its odds and potential payout", 201),
)
def post_bet(request: BetRequest) -> Response[str]:
    placed = bets.place_bet(principal(app), request)
    metrics.add_metric(name="BetsPlaced", unit="Count", value=1)
    return json_ok(placed, 201)


@app.post(
    "/v1/bets/batch",
    summary="Place several bets at once, all or nothing",
    tags=["bets"],
    responses=ok(PlacedBets, "The bets with their odds and potential payouts", 201),
)
def post_bets(batch: BetBatch) -> Response[str]:
    placed = bets.place_bets(principal(app), batch.bets)
    metrics.add_metric(name="BetsPlaced", unit="Count", value=len(placed.bets))
    return json_ok(placed, 201)


@app.delete(
    "/v1/bets/<bet_id>",
    summary="Cancel a bet before tip-off (refunds it)",
    tags=["bets"],
    responses=ok(CancelledBet, "The cancelled bet, the refund and the new balance"),
)
def delete_bet(bet_id: Annotated[str, Path(description="The bet's id")]) -> Response[str]:
    cancelled = bets.cancel_bet(principal(app), bet_id)
    metrics.add_metric(name="BetsCancelled", unit="Count", value=1)
    return json_ok(cancelled)


@app.get(
    "/v1/bets",
    summary="Your bets, newest first",
    tags=["bets"],
    responses=ok(BetsPage, "A page of your bets"),
)
def get_bets(
    status: Annotated[BetStatus | None, Query(description="Only bets in this state")] = None,
    season: Annotated[
        str | None, Query(pattern=SEASON_PATTERN, description="Season, e.g. 2023-24")
    ] = None,
    placed_from: Annotated[
        date | None, Query(alias="from", description="Placed on or after (UTC date)")
    ] = None,
    placed_to: Annotated[
        date | None, Query(alias="to", description="Placed on or before (UTC date)")
    ] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Response[str]:
    page = bets.history(
        principal(app),
        status=status,
        season=season,
        placed_from=placed_from,
        placed_to=placed_to,
        cursor=cursor,
        limit=limit,
    )
    return json_ok(page)


@app.get(
    "/v1/bets/summary",
    summary="Your record, profit, streak and trends",
    tags=["bets"],
    responses=ok(BetSummary, "Your betting record"),
)
def get_summary() -> Response[str]:
    return json_ok(bets.summary(principal(app)))


@app.get(
    "/v1/bets/export.csv",
    summary="All your bets as a CSV download",
    tags=["bets"],
    responses={200: {"description": "text/csv", "content": {"text/csv": {}}}},
)
def get_export() -> Response[str]:
    caller = principal(app)
    body = bets.export_csv(caller)
    filename = f"courtside-bets-{caller.username}.csv"
    return Response(
        200,
        "text/csv; charset=utf-8",
        body,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
