"""Games routes: standings, the schedule and results, and one game."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import games, standings
from courtside.http import create_app
from courtside.http.params import (
    DEFAULT_LIMIT,
    Conference,
    Cursor,
    Limit,
    Season,
    SeasonType,
    TeamParam,
)
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.schemas.games import Game, GamePage
from courtside.schemas.teams import StandingsPage

app = create_app("games")

GameId = Annotated[
    str, Path(max_length=40, description="<YYYYMMDD>-<AWAY>-<HOME>", examples=["20231024-LAL-DEN"])
]
Status = Annotated[
    str | None,
    Query(pattern=r"^(scheduled|final|cancelled|postponed)$", description="Game status"),
]


@app.get(
    "/v1/standings", summary="Regular-season standings", tags=["games"], responses=ok(StandingsPage)
)
def get_standings(
    season: Season = None,
    conference: Conference = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        standings.standings_page(season=season, conference=conference, limit=limit, cursor=cursor)
    )


@app.get("/v1/games", summary="Games: schedule and results", tags=["games"], responses=ok(GamePage))
def list_games(
    day: Annotated[date | None, Query(alias="date", description="Local game date")] = None,
    start: Annotated[date | None, Query(alias="from", description="First date")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last date")] = None,
    team: TeamParam = None,
    season: Season = None,
    season_type: SeasonType = None,
    status: Status = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        games.list_games(
            day=day,
            start=start,
            end=end,
            team=team,
            season=season,
            season_type=season_type,
            status=status,
            limit=limit,
            cursor=cursor,
        )
    )


@app.get(
    "/v1/games/<game_id>",
    summary="One game with its latest odds",
    tags=["games"],
    responses=ok(Game),
)
def get_game(game_id: GameId) -> Response[str]:
    return json_ok(games.get_game(game_id))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
