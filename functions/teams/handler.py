"""Teams routes: the list, one team with its season record, and a team's game log."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import teams
from courtside.http import create_app
from courtside.http.params import DEFAULT_LIMIT, Conference, Cursor, Limit, Season, SeasonType
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.schemas.teams import GameLogPage, TeamDetail, TeamPage

app = create_app("teams")

Abbreviation = Annotated[str, Path(pattern=r"^[A-Za-z]{2,3}$", description="Team abbreviation")]


@app.get(
    "/v1/teams", summary="Teams, by conference and division", tags=["teams"], responses=ok(TeamPage)
)
def list_teams(
    conference: Conference = None,
    division: Annotated[str | None, Query(max_length=40, description="e.g. Atlantic")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        teams.list_teams(conference=conference, division=division, limit=limit, cursor=cursor)
    )


@app.get(
    "/v1/teams/<abbr>",
    summary="A team and its regular-season record",
    tags=["teams"],
    responses=ok(TeamDetail),
)
def get_team(abbr: Abbreviation, season: Season = None) -> Response[str]:
    return json_ok(teams.team_detail(abbr, season=season))


@app.get(
    "/v1/teams/<abbr>/games", summary="A team's game log", tags=["teams"], responses=ok(GameLogPage)
)
def get_team_games(
    abbr: Abbreviation,
    season: Season = None,
    season_type: SeasonType = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        teams.team_games(abbr, season=season, season_type=season_type, limit=limit, cursor=cursor)
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
