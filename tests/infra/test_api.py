"""The REST API in the template is the route table: methods, authorizer, integrations, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from courtside.routes import ROUTES, Route
from tests.infra.support import Synthesized, SynthesizedApp

pytestmark = pytest.mark.infra


def method_table(stage: Synthesized) -> dict[tuple[str, str], dict[str, Any]]:
    """(HTTP method, full path) -> method properties, from the template's resource tree."""
    resources = stage.of_type("AWS::ApiGateway::Resource")

    def path_of(reference: dict[str, Any]) -> str:
        if "Fn::GetAtt" in reference:  # the API's root resource
            return ""
        properties = resources[reference["Ref"]]["Properties"]
        return path_of(properties["ParentId"]) + "/" + properties["PathPart"]

    table: dict[tuple[str, str], dict[str, Any]] = {}
    for method in stage.of_type("AWS::ApiGateway::Method").values():
        properties = method["Properties"]
        key = (properties["HttpMethod"], path_of(properties["ResourceId"]))
        assert key not in table, f"{key} is declared twice"
        table[key] = properties
    return table


def route_key(route: Route) -> tuple[str, str]:
    return (route.method, route.path)


def test_the_api_has_exactly_the_route_tables_methods(dev: Synthesized) -> None:
    table = method_table(dev)

    assert set(table) == {route_key(route) for route in ROUTES}
    assert len(table) == len(ROUTES)


def test_no_catch_all_resource_or_method_exists(prod: Synthesized) -> None:
    path_parts = [
        r["Properties"]["PathPart"] for r in prod.of_type("AWS::ApiGateway::Resource").values()
    ]
    methods = {p["HttpMethod"] for p in method_table(prod).values()}

    assert not [part for part in path_parts if "+" in part]
    assert "ANY" not in methods
    assert "OPTIONS" not in methods


def test_every_user_and_admin_method_uses_the_jwt_authorizer_and_no_public_one(
    prod: Synthesized,
) -> None:
    (authorizer_id,) = prod.of_type("AWS::ApiGateway::Authorizer")
    table = method_table(prod)

    for route in ROUTES:
        method = table[route_key(route)]
        if route.access == "public":
            assert method["AuthorizationType"] == "NONE", route
            assert "AuthorizerId" not in method, route
        else:
            assert method["AuthorizationType"] == "CUSTOM", route
            assert method["AuthorizerId"] == {"Ref": authorizer_id}, route


@pytest.mark.parametrize("stage_name", ["dev", "prod"])
def test_the_token_authorizer_reads_the_bearer_header_with_the_configured_cache(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    (authorizer,) = stage.of_type("AWS::ApiGateway::Authorizer").values()
    properties = authorizer["Properties"]
    function_id = stage.logical_id(stage.stack.functions["authorizer"].target)

    assert properties["Type"] == "TOKEN"
    assert properties["IdentitySource"] == "method.request.header.Authorization"
    assert properties["AuthorizerResultTtlInSeconds"] == stage.config.authorizer_cache_seconds
    assert function_id in json.dumps(properties["AuthorizerUri"])


def test_each_method_is_a_lambda_proxy_to_its_groups_function(dev: Synthesized) -> None:
    table = method_table(dev)
    function_ids = {  # the `live` alias where the function has one
        name: dev.logical_id(built.target) for name, built in dev.stack.functions.items()
    }

    for route in ROUTES:
        integration = table[route_key(route)]["Integration"]
        uri = json.dumps(integration["Uri"])
        assert integration["Type"] == "AWS_PROXY", route
        assert integration["IntegrationHttpMethod"] == "POST", route
        assert function_ids[route.group] in uri, route
        others = [fid for name, fid in function_ids.items() if name != route.group]
        assert not [fid for fid in others if fid in uri], route


def test_path_parameters_are_declared_on_their_methods(dev: Synthesized) -> None:
    table = method_table(dev)

    for route in ROUTES:
        declared = table[route_key(route)].get("RequestParameters", {})
        assert declared == {f"method.request.path.{p}": True for p in route.params}, route


def test_token_endpoint_has_a_tighter_throttle_than_the_stage(prod: Synthesized) -> None:
    (stage,) = prod.of_type("AWS::ApiGateway::Stage").values()
    settings = {
        (s["HttpMethod"], s["ResourcePath"]): s for s in stage["Properties"]["MethodSettings"]
    }
    everything = settings[("*", "/*")]
    token = settings[("POST", "/~1v1~1token")]

    assert everything["ThrottlingRateLimit"] == prod.config.api_throttle.rate_limit
    assert everything["ThrottlingBurstLimit"] == prod.config.api_throttle.burst_limit
    assert token["ThrottlingRateLimit"] == prod.config.token_throttle.rate_limit
    assert token["ThrottlingBurstLimit"] == prod.config.token_throttle.burst_limit
    assert token["ThrottlingRateLimit"] < everything["ThrottlingRateLimit"]


def test_stage_traces_and_logs_access_without_headers(prod: Synthesized) -> None:
    (stage,) = prod.of_type("AWS::ApiGateway::Stage").values()
    properties = stage["Properties"]
    log_format = json.loads(properties["AccessLogSetting"]["Format"])

    assert properties["StageName"] == "prod"
    assert properties["TracingEnabled"] is True
    assert log_format["requestId"] == "$context.requestId"
    assert log_format["status"] == "$context.status"
    assert not [v for v in log_format.values() if "header" in v.lower()]
    everything = next(s for s in properties["MethodSettings"] if s["ResourcePath"] == "/*")
    assert everything["DataTraceEnabled"] is False


@pytest.mark.parametrize(
    ("response_type", "status", "code"),
    [
        ("UNAUTHORIZED", "401", "unauthorized"),
        ("ACCESS_DENIED", "403", "access_denied"),
        ("MISSING_AUTHENTICATION_TOKEN", "404", "route_not_found"),
        ("THROTTLED", "429", "too_many_requests"),
    ],
)
def test_gateway_errors_use_the_project_error_shape(
    prod: Synthesized, response_type: str, status: str, code: str
) -> None:
    responses = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in prod.of_type("AWS::ApiGateway::GatewayResponse").values()
    }
    response = responses[response_type]
    body = json.loads(response["ResponseTemplates"]["application/json"])

    assert response["StatusCode"] == status
    assert response["ResponseParameters"]["gatewayresponse.header.Content-Type"] == (
        "'application/json'"
    )
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert body["error"]["details"] is None
