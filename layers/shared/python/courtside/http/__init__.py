"""The handler toolkit: the one part of the layer that knows about HTTP.

`create_app(group)` builds a Powertools `APIGatewayRestResolver` with validation on,
the error mapping (one place for every status code), Cache-Control on every
response, and the caller's principal appended to the logs. Domain code below never
sees these types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from courtside.errors import CourtsideError, Forbidden, Unauthorized
from courtside.observability import logger
from courtside.routes import Route, routes_of
from courtside.settings import get_settings

JSON_TYPE = "application/json"
ROLES = ("Admin", "Consumer")


@dataclass(frozen=True)
class Principal:
    """The authenticated caller, as the authorizer described them."""

    user_id: str
    username: str
    role: str
    token_version: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "Admin"


def error_body(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(
        status_code=status,
        content_type=JSON_TYPE,
        body=json.dumps(error_body(status, code, message, details), default=str),
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Powertools' validation errors as `{"location", "field", "message"}` entries."""
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else "request"
        field = ".".join(loc[1:]) or location
        details.append({"location": location, "field": field, "message": error.get("msg", "")})
    return details


def principal(app: APIGatewayRestResolver, *, role: str | None = None) -> Principal:
    """The caller from the authorizer context; re-checks the role the route needs."""
    context = app.current_event.request_context.authorizer.raw_event or {}
    user_id = context.get("user_id")
    username = context.get("username")
    caller_role = context.get("role")
    if not user_id or not username or caller_role not in ROLES:
        raise Unauthorized("authentication required", code="unauthenticated")
    if role is not None and caller_role != role:
        raise Forbidden(f"this needs the {role} role", code="role_required")
    return Principal(
        user_id=str(user_id),
        username=str(username),
        role=str(caller_role),
        token_version=_token_version(context.get("token_version")),
    )


def _token_version(value: Any) -> int | None:
    """API Gateway hands context values over as strings; the local gateway does the same."""
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def active_principal(app: APIGatewayRestResolver, *, role: str | None = None) -> Principal:
    """`principal()` plus `accounts.require_active`: the token is still honoured right now.

    Use it on every `user`/`admin` route that does not already call
    `courtside.domain.accounts.require_active(principal, conn)` inside its own transaction.
    """
    from courtside.domain.accounts import require_active

    caller = principal(app, role=role)
    active = require_active(caller)
    if role is not None and active.role != role:
        raise Forbidden(f"this needs the {role} role", code="role_required")
    return caller


def create_app(group: str) -> APIGatewayRestResolver:
    """A resolver for one resource group, with the shared error mapping and headers."""
    app = APIGatewayRestResolver(enable_validation=True, strip_prefixes=None)
    routes_by_key = {(r.method, r.path): r for r in routes_of(group)}
    public_cache = f"public, max-age={get_settings().public_cache_seconds}"

    def headers_middleware(
        app: APIGatewayRestResolver, next_middleware: NextMiddleware
    ) -> Response:
        _append_principal_to_logs(app)
        response = next_middleware(app)
        if "Cache-Control" not in response.headers:
            route = _matched_route(app, routes_by_key)
            cacheable = (
                route is not None
                and route.access == "public"
                and route.method == "GET"
                and response.status_code < 400
            )
            response.headers["Cache-Control"] = public_cache if cacheable else "no-store"
        return response

    app.use(middlewares=[headers_middleware])

    @app.exception_handler(CourtsideError)
    def handle_courtside_error(exc: CourtsideError) -> Response:
        if exc.status >= 500:
            logger.warning("request failed", code=exc.code, status=exc.status)
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestUnsupportedContentType)
    def handle_unsupported_content_type(exc: RequestUnsupportedContentType) -> Response:
        return error_response(
            415, "unsupported_media_type", "send the body as JSON (or a form where accepted)"
        )

    @app.exception_handler(RequestValidationError)
    def handle_validation_error(exc: RequestValidationError) -> Response:
        details = _validation_details(list(exc.errors()))
        fields = ", ".join(sorted({d["field"] for d in details}))
        return error_response(422, "validation_failed", f"invalid request: {fields}", details)

    @app.exception_handler(RecursionError)
    def handle_nested_too_deeply(exc: RecursionError) -> Response:
        # Only a body nested thousands of levels deep gets the JSON decoder this far.
        return error_response(400, "malformed_body", "the request body is nested too deeply")

    @app.not_found
    def handle_not_found(exc: NotFoundError) -> Response:
        return error_response(404, "route_not_found", "no such route")

    @app.exception_handler(Exception)
    def handle_unexpected(exc: Exception) -> Response:
        logger.exception("unhandled error")
        return error_response(500, "internal_error", "something went wrong on our side")

    return app


def _append_principal_to_logs(app: APIGatewayRestResolver) -> None:
    context = app.current_event.request_context.authorizer.raw_event or {}
    if context.get("user_id"):
        logger.append_keys(user_id=context.get("user_id"), role=context.get("role"))
    else:
        logger.remove_keys(["user_id", "role"])


def _matched_route(
    app: APIGatewayRestResolver, routes_by_key: dict[tuple[str, str], Route]
) -> Route | None:
    """The route-table entry of this request (API Gateway names it in `resource`)."""
    resource = app.current_event.get("resource") or ""
    return routes_by_key.get((app.current_event.http_method.upper(), resource))


def registered_routes(app: APIGatewayRestResolver) -> set[tuple[str, str]]:
    """(method, path) pairs a resolver serves, in route-table path syntax."""
    found = set()
    for route in app._static_routes + app._dynamic_routes:
        path = route.path.replace("<", "{").replace(">", "}")
        found.add((route.method.upper(), path))
    return found
