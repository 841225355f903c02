"""Predictions routes (public): community picks on a game, and the leaderboard.

Answers are serialised by pydantic straight to JSON text, as in the bets group.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from courtside.domain import predictions
from courtside.domain.predictions import GamePredictions, Leaderboard, LeaderboardOrder
from courtside.http import create_app
from courtside.observability import logger, metrics, tracer
from courtside.pagination import DEFAULT_LIMIT, MAX_LIMIT

app = create_app("predictions")
JSON = "application/json"


def answer(status: int, description: str, model: type[BaseModel]) -> dict[int, Any]:
    """The OpenAPI declaration of a route's JSON answer."""
    return {status: {"description": description, "content": {JSON: {"model": model}}}}


def json_response(model: BaseModel, status: int = 200) -> Response[str]:
    """The model as JSON text, which the resolver passes through untouched."""
    return Response(status, JSON, model.model_dump_json())


@app.get(
    "/v1/predictions/games/<game_id>",
    summary="How many users picked each side of a game, and the stake share",
    tags=["predictions"],
    responses=answer(200, "Users and stake per side", GamePredictions),
)
def get_game_predictions(
    game_id: Annotated[str, Path(description="The game's id")],
) -> Response[str]:
    return json_response(predictions.game_predictions(game_id))


@app.get(
    "/v1/predictions/leaderboard",
    summary="The season leaderboard by profit or accuracy",
    tags=["predictions"],
    responses=answer(200, "One page of the ranking", Leaderboard),
)
def get_leaderboard(
    season: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-\d{2}$", description="Season, e.g. 2023-24 (default: latest)"),
    ] = None,
    by: Annotated[LeaderboardOrder, Query(description="Rank by profit or accuracy")] = "profit",
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")] = DEFAULT_LIMIT,
) -> Response[str]:
    board = predictions.leaderboard(season=season, by=by, cursor=cursor, limit=limit)
    return json_response(board)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
