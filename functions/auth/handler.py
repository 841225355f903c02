"""Auth routes: sign up, log in (OAuth2 password form or JSON), the caller's own account."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Form
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, Field

from courtside.domain import accounts
from courtside.domain.accounts import AccessToken, UserProfile
from courtside.errors import BadRequest
from courtside.http import create_app, principal
from courtside.observability import logger, metrics, tracer

app = create_app("auth")


class SignUpRequest(BaseModel):
    username: str = Field(description="3-32 letters, digits, '_', '.' or '-'; unique in any case")
    password: str = Field(description="8 characters at least, at most 72 bytes in UTF-8")
    email: str | None = Field(default=None, description="Optional contact address")


class ProfileChange(BaseModel):
    email: str | None = Field(description="New address, or null to remove it")


class PasswordChange(BaseModel):
    current_password: str
    new_password: str = Field(description="8 characters at least, at most 72 bytes in UTF-8")


@app.post(
    "/v1/users",
    summary="Sign up",
    tags=["auth"],
    responses={201: {"description": "The new account (never its password hash)"}},
)
def post_user(signup: SignUpRequest) -> Response[UserProfile]:
    profile = accounts.sign_up(signup.username, signup.password, signup.email)
    metrics.add_metric(name="SignUps", unit="Count", value=1)
    return Response(201, "application/json", profile)


@app.post("/v1/token", summary="Log in: a bearer token for username and password", tags=["auth"])
def post_token(
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    grant_type: Annotated[str | None, Form(description='"password" when given')] = None,
) -> AccessToken:
    # The OAuth2 password grant, as a form (`application/x-www-form-urlencoded`) or as JSON
    # with the same fields: Powertools parses either by Content-Type.
    if grant_type not in (None, "", "password"):
        raise BadRequest("only the password grant is supported", code="unsupported_grant_type")
    return accounts.authenticate(username, password)


@app.get("/v1/me", summary="The caller's own account", tags=["auth"])
def get_me() -> UserProfile:
    return accounts.get_profile(principal(app))


@app.patch("/v1/me", summary="Change the caller's email address", tags=["auth"])
def patch_me(change: ProfileChange) -> UserProfile:
    return accounts.update_email(principal(app), change.email)


@app.post(
    "/v1/me/password",
    summary="Change the password: revokes every earlier token, returns a new one",
    tags=["auth"],
)
def post_password(change: PasswordChange) -> AccessToken:
    return accounts.change_password(principal(app), change.current_password, change.new_password)


@app.post(
    "/v1/logout",
    summary="Log out: revokes every token of the caller",
    tags=["auth"],
    responses={204: {"description": "Logged out"}},
)
def post_logout() -> Response[None]:
    accounts.logout(principal(app))
    return Response(204, "application/json", None)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
