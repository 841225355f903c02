"""The route table: every route of the API, declared once.

The CDK stack builds API Gateway resources and methods from it, the local gateway
routes with it, and each group's Powertools resolver is checked against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Access = Literal["public", "user", "admin"]

GROUPS = (
    "meta",
    "teams",
    "players",
    "games",
    "odds",
    "predictions",
    "auth",
    "bets",
    "admin",
)
"""Resource groups served over HTTP, one Lambda function each."""

_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    group: str
    access: Access

    @property
    def resolver_path(self) -> str:
        """The path as Powertools routes it (`/v1/teams/<abbr>`)."""
        return _PARAM.sub(r"<\1>", self.path)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(_PARAM.findall(self.path))


def _r(method: str, path: str, group: str, access: Access = "public") -> Route:
    return Route(method, path, group, access)


ROUTES: tuple[Route, ...] = (
    # meta: health, docs and what the web UI needs to render
    _r("GET", "/v1/health", "meta"),
    _r("GET", "/v1/openapi.json", "meta"),
    _r("GET", "/v1/docs", "meta"),
    _r("GET", "/v1/feature-flags", "meta"),
    # teams
    _r("GET", "/v1/teams", "teams"),
    _r("GET", "/v1/teams/{abbr}", "teams"),
    _r("GET", "/v1/teams/{abbr}/games", "teams"),
    # games: schedule, results, standings
    _r("GET", "/v1/standings", "games"),
    _r("GET", "/v1/games", "games"),
    _r("GET", "/v1/games/{game_id}", "games"),
    # odds
    _r("GET", "/v1/odds", "odds"),
    _r("GET", "/v1/games/{game_id}/odds", "odds"),
    # players
    _r("GET", "/v1/players", "players"),
    _r("GET", "/v1/players/leaders", "players"),
    _r("GET", "/v1/players/{player_id}", "players"),
    # predictions: public aggregates of user picks
    _r("GET", "/v1/predictions/games/{game_id}", "predictions"),
    _r("GET", "/v1/predictions/leaderboard", "predictions"),
    # auth
    _r("POST", "/v1/users", "auth"),
    _r("POST", "/v1/token", "auth"),
    _r("GET", "/v1/me", "auth", "user"),
    _r("PATCH", "/v1/me", "auth", "user"),
    _r("POST", "/v1/me/password", "auth", "user"),
    _r("POST", "/v1/logout", "auth", "user"),
    # bets: a user's own bets
    _r("GET", "/v1/bets/open", "bets", "user"),
    _r("GET", "/v1/bets", "bets", "user"),
    _r("POST", "/v1/bets", "bets", "user"),
    _r("POST", "/v1/bets/batch", "bets", "user"),
    _r("GET", "/v1/bets/summary", "bets", "user"),
    _r("GET", "/v1/bets/export.csv", "bets", "user"),
    _r("DELETE", "/v1/bets/{bet_id}", "bets", "user"),
    # admin
    _r("GET", "/v1/admin/overview", "admin", "admin"),
    _r("GET", "/v1/admin/feature-flags", "admin", "admin"),
    _r("POST", "/v1/admin/feature-flags", "admin", "admin"),
    _r("PATCH", "/v1/admin/feature-flags/{name}", "admin", "admin"),
    _r("DELETE", "/v1/admin/feature-flags/{name}", "admin", "admin"),
    _r("GET", "/v1/admin/settings", "admin", "admin"),
    _r("PUT", "/v1/admin/settings", "admin", "admin"),
    _r("GET", "/v1/admin/users", "admin", "admin"),
    _r("PATCH", "/v1/admin/users/{user_id}", "admin", "admin"),
    _r("POST", "/v1/admin/results/run", "admin", "admin"),
    _r("GET", "/v1/admin/results/runs", "admin", "admin"),
    _r("GET", "/v1/admin/audit", "admin", "admin"),
)


def routes_of(group: str) -> tuple[Route, ...]:
    """The routes served by one resource group."""
    return tuple(route for route in ROUTES if route.group == group)
