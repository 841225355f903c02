"""Players routes: search and sort, stat leaders, and one player."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain import players
from courtside.http import create_app
from courtside.http.params import DEFAULT_LIMIT, Cursor, Limit, Season
from courtside.http.responses import json_ok, ok
from courtside.observability import logger, metrics, tracer
from courtside.schemas.players import LeadersPage, PlayerDetail, PlayerSeasonPage
from courtside.tables import PLAYER_STATS

app = create_app("players")

SORT_PATTERN = "^(" + "|".join(("name", "age", *PLAYER_STATS)) + ")$"
STAT_PATTERN = "^(" + "|".join(PLAYER_STATS) + ")$"


@app.get(
    "/v1/players",
    summary="Players' season averages: search, filter, sort",
    tags=["players"],
    responses=ok(PlayerSeasonPage),
)
def list_players(
    season: Season = None,
    team: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2,3}$", description="Team, or TOT for totals")
    ] = None,
    position: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{1,2}$", description="PG, SG, SF, PF or C")
    ] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=80, description="Name search, any case, any accents"),
    ] = None,
    sort: Annotated[
        str, Query(pattern=SORT_PATTERN, description="name, age or a stat column (pts, ast, ...)")
    ] = "name",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        players.list_players(
            season=season,
            team=team,
            position=position,
            q=q,
            sort=sort,
            order=order,
            limit=limit,
            cursor=cursor,
        )
    )


@app.get(
    "/v1/players/leaders",
    summary="Season leaders in a stat",
    tags=["players"],
    responses=ok(LeadersPage),
)
def get_leaders(
    stat: Annotated[str, Query(pattern=STAT_PATTERN, description="A stat column")] = "pts",
    season: Season = None,
    min_games: Annotated[
        int | None,
        Query(ge=0, le=200, description="Qualification (default: half the most games played)"),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response[str]:
    return json_ok(
        players.leaders(stat=stat, season=season, min_games=min_games, limit=limit, cursor=cursor)
    )


@app.get(
    "/v1/players/<player_id>",
    summary="A player and his season lines",
    tags=["players"],
    responses=ok(PlayerDetail),
)
def get_player(
    player_id: Annotated[str, Path(max_length=80, examples=["nikola-jokic"])],
) -> Response[str]:
    return json_ok(players.get_player(player_id))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
