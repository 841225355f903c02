"""Health and the gateway's handling of unknown routes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_health_reports_database_ok(make_database, gateway_factory):
    make_database("courtside_test_meta")
    client = gateway_factory()

    response = client.get("/v1/health")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "latest_season": None}
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_unknown_route_is_json_404_without_calling_a_function(gateway_factory):
    called = []
    client = gateway_factory(loader=lambda group: called.append(group))

    response = client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json["error"]["code"] == "route_not_found"
    assert called == []


def test_a_wrong_method_is_json_405_naming_the_allowed_ones(gateway_factory):
    called = []
    client = gateway_factory(loader=lambda group: called.append(group))

    response = client.delete("/v1/teams")
    head = client.head("/v1/teams")

    assert head.status_code == 405
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert response.headers["Allow"] == "GET"
    assert called == []
