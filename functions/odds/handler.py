"""Odds routes: a day's games with their latest lines, and one game's odds history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import odds
from courtside.domain.seasons import league_today
from courtside.http import create_app
from courtside.http.params import DEFAULT_LIMIT, Cursor, Limit
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.schemas.games import GameOddsPage, OddsLinePage

app = create_app("odds")

GameId = Annotated[str, Path(max_length=40, description="<YYYYMMDD>-<AWAY>-<HOME>")]


@app.get(
    "/v1/odds",
    summary="A day's games with their latest odds",
    tags=["odds"],
    responses=ok(GameOddsPage),
)
def list_odds(
    day: Annotated[
        date | None, Query(alias="date", description="Local game date (default: today)")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(odds.odds_on(day or league_today(), limit=limit, cursor=cursor))


@app.get(
    "/v1/games/<game_id>/odds",
    summary="Every odds snapshot of a game",
    tags=["odds"],
    responses=ok(OddsLinePage),
)
def get_game_odds(
    game_id: GameId, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response[str]:
    return json_ok(odds.snapshots(game_id, limit=limit, cursor=cursor))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
