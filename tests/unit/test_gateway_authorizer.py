"""The local gateway's authorizer semantics, with a stand-in authorizer and handler."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from local.gateway import Gateway

ALLOW_ALL = {
    "principalId": "u-1",
    "policyDocument": {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": ["arn:aws:execute-api:local:000000000000:courtside/local/*/*"],
            },
            {
                "Action": "execute-api:Invoke",
                "Effect": "Deny",
                "Resource": ["arn:aws:execute-api:local:000000000000:courtside/local/*/v1/admin/*"],
            },
        ],
    },
    "context": {"user_id": "u-1", "username": "alice", "role": "Consumer", "token_version": 7},
}


class Functions:
    """A loader whose authorizer answers from a script and whose handlers echo the event."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.authorizer_events: list[dict[str, Any]] = []
        self.handler_events: list[dict[str, Any]] = []

    def __call__(self, group: str) -> Any:
        if group == "authorizer":
            return self.authorize
        return self.handle

    def authorize(self, event: dict[str, Any], context: Any) -> Any:
        self.authorizer_events.append(event)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def handle(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        self.handler_events.append(event)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}


def client_for(answer: Any, ttl: int = 300) -> tuple[Client, Functions]:
    functions = Functions(answer)
    return Client(Gateway(loader=functions, authorizer_ttl_seconds=ttl)), functions


def test_the_authorizer_sees_the_actual_method_arn_and_the_handler_a_string_context():
    client, functions = client_for(ALLOW_ALL)

    response = client.delete("/v1/bets/abc-123", headers={"Authorization": "Bearer t"})

    assert response.status_code == 200
    assert functions.authorizer_events == [
        {
            "type": "TOKEN",
            "authorizationToken": "Bearer t",
            "methodArn": (
                "arn:aws:execute-api:local:000000000000:courtside/local/DELETE/v1/bets/abc-123"
            ),
        }
    ]
    assert functions.handler_events[0]["requestContext"]["authorizer"] == {
        "user_id": "u-1",
        "username": "alice",
        "role": "Consumer",
        "token_version": "7",
        "principalId": "u-1",
    }


def test_answers_are_cached_per_token_and_reused_on_other_routes():
    client, functions = client_for(ALLOW_ALL)

    client.get("/v1/me", headers={"Authorization": "Bearer t"})
    client.get("/v1/bets", headers={"Authorization": "Bearer t"})
    denied = client.get("/v1/admin/overview", headers={"Authorization": "Bearer t"})
    client.get("/v1/me", headers={"Authorization": "Bearer other"})

    assert denied.status_code == 403
    assert [e["authorizationToken"] for e in functions.authorizer_events] == [
        "Bearer t",
        "Bearer other",
    ]
    assert len(functions.handler_events) == 3


def test_unauthorized_is_a_401_and_any_other_failure_a_500():
    refused, _ = client_for(Exception("Unauthorized"))
    broken, _ = client_for(RuntimeError("database down"))

    assert refused.get("/v1/me", headers={"Authorization": "Bearer t"}).status_code == 401
    failed = broken.get("/v1/me", headers={"Authorization": "Bearer t"})
    assert failed.status_code == 500
    assert failed.json["error"]["code"] == "authorizer_error"
