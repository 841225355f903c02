"""Access tokens: claims, every rejection reason, key rotation, both key sources."""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import jwt
import pytest
from moto import mock_aws

from courtside import clock
from courtside.domain import tokens
from courtside.errors import Unavailable
from courtside.settings import get_settings

USER_ID = uuid.UUID("6f1c2f4e-1111-4222-8333-944455556666")
NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
OLD = tokens.SigningKey(kid="old-key", secret="o" * 64)
NEW = tokens.SigningKey(kid="new-key", secret="n" * 64)


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set environment variables for the settings; everything is restored afterwards."""

    def apply(**env: str) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        tokens.forget_keys()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()
    tokens.forget_keys()


@pytest.fixture
def key_file(tmp_path, settings_env) -> Any:
    """A key file holding NEW (signing) then OLD."""
    path = tmp_path / "jwt-keys.json"
    path.write_text(tokens.key_set_json(tokens.KeySet(keys=(NEW, OLD))))
    settings_env(JWT_KEY_FILE=str(path))
    clock.freeze(NOW)
    return path


def issue() -> str:
    issued = tokens.issue_token(
        user_id=USER_ID, username="alice", role="Consumer", version=3, lifetime_minutes=60
    )
    return issued.access_token


def claims_now(**overrides: Any) -> dict[str, Any]:
    now = int(clock.now().timestamp())
    claims = {
        "sub": str(USER_ID),
        "username": "alice",
        "role": "Consumer",
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "iss": "courtside",
        "aud": "courtside-api",
        "jti": "abc",
        "ver": 3,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def forge(claims: dict[str, Any], *, key: tokens.SigningKey = NEW, alg: str = "HS256") -> str:
    secret = None if alg == "none" else key.secret
    return jwt.encode(claims, secret, algorithm=alg, headers={"kid": key.kid})


def reason_of(token: str) -> str:
    with pytest.raises(tokens.InvalidToken) as caught:
        tokens.decode_token(token)
    assert caught.value.status == 401
    assert caught.value.message == "invalid or expired token"  # the same for every reason
    return caught.value.reason


def test_an_issued_token_carries_every_claim_and_the_newest_kid(key_file):
    issued = tokens.issue_token(
        user_id=USER_ID, username="alice", role="Consumer", version=3, lifetime_minutes=60
    )

    header = jwt.get_unverified_header(issued.access_token)
    payload = jwt.decode(issued.access_token, options={"verify_signature": False})
    assert header == {"alg": "HS256", "kid": "new-key", "typ": "JWT"}
    assert set(payload) == set(tokens.REQUIRED_CLAIMS)
    now = int(NOW.timestamp())
    assert {k: v for k, v in payload.items() if k != "jti"} == {
        "sub": str(USER_ID),
        "username": "alice",
        "role": "Consumer",
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "iss": "courtside",
        "aud": "courtside-api",
        "ver": 3,
    }
    assert issued.expires_in == 3600
    assert issued.expires_at == NOW + timedelta(hours=1)


def test_a_valid_token_decodes_to_its_claims(key_file):
    claims = tokens.decode_token(issue())

    assert (claims.user_id, claims.username, claims.role, claims.version) == (
        USER_ID,
        "alice",
        "Consumer",
        3,
    )
    assert claims.expires_at == NOW + timedelta(hours=1)


def test_every_token_gets_its_own_id(key_file):
    first = jwt.decode(issue(), options={"verify_signature": False})["jti"]
    second = jwt.decode(issue(), options={"verify_signature": False})["jti"]

    assert first != second


def test_a_token_signed_with_the_previous_key_stays_valid(key_file):
    token = forge(claims_now(), key=OLD)

    assert tokens.decode_token(token).username == "alice"


def test_a_token_expires_exactly_at_exp(key_file):
    token = issue()

    clock.advance(timedelta(minutes=60) - timedelta(seconds=1))
    assert tokens.decode_token(token).username == "alice"
    clock.advance(timedelta(seconds=1))
    assert reason_of(token) == "expired"


@pytest.mark.parametrize(
    ("token_of", "reason"),
    [
        (lambda: "not-a-jwt", "malformed"),
        (lambda: "a.b.c", "malformed"),
        (lambda: forge(claims_now(nbf=int(NOW.timestamp()) + 60)), "not_yet_valid"),
        (lambda: forge(claims_now(iat=int(NOW.timestamp()) + 60)), "not_yet_valid"),
        (lambda: forge(claims_now(), key=tokens.SigningKey("new-key", "x" * 40)), "signature"),
        (lambda: forge(claims_now(), key=tokens.SigningKey("stranger", "x" * 40)), "unknown_key"),
        (lambda: jwt.encode(claims_now(), NEW.secret, algorithm="HS256"), "no_key_id"),
        (lambda: forge(claims_now(), alg="HS512"), "algorithm"),
        (lambda: forge(claims_now(), alg="none"), "algorithm"),
        (lambda: forge(claims_now(iss="someone-else")), "issuer"),
        (lambda: forge(claims_now(aud="another-api")), "audience"),
        (lambda: forge(claims_now(aud=["courtside-api", "x"])), "audience"),
        (lambda: forge(claims_now(ver=None)), "claims"),
        (lambda: forge(claims_now(jti=None)), "claims"),
        (lambda: forge(claims_now(ver="3")), "claims"),
        (lambda: forge(claims_now(role="Root")), "claims"),
        (lambda: forge(claims_now(sub="not-a-uuid")), "claims"),
    ],
    ids=[
        "garbage",
        "three-garbage-parts",
        "nbf-in-future",
        "iat-in-future",
        "wrong-secret",
        "unknown-kid",
        "no-kid",
        "hs512",
        "alg-none",
        "wrong-issuer",
        "wrong-audience",
        "audience-list",
        "no-version",
        "no-jti",
        "version-not-int",
        "unknown-role",
        "sub-not-uuid",
    ],
)
def test_rejections_name_their_reason(key_file, token_of, reason):
    assert reason_of(token_of()) == reason


def test_alg_none_is_refused_even_with_an_empty_signature(key_file):
    unsigned = jwt.encode(claims_now(), None, algorithm="none", headers={"kid": NEW.kid})

    assert unsigned.endswith(".")
    assert reason_of(unsigned) == "algorithm"


def test_a_missing_key_file_is_generated_private_and_random(tmp_path, settings_env):
    path = tmp_path / "sub" / "jwt-keys.json"
    settings_env(JWT_KEY_FILE=str(path))

    key_set = tokens.current_key_set()

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    stored = json.loads(path.read_text())
    assert [k["kid"] for k in stored["keys"]] == [key_set.signing_key.kid]
    assert len(key_set.signing_key.secret) >= tokens.MIN_SECRET_LENGTH
    tokens.forget_keys()
    assert tokens.current_key_set() == key_set  # read back, not regenerated


def test_rotating_the_key_file_keeps_earlier_tokens_valid(key_file):
    before = issue()

    new_key = tokens.rotate_key_file(key_file)
    after = issue()

    assert jwt.get_unverified_header(after)["kid"] == new_key.kid
    assert jwt.get_unverified_header(before)["kid"] == "new-key"
    assert tokens.decode_token(before).username == "alice"
    assert tokens.decode_token(after).username == "alice"
    assert [k.kid for k in tokens.current_key_set().keys] == [new_key.kid, "new-key", "old-key"]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_no_key_source_is_a_clear_503(settings_env, monkeypatch):
    monkeypatch.delenv("JWT_KEY_FILE", raising=False)
    monkeypatch.delenv("JWT_SECRET_ARN", raising=False)
    settings_env()

    with pytest.raises(Unavailable) as caught:
        tokens.current_key_set()
    assert caught.value.code == "signing_key_unavailable"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "the key set must be a JSON object"),
        ({"keys": []}, 'the key set needs a non-empty "keys" list'),
        ({"keys": [{"kid": "a", "secret": "short"}]}, "key 'a' needs a secret of 32+ characters"),
        ({"keys": [{"kid": "", "secret": "s" * 40}]}, "each key needs a non-empty kid"),
        (
            {"keys": [{"kid": "a", "secret": "s" * 40}, {"kid": "a", "secret": "t" * 40}]},
            "key ids must be unique",
        ),
    ],
)
def test_malformed_key_sets_are_refused(document, message):
    with pytest.raises(ValueError) as caught:
        tokens.parse_key_set(json.dumps(document))
    assert str(caught.value) == message


@pytest.fixture
def secrets_manager(settings_env) -> Iterator[Any]:
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        yield client
    parameters.clear_caches()


def test_keys_come_from_secrets_manager_when_an_arn_is_set(secrets_manager, settings_env):
    secret = secrets_manager.create_secret(
        Name="courtside/jwt",
        SecretString=json.dumps({"keys": [{"kid": "sm-1", "secret": "s" * 48}]}),
    )
    settings_env(JWT_SECRET_ARN=secret["ARN"], JWT_KEY_FILE="")
    clock.freeze(NOW)

    token = issue()

    assert jwt.get_unverified_header(token)["kid"] == "sm-1"
    assert (
        jwt.decode(
            token,
            "s" * 48,
            algorithms=["HS256"],
            audience="courtside-api",
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )["ver"]
        == 3
    )


def test_a_rotated_secret_signs_with_the_new_key_and_still_verifies_the_old(
    secrets_manager, settings_env
):
    from aws_lambda_powertools.utilities import parameters

    secret = secrets_manager.create_secret(
        Name="courtside/jwt",
        SecretString=json.dumps({"keys": [{"kid": "sm-1", "secret": "a" * 48}]}),
    )
    settings_env(JWT_SECRET_ARN=secret["ARN"])
    clock.freeze(NOW)
    before = issue()

    secrets_manager.put_secret_value(
        SecretId=secret["ARN"],
        SecretString=json.dumps(
            {"keys": [{"kid": "sm-2", "secret": "b" * 48}, {"kid": "sm-1", "secret": "a" * 48}]}
        ),
    )
    parameters.clear_caches()
    tokens.forget_keys()
    after = issue()

    assert jwt.get_unverified_header(after)["kid"] == "sm-2"
    assert tokens.decode_token(before).version == 3
    assert tokens.decode_token(after).version == 3


def test_an_unknown_kid_makes_the_key_set_be_read_again(secrets_manager, settings_env):
    secret = secrets_manager.create_secret(
        Name="courtside/jwt",
        SecretString=json.dumps({"keys": [{"kid": "sm-1", "secret": "a" * 48}]}),
    )
    settings_env(JWT_SECRET_ARN=secret["ARN"])
    clock.freeze(NOW)
    tokens.current_key_set()  # cached: only sm-1
    secrets_manager.put_secret_value(
        SecretId=secret["ARN"],
        SecretString=json.dumps(
            {"keys": [{"kid": "sm-2", "secret": "b" * 48}, {"kid": "sm-1", "secret": "a" * 48}]}
        ),
    )

    token = forge(claims_now(), key=tokens.SigningKey("sm-2", "b" * 48))

    assert tokens.decode_token(token).username == "alice"


def test_a_single_key_secret_as_cdk_generates_it_is_accepted(secrets_manager, settings_env):
    secret = secrets_manager.create_secret(
        Name="courtside/jwt", SecretString=json.dumps({"kid": "cdk", "secret": "c" * 64})
    )
    settings_env(JWT_SECRET_ARN=secret["ARN"])
    clock.freeze(NOW)

    assert jwt.get_unverified_header(issue())["kid"] == "cdk"


def test_an_unreadable_secret_is_a_503_not_a_crash(secrets_manager, settings_env):
    settings_env(
        JWT_SECRET_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf"
    )

    with pytest.raises(Unavailable) as caught:
        issue()
    assert caught.value.code == "signing_key_unavailable"
