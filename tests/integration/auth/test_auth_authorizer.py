"""The TOKEN authorizer: whole responses for valid tokens, exact refusals for the rest."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from sqlalchemy import update

from courtside import clock, db
from courtside.domain import accounts, tokens
from courtside.http import Principal
from courtside.tables import users
from local.functions import LambdaContext, load_handler
from local.gateway import policy_allows

pytestmark = pytest.mark.integration

API = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod"
NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"


def authorize(header: Any, method_arn: str = f"{API}/GET/v1/me") -> dict[str, Any]:
    event: dict[str, Any] = {"type": "TOKEN", "methodArn": method_arn}
    if header is not None:
        event["authorizationToken"] = header
    answer: dict[str, Any] = load_handler("authorizer")(
        event, LambdaContext("authorizer", str(uuid.uuid4()))
    )
    return answer


def assert_refused(header: Any) -> None:
    """API Gateway turns exactly `Exception("Unauthorized")` into a 401."""
    with pytest.raises(Exception) as caught:
        authorize(header)
    assert type(caught.value) is Exception
    assert caught.value.args == ("Unauthorized",)


def login(username: str, role: str = "Consumer") -> tuple[accounts.UserProfile, str]:
    profile = accounts.create_user(username, PASSWORD, role=role)
    return profile, accounts.authenticate(username, PASSWORD).access_token


def claims_for(profile: accounts.UserProfile, **overrides: Any) -> dict[str, Any]:
    now = int(clock.now().timestamp())
    claims = {
        "sub": str(profile.user_id),
        "username": profile.username,
        "role": profile.role,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "iss": "courtside",
        "aud": "courtside-api",
        "jti": uuid.uuid4().hex,
        "ver": 1,
    }
    claims.update(overrides)
    return claims


def forge(claims: dict[str, Any], *, secret: str | None = None, alg: str = "HS256") -> str:
    key = tokens.current_key_set().signing_key
    if alg == "none":
        return jwt.encode(claims, None, algorithm="none", headers={"kid": key.kid})
    return jwt.encode(claims, secret or key.secret, algorithm=alg, headers={"kid": key.kid})


def consumer_policy(user_id: str) -> dict[str, Any]:
    return {
        "principalId": user_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": [f"{API}/*/*"]},
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Deny",
                    "Resource": [f"{API}/*/v1/admin/*"],
                },
            ],
        },
        "context": {
            "user_id": user_id,
            "username": "alice",
            "role": "Consumer",
            "token_version": 1,
        },
    }


def test_a_consumer_gets_the_whole_api_but_admin_paths(auth_db):
    profile, token = login("alice")

    answer = authorize(f"Bearer {token}")

    assert answer == consumer_policy(str(profile.user_id))


def test_an_admin_gets_the_whole_api_without_a_deny(auth_db):
    profile, token = login("root", role="Admin")
    user_id = str(profile.user_id)

    answer = authorize(f"Bearer {token}", f"{API}/GET/v1/admin/overview")

    assert answer == {
        "principalId": user_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": [f"{API}/*/*"]}
            ],
        },
        "context": {"user_id": user_id, "username": "root", "role": "Admin", "token_version": 1},
    }


@pytest.mark.parametrize(
    ("method", "path", "consumer", "admin"),
    [
        ("GET", "/v1/me", True, True),
        ("POST", "/v1/bets", True, True),
        ("DELETE", "/v1/bets/123", True, True),
        ("GET", "/v1/admin/overview", False, True),
        ("PATCH", "/v1/admin/users/42", False, True),
        ("DELETE", "/v1/admin/feature-flags/betting", False, True),
    ],
)
def test_the_policy_is_evaluated_per_method_as_iam_does(auth_db, method, path, consumer, admin):
    _, consumer_token = login("alice")
    _, admin_token = login("root", role="Admin")
    # The answer is cached per token and reused on every route: the first route must not matter.
    consumer_policy_doc = authorize(f"Bearer {consumer_token}")["policyDocument"]
    admin_policy_doc = authorize(f"Bearer {admin_token}")["policyDocument"]

    arn = f"{API}/{method}{path}"

    assert policy_allows(consumer_policy_doc, arn) is consumer
    assert policy_allows(admin_policy_doc, arn) is admin


def test_the_bearer_scheme_is_case_insensitive(auth_db):
    profile, token = login("alice")

    assert authorize(f"bearer {token}") == consumer_policy(str(profile.user_id))


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "Token abc", "Bearer a b"],
    ids=["missing", "empty", "scheme-only", "scheme-space", "basic", "other-scheme", "two-parts"],
)
def test_a_missing_or_misshapen_header_is_refused(auth_db, header):
    assert_refused(header)


def test_a_malformed_token_is_refused(auth_db):
    assert_refused("Bearer not-a-jwt")
    assert_refused("Bearer eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln")


def test_an_expired_token_is_refused(auth_db):
    clock.freeze(NOW)
    profile, token = login("alice")

    clock.advance(timedelta(minutes=59, seconds=59))
    assert authorize(f"Bearer {token}") == consumer_policy(str(profile.user_id))
    clock.advance(timedelta(seconds=1))
    assert_refused(f"Bearer {token}")


def test_a_not_yet_valid_token_is_refused(auth_db):
    clock.freeze(NOW)
    profile, _ = login("alice")
    later = int(NOW.timestamp()) + 120

    assert_refused(f"Bearer {forge(claims_for(profile, nbf=later))}")


def test_a_wrongly_signed_token_is_refused(auth_db):
    profile, _ = login("alice")

    assert_refused(f"Bearer {forge(claims_for(profile), secret='x' * 64)}")


def test_alg_none_is_refused(auth_db):
    profile, _ = login("alice")

    assert_refused(f"Bearer {forge(claims_for(profile), alg='none')}")


def test_another_algorithm_with_the_right_key_is_refused(auth_db):
    profile, _ = login("alice")

    assert_refused(f"Bearer {forge(claims_for(profile), alg='HS384')}")


def test_a_wrong_issuer_or_audience_is_refused(auth_db):
    profile, _ = login("alice")

    assert_refused(f"Bearer {forge(claims_for(profile, iss='evil'))}")
    assert_refused(f"Bearer {forge(claims_for(profile, aud='another-api'))}")


def test_a_forged_role_is_refused(auth_db):
    profile, _ = login("alice")

    # Even with the right key, a claimed role that is not the stored one is not honoured.
    assert_refused(f"Bearer {forge(claims_for(profile, role='Admin'))}")


def test_a_token_of_a_user_that_does_not_exist_is_refused(auth_db):
    profile, _ = login("alice")

    assert_refused(f"Bearer {forge(claims_for(profile, sub=str(uuid.uuid4())))}")


def test_a_token_revoked_by_logout_is_refused(auth_db):
    profile, token = login("alice")
    assert authorize(f"Bearer {token}") == consumer_policy(str(profile.user_id))

    accounts.logout(Principal(str(profile.user_id), "alice", "Consumer", token_version=1))

    assert_refused(f"Bearer {token}")


def test_a_token_revoked_by_a_password_change_is_refused_and_the_new_one_works(auth_db):
    profile, token = login("alice")
    caller = Principal(str(profile.user_id), "alice", "Consumer", token_version=1)

    fresh = accounts.change_password(caller, PASSWORD, "another-good-password").access_token

    assert_refused(f"Bearer {token}")
    expected = consumer_policy(str(profile.user_id))
    expected["context"]["token_version"] = 2
    assert authorize(f"Bearer {fresh}") == expected


def test_a_disabled_users_token_is_refused(auth_db):
    profile, token = login("alice")
    with db.transaction() as conn:
        conn.execute(
            update(users).where(users.c.user_id == profile.user_id).values(disabled_at=NOW)
        )
    accounts.forget_user_state()

    assert_refused(f"Bearer {token}")


def test_the_authorizer_reuses_user_state_for_a_few_seconds_only(auth_db, monkeypatch):
    profile, token = login("alice")
    authorize(f"Bearer {token}")
    with db.transaction() as conn:
        conn.execute(
            update(users).where(users.c.user_id == profile.user_id).values(disabled_at=NOW)
        )

    # Within the state cache the answer stands (handlers re-check on every request) ...
    assert authorize(f"Bearer {token}")["principalId"] == str(profile.user_id)
    # ... and once it has lapsed the database is asked again.
    monkeypatch.setattr(accounts, "STATE_CACHE_SECONDS", 0.0)
    accounts.forget_user_state()
    assert_refused(f"Bearer {token}")
