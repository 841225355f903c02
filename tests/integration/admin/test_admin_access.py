"""Access to every admin route, generated from the route table: 401, 403, revocation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from courtside.http import registered_routes
from courtside.routes import ROUTES, Route, routes_of
from local.functions import load_module
from tests.integration.admin.support import (
    Account,
    call_admin,
    empty_tables,
    login,
    make_account,
    make_current,
)

pytestmark = pytest.mark.integration

ADMIN_ROUTES = [route for route in ROUTES if route.path.startswith("/v1/admin/")]
SAMPLE_PARAMS = {"name": "betting", "user_id": str(uuid.UUID(int=7))}
SAMPLE_BODIES = {
    "POST /v1/admin/feature-flags": {"name": "sample"},
    "PATCH /v1/admin/feature-flags/{name}": {"enabled": True},
    "PUT /v1/admin/settings": {"max_stake": 100},
    "PATCH /v1/admin/users/{user_id}": {"role": "Consumer"},
}
"""Valid bodies, so each refusal below comes from the access checks and not validation."""


@dataclass(frozen=True)
class World:
    """One database for the whole module: nothing below gets as far as writing."""

    gateway: Any
    boss: Account
    casey: Account
    casey_headers: dict[str, str]


@pytest.fixture(scope="module")
def world(admin_database: str, gateway_factory: Any) -> Iterator[World]:
    from courtside.domain import accounts, config

    make_current(admin_database)
    empty_tables()
    config.invalidate()
    accounts.forget_user_state()
    gateway = gateway_factory(authorizer_ttl_seconds=300)
    casey = make_account("casey")
    yield World(gateway, make_account("boss", "Admin"), casey, login(gateway, casey))
    accounts.forget_user_state()


def concrete(route: Route) -> str:
    path = route.path
    for param in route.params:
        path = path.replace("{" + param + "}", SAMPLE_PARAMS[param])
    return path


def body_of(route: Route) -> dict | None:
    return SAMPLE_BODIES.get(route_id(route))


def route_id(route: Route) -> str:
    return f"{route.method} {route.path}"


def test_every_admin_path_is_an_admin_route_served_by_the_admin_function():
    assert len(ADMIN_ROUTES) >= 12
    assert {route.access for route in ADMIN_ROUTES} == {"admin"}
    assert {route.group for route in ADMIN_ROUTES} == {"admin"}
    with_body = {route_id(r) for r in ADMIN_ROUTES if r.method in ("POST", "PUT", "PATCH")}
    assert with_body - {"POST /v1/admin/results/run"} == set(SAMPLE_BODIES)
    assert all(route.path.startswith("/v1/admin/") for route in routes_of("admin"))
    served = registered_routes(load_module("admin").app)
    assert served == {(route.method, route.path) for route in routes_of("admin")}


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=route_id)
def test_no_token_is_401(world, route):
    response = world.gateway.open(concrete(route), method=route.method, json=body_of(route))

    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=route_id)
def test_a_consumer_token_is_denied_by_the_authorizer(world, route):
    response = world.gateway.open(
        concrete(route), method=route.method, headers=world.casey_headers, json=body_of(route)
    )

    assert response.status_code == 403
    assert response.json["error"]["code"] == "access_denied"


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=route_id)
def test_the_handler_refuses_a_consumer_that_got_through(world, route):
    status, body = call_admin(
        route.method, concrete(route), as_user=world.casey.as_user, body=body_of(route)
    )

    assert status == 403
    assert body["error"]["code"] == "role_required"


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=route_id)
def test_the_handler_refuses_a_revoked_admin_token(world, route):
    status, body = call_admin(
        route.method,
        concrete(route),
        as_user=world.boss.as_user,
        token_version=0,
        body=body_of(route),
    )

    assert status == 401
    assert body["error"]["code"] == "token_revoked"


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=route_id)
def test_the_handler_refuses_a_request_without_a_principal(world, route):
    status, body = call_admin(route.method, concrete(route), as_user=None, body=body_of(route))

    assert status == 401
    assert body["error"]["code"] == "unauthenticated"
