"""The admin routes in the published OpenAPI document, and its Swagger UI."""

from __future__ import annotations

import pytest

from courtside.routes import routes_of

pytestmark = pytest.mark.integration


def test_every_admin_route_is_documented_as_needing_a_token(admin_db, gateway):
    response = gateway.get("/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json["paths"]
    for route in routes_of("admin"):
        operation = paths[route.path][route.method.lower()]
        assert operation["security"] == [{"bearerAuth": []}], route.path
        assert operation["tags"] == ["admin"]
    put_settings = paths["/v1/admin/settings"]["put"]
    assert "requestBody" in put_settings


def test_the_swagger_ui_is_served(admin_db, gateway):
    response = gateway.get("/v1/docs")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
