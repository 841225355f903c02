"""The TOKEN authorizer: `Authorization: Bearer <jwt>` in, an IAM policy plus context out.

Any token that must not be honoured raises `Exception("Unauthorized")`, which API
Gateway answers with a 401. A valid token gets one policy for the whole API (API
Gateway caches the answer per token and reuses it on other routes, so a policy for
one method only would wrongly lock the user out elsewhere) with an explicit Deny on
`/v1/admin/*` unless the stored role is Admin. The context carries `user_id`,
`username`, `role` and `token_version`; handlers re-check the version on every request.

No tracer decorator here: refusing is this function's normal path, and the tracer logs
every raised exception as an error with its traceback. Lambda's own X-Ray segment
still covers each invocation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerTokenEvent,
    HttpVerb,
    parse_api_gateway_arn,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain.accounts import authorize_token
from courtside.domain.roles import ADMIN
from courtside.errors import Unauthorized
from courtside.observability import logger

BEARER = "bearer "
ADMIN_PATHS = "/v1/admin/*"


def policy_for(event: APIGatewayAuthorizerTokenEvent) -> dict[str, Any]:
    """The authorizer's answer for one event; raises Exception("Unauthorized") to refuse."""
    token = bearer_token(event.get("authorizationToken"))
    try:
        user = authorize_token(token)
    except Unauthorized as exc:
        raise refusal(getattr(exc, "reason", exc.code)) from None

    return {
        "principalId": str(user.user_id),
        "policyDocument": policy_document(api_prefix(event.method_arn), user.role == ADMIN),
        "context": {
            "user_id": str(user.user_id),
            "username": user.username,
            "role": user.role,
            "token_version": user.token_version,
        },
    }


def api_prefix(method_arn: str) -> str:
    """`arn:...:execute-api:<region>:<account>:<api>/<stage>` of a method ARN."""
    return "/".join(method_arn.split("/", 2)[:2])


@lru_cache(maxsize=64)
def policy_document(api: str, is_admin: bool) -> dict[str, Any]:
    """The whole API allowed, `/v1/admin/*` denied unless admin (built once per API and role).

    Shared between invocations: treat it as read-only.
    """
    arn = parse_api_gateway_arn(f"{api}/GET/")
    response = APIGatewayAuthorizerResponse(
        principal_id="policy",
        region=arn.region,
        aws_account_id=arn.aws_account_id,
        api_id=arn.api_id,
        stage=arn.stage,
        partition=arn.partition,
    )
    response.allow_all_routes()
    if not is_admin:
        response.deny_route(HttpVerb.ALL.value, ADMIN_PATHS)
    document: dict[str, Any] = response.asdict()["policyDocument"]
    return document


def bearer_token(header: Any) -> str:
    """The token of an `Authorization: Bearer <token>` header; refuses anything else."""
    if not isinstance(header, str) or header[: len(BEARER)].lower() != BEARER:
        raise refusal("no_bearer_token")
    token = header[len(BEARER) :].strip()
    if not token or " " in token:
        raise refusal("no_bearer_token")
    return token


def refusal(reason: str) -> Exception:
    """API Gateway's contract: exactly `Exception("Unauthorized")` means 401. Logs why."""
    logger.info("token refused", reason=reason)
    return Exception("Unauthorized")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return policy_for(APIGatewayAuthorizerTokenEvent(event))
