"""The API Gateway REST API, built from the route table.

Every route of `courtside.routes.ROUTES` becomes exactly one method under `/v1`, a
Lambda proxy integration to its group's function; nothing else exists, so an unknown
path is answered by API Gateway itself (a JSON 404 here) and never reaches a Lambda.
`user` and `admin` methods go through the JWT TOKEN authorizer; `public` ones do not.
API Gateway's own answers (401, 403, 404, 429, 5xx) use the project's error shape.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk.config import StageConfig
from cdk.nag import acknowledge
from cdk.retention import retention
from courtside.routes import Route

TOKEN_ROUTE = ("POST", "/v1/token")
BEARER_PATTERN = r"^[Bb][Ee][Aa][Rr][Ee][Rr] [-A-Za-z0-9._~+/]+=*$"
"""Headers that cannot be a bearer token are refused (401) without calling the authorizer."""

ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTimeEpoch",
    "ip": "$context.identity.sourceIp",
    "userAgent": "$context.identity.userAgent",
    "method": "$context.httpMethod",
    "resource": "$context.resourcePath",
    "path": "$context.path",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "latencyMs": "$context.responseLatency",
    "integrationLatencyMs": "$context.integration.latency",
    "integrationStatus": "$context.integration.status",
    "userId": "$context.authorizer.user_id",
    "authorizerError": "$context.authorizer.error",
    "errorType": "$context.error.responseType",
    "xrayTraceId": "$context.xrayTraceId",
}
"""One JSON line per request; never a header, so never a token."""

GATEWAY_ERRORS: tuple[tuple[apigw.ResponseType, str, str, str], ...] = (
    (apigw.ResponseType.UNAUTHORIZED, "401", "unauthorized", "Unauthorized"),
    (
        apigw.ResponseType.ACCESS_DENIED,
        "403",
        "access_denied",
        "User is not authorized to access this resource",
    ),
    (apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, "404", "route_not_found", "no such route"),
    (apigw.ResponseType.THROTTLED, "429", "too_many_requests", "too many requests, slow down"),
    (apigw.ResponseType.QUOTA_EXCEEDED, "429", "too_many_requests", "request quota exceeded"),
    (apigw.ResponseType.AUTHORIZER_FAILURE, "500", "authorizer_failed", "authorization failed"),
    (
        apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR,
        "500",
        "authorizer_failed",
        "authorization failed",
    ),
    (apigw.ResponseType.INTEGRATION_TIMEOUT, "504", "timeout", "the request timed out"),
    (apigw.ResponseType.DEFAULT_4_XX, "", "bad_request", "$context.error.message"),
    (apigw.ResponseType.DEFAULT_5_XX, "", "internal_error", "internal error"),
)
"""API Gateway's own answers: (type, status or "" to keep its own, code, message)."""


def error_body(code: str, message: str) -> str:
    """The project's error shape as an API Gateway response template."""
    if message.startswith("$context"):
        # API Gateway's message variable, JSON-escaped by its `String` form
        return (
            f'{{"error": {{"code": "{code}", '
            f'"message": $context.error.messageString, "details": null}}}}'
        )
    return json.dumps({"error": {"code": code, "message": message, "details": None}})


class RouteTableApi(Construct):
    """A REST API whose resources and methods are exactly the route table's."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        routes: Sequence[Route],
        targets: Mapping[str, lambda_.IFunction],
        authorizer_function: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        removal = RemovalPolicy.RETAIN if config.retain_data else RemovalPolicy.DESTROY
        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=retention(config.log_retention_days),
            removal_policy=removal,
        )
        token_method, token_path = TOKEN_ROUTE
        self.api = apigw.RestApi(
            self,
            "Api",
            rest_api_name=f"courtside-{config.stage}",
            description="Courtside: open NBA data and simulated betting",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.DESTROY,
            deploy_options=apigw.StageOptions(
                stage_name=config.stage,
                tracing_enabled=True,
                metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.ERROR,
                data_trace_enabled=False,
                throttling_rate_limit=config.api_throttle.rate_limit,
                throttling_burst_limit=config.api_throttle.burst_limit,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
                method_options={
                    f"{token_path}/{token_method}": apigw.MethodDeploymentOptions(
                        throttling_rate_limit=config.token_throttle.rate_limit,
                        throttling_burst_limit=config.token_throttle.burst_limit,
                    )
                },
            ),
        )
        self.authorizer = apigw.TokenAuthorizer(
            self,
            "JwtAuthorizer",
            handler=authorizer_function,
            authorizer_name=f"courtside-{config.stage}-jwt",
            identity_source=apigw.IdentitySource.header("Authorization"),
            validation_regex=BEARER_PATTERN,
            results_cache_ttl=Duration.seconds(config.authorizer_cache_seconds),
        )

        integrations = {
            group: apigw.LambdaIntegration(target, proxy=True, allow_test_invoke=False)
            for group, target in targets.items()
        }
        self.methods: dict[tuple[str, str], apigw.Method] = {}
        for route in routes:
            self.methods[(route.method, route.path)] = self._add_route(route, integrations)
        self._add_gateway_responses()
        self._suppress()

    def _add_route(
        self, route: Route, integrations: Mapping[str, apigw.LambdaIntegration]
    ) -> apigw.Method:
        if route.group not in integrations:
            raise KeyError(f"no function for group {route.group!r} ({route.method} {route.path})")
        resource = self.api.root.resource_for_path(route.path)
        protected = route.access != "public"
        method = resource.add_method(
            route.method,
            integrations[route.group],
            authorizer=self.authorizer if protected else None,
            authorization_type=(
                apigw.AuthorizationType.CUSTOM if protected else apigw.AuthorizationType.NONE
            ),
            request_parameters={f"method.request.path.{name}": True for name in route.params},
        )
        if protected:
            acknowledge(
                method,
                (
                    "AwsSolutions-COG4",
                    "Users are Courtside accounts, not Cognito: the JWT TOKEN authorizer "
                    "guards this method.",
                ),
            )
        else:
            public = f"{route.method} {route.path} is public in the route table."
            acknowledge(method, ("AwsSolutions-APIG4", public), ("AwsSolutions-COG4", public))
        return method

    def _add_gateway_responses(self) -> None:
        for response_type, status, code, message in GATEWAY_ERRORS:
            headers = {"Content-Type": "'application/json'", "Cache-Control": "'no-store'"}
            if status == "401":
                headers["WWW-Authenticate"] = "'Bearer'"
            self.api.add_gateway_response(
                response_type.response_type.title().replace("_", ""),
                type=response_type,
                status_code=status or None,
                response_headers=headers,
                templates={"application/json": error_body(code, message)},
            )

    def _suppress(self) -> None:
        acknowledge(
            self.api,
            (
                "AwsSolutions-APIG2",
                "Requests are validated by each handler's Powertools resolver (pydantic), "
                "which answers 422 naming the field; a second, looser validator here would "
                "disagree with it.",
            ),
            (
                "AwsSolutions-APIG3",
                "WAF is not attached yet (cost); stage throttling, the tighter token "
                "throttle and the login lockout limit abuse. See README.",
            ),
            (
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AmazonAPIGatewayPushToCloudWatchLogs]",
                "API Gateway's account-level CloudWatch role uses the AWS managed push-to-logs "
                "policy, the documented setup.",
            ),
        )
