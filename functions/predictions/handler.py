"""Predictions routes (public): community picks on a game, and the leaderboard.

Answers are serialised by pydantic straight to JSON text, as in the bets group.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import predictions
from courtside.domain.predictions import GamePredictions, Leaderboard, LeaderboardOrder
from courtside.http import create_app
from courtside.http.params import Cursor, Limit, Season
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.pagination import DEFAULT_LIMIT

app = create_app("predictions")


@app.get(
    "/v1/predictions/games/<game_id>",
    summary="How many users picked each side of a game, and the stake share",
    tags=["predictions"],
    responses=ok(GamePredictions, "Users and stake per side"),
)
def get_game_predictions(
    game_id: Annotated[str, Path(description="The game's id")],
) -> Response[str]:
    return json_ok(predictions.game_predictions(game_id))


@app.get(
    "/v1/predictions/leaderboard",
    summary="The season leaderboard by profit or accuracy",
    tags=["predictions"],
    responses=ok(Leaderboard, "One page of the ranking"),
)
def get_leaderboard(
    season: Season = None,
    by: Annotated[LeaderboardOrder, Query(description="Rank by profit or accuracy")] = "profit",
    cursor: Cursor = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Response[str]:
    board = predictions.leaderboard(season=season, by=by, cursor=cursor, limit=limit)
    return json_ok(board)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
