"""The auth routes through the local gateway: sign-up, login, lockout, revocation."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import bcrypt
import pytest
from sqlalchemy import func, insert, select, update

from courtside import clock, db
from courtside.domain import config
from courtside.tables import feature_flags, ledger, login_attempts, users
from local.functions import load_handler

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-battery"
NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


def sign_up(client: Any, username: str = "alice", **extra: Any) -> Any:
    return client.post("/v1/users", json={"username": username, "password": PASSWORD, **extra})


def token_of(client: Any, username: str = "alice", password: str = PASSWORD) -> str:
    response = client.post("/v1/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.json
    token: str = response.json["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def counting_gateway(gateway_factory: Any) -> tuple[Any, list[str]]:
    """A gateway (authorizer cache on, 5 minutes) recording which functions it calls."""
    calls: list[str] = []

    def loader(group: str) -> Any:
        calls.append(group)
        return load_handler(group)

    return gateway_factory(loader=loader, authorizer_ttl_seconds=300), calls


def problem(field: str, message: str) -> dict[str, Any]:
    return {
        "error": {
            "code": "validation_failed",
            "message": f"invalid request: {field}",
            "details": [{"location": "body", "field": field, "message": message}],
        }
    }


# ------------------------------------------------------------------ done when


def test_sign_up_log_in_read_me_log_out_refused(auth_db, gateway_factory):
    client, calls = counting_gateway(gateway_factory)

    created = sign_up(client)
    token = token_of(client)
    me = client.get("/v1/me", headers=bearer(token))
    logged_out = client.post("/v1/logout", headers=bearer(token))
    after = client.get("/v1/me", headers=bearer(token))

    assert created.status_code == 201
    assert me.status_code == 200
    assert me.json == created.json
    assert logged_out.status_code == 204
    assert after.status_code == 401
    assert after.json["error"]["code"] == "token_revoked"
    # The gateway still held the authorizer's Allow: the handler's own check refused it.
    assert calls.count("authorizer") == 1


def test_signing_up_returns_the_account_and_credits_the_bankroll(auth_db, gateway):
    response = sign_up(gateway, email="Alice@Example.COM")

    body = response.json
    assert response.status_code == 201
    assert set(body) == {"user_id", "username", "email", "role", "created_at", "balance"}
    assert (body["username"], body["email"], body["role"], body["balance"]) == (
        "alice",
        "Alice@example.com",
        "Consumer",
        "1000.00",
    )
    with db.transaction() as conn:
        balance = conn.execute(select(users.c.balance)).scalar_one()
        entries = conn.execute(select(ledger.c.kind, ledger.c.amount)).all()
    assert balance == Decimal("1000.00")
    assert [(e.kind, e.amount) for e in entries] == [("opening", Decimal("1000.00"))]


def test_the_starting_bankroll_is_the_project_setting(auth_db, gateway):
    from courtside.tables import settings

    with db.transaction() as conn:
        conn.execute(insert(settings).values(key="starting_bankroll", value="250.50"))
    config.invalidate()

    response = sign_up(gateway)

    assert response.json["balance"] == "250.50"
    with db.transaction() as conn:
        total = conn.execute(select(func.sum(ledger.c.amount))).scalar_one()
    assert total == Decimal("250.50")


# ------------------------------------------------------------------ sign-up validation


USERNAME_RULE = "usernames are 3 to 32 characters: letters, digits, '_', '.' or '-'"


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"username": "al"}, "username", USERNAME_RULE),
        ({"username": "a" * 33}, "username", USERNAME_RULE),
        ({"username": "alice smith"}, "username", USERNAME_RULE),
        ({"username": "alicé"}, "username", USERNAME_RULE),
        ({"email": "alice"}, "email", "not a valid email address (name@example.com)"),
        ({"email": "alice@localhost"}, "email", "not a valid email address (name@example.com)"),
        ({"email": "a@b@example.com"}, "email", "not a valid email address (name@example.com)"),
        ({"password": "1234567"}, "password", "passwords need at least 8 characters"),
        (
            {"password": "é" * 37},
            "password",
            "passwords can be at most 72 bytes in UTF-8 (bcrypt reads no more); "
            "use a shorter passphrase",
        ),
    ],
)
def test_sign_up_names_the_bad_field(auth_db, gateway, payload, field, message):
    body = {"username": "alice", "password": PASSWORD, **payload}

    response = gateway.post("/v1/users", json=body)

    assert response.status_code == 422
    assert response.json == problem(field, message)
    with db.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(users)).scalar_one() == 0


def test_every_bad_field_is_reported_at_once(auth_db, gateway):
    response = gateway.post("/v1/users", json={"username": "x", "password": "short", "email": "@"})

    assert response.status_code == 422
    assert response.json["error"]["message"] == "invalid request: username, email, password"


def test_a_missing_field_is_named(auth_db, gateway):
    response = gateway.post("/v1/users", json={"username": "alice"})

    assert response.status_code == 422
    assert response.json == problem("password", "Field required")


def test_edge_lengths_are_accepted(auth_db, gateway):
    assert sign_up(gateway, "abc").status_code == 201
    assert sign_up(gateway, "a" * 32).status_code == 201
    assert sign_up(gateway, "A.b_c-9").status_code == 201
    accepted = gateway.post("/v1/users", json={"username": "bob", "password": "é" * 36})
    assert accepted.status_code == 201
    assert token_of(gateway, "bob", "é" * 36)


def test_a_taken_name_in_any_case_is_a_409(auth_db, gateway):
    sign_up(gateway, "Alice")

    response = sign_up(gateway, "aLICE")

    assert response.status_code == 409
    assert response.json == {
        "error": {
            "code": "username_taken",
            "message": "the username 'aLICE' is taken",
            "details": None,
        }
    }


def test_sign_ups_can_be_switched_off(auth_db, gateway):
    with db.transaction() as conn:
        conn.execute(insert(feature_flags).values(name="signups", enabled=False))
    config.invalidate()

    response = sign_up(gateway)

    assert response.status_code == 403
    assert response.json["error"] == {
        "code": "signups_disabled",
        "message": "sign-ups are closed at the moment",
        "details": None,
    }
    with db.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(users)).scalar_one() == 0


# ------------------------------------------------------------------ token requests


def test_the_token_endpoint_takes_the_oauth2_form_and_json(auth_db, gateway):
    sign_up(gateway)

    form = gateway.post(
        "/v1/token", data={"grant_type": "password", "username": "ALICE", "password": PASSWORD}
    )
    as_json = gateway.post("/v1/token", json={"username": "alice", "password": PASSWORD})

    for response in (form, as_json):
        assert response.status_code == 200
        assert set(response.json) == {"access_token", "token_type", "expires_in"}
        assert response.json["token_type"] == "bearer"
        assert response.json["expires_in"] == 3600
        assert response.headers["Cache-Control"] == "no-store"
        assert (
            gateway.get("/v1/me", headers=bearer(response.json["access_token"])).json["username"]
            == "alice"
        )


def test_token_requests_that_cannot_be_read_are_client_errors(auth_db, gateway):
    sign_up(gateway)

    missing = gateway.post("/v1/token", data={"username": "alice"})
    other_grant = gateway.post(
        "/v1/token",
        data={"grant_type": "client_credentials", "username": "alice", "password": PASSWORD},
    )
    plain = gateway.post("/v1/token", data="alice:secret", content_type="text/plain")

    assert (missing.status_code, missing.json) == (422, problem("password", "Field required"))
    assert other_grant.status_code == 400
    assert other_grant.json["error"]["code"] == "unsupported_grant_type"
    assert plain.status_code == 415
    assert plain.json["error"]["code"] == "unsupported_media_type"


def test_unknown_user_and_wrong_password_look_the_same(auth_db, gateway, monkeypatch):
    sign_up(gateway)
    checks: list[int] = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: checks.append(1) or real(pw, h))

    wrong = gateway.post("/v1/token", data={"username": "alice", "password": "wrong-password"})
    after_wrong = len(checks)
    unknown = gateway.post("/v1/token", data={"username": "nobody", "password": "whatever1"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json
    assert wrong.json["error"]["code"] == "invalid_credentials"
    # Both cost one bcrypt verification (the unknown one against a dummy hash).
    assert after_wrong == 1
    assert len(checks) == 2


def test_a_disabled_account_cannot_log_in(auth_db, gateway):
    sign_up(gateway)
    with db.transaction() as conn:
        conn.execute(update(users).values(disabled_at=NOW))

    right = gateway.post("/v1/token", data={"username": "alice", "password": PASSWORD})
    wrong = gateway.post("/v1/token", data={"username": "alice", "password": "wrong-password"})

    assert right.status_code == 403
    assert right.json["error"]["code"] == "account_disabled"
    assert wrong.status_code == 401


# ------------------------------------------------------------------ lockout


def fail_login(client: Any, username: str = "alice") -> Any:
    return client.post("/v1/token", data={"username": username, "password": "wrong-password"})


def test_five_failures_lock_the_username_until_the_window_passes(auth_db, gateway, gateway_factory):
    sign_up(gateway)
    clock.freeze(NOW)

    failures = [fail_login(gateway).status_code for _ in range(5)]
    locked = gateway.post("/v1/token", data={"username": "alice", "password": PASSWORD})
    # Another container (another gateway and function instance) sees the same lock.
    elsewhere = gateway_factory().post("/v1/token", json={"username": "ALICE", "password": "x"})

    assert failures == [401] * 5
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "900"
    assert locked.json["error"] == {
        "code": "login_locked",
        "message": "too many failed logins for this username; try again in 900 seconds",
        "details": {"retry_after": 900},
    }
    assert elsewhere.status_code == 429

    clock.advance(timedelta(minutes=14, seconds=59))
    still = gateway.post("/v1/token", data={"username": "alice", "password": PASSWORD})
    assert (still.status_code, still.headers["Retry-After"]) == (429, "1")

    clock.advance(timedelta(seconds=1))
    assert token_of(gateway)
    with db.transaction() as conn:
        stored = conn.execute(select(login_attempts.c.succeeded)).scalars().all()
    assert sorted(stored) == [False] * 5 + [True]  # locked-out tries are not recorded


def test_the_lock_releases_as_the_oldest_failure_leaves_the_window(auth_db, gateway):
    sign_up(gateway)
    clock.freeze(NOW)
    fail_login(gateway)
    clock.advance(timedelta(minutes=10))
    for _ in range(4):
        fail_login(gateway)

    locked = fail_login(gateway)
    clock.advance(timedelta(minutes=5))
    retry = gateway.post("/v1/token", data={"username": "alice", "password": PASSWORD})

    assert (locked.status_code, locked.headers["Retry-After"]) == (429, "300")
    assert retry.status_code == 200


def test_a_successful_login_starts_the_count_again(auth_db, gateway):
    sign_up(gateway)
    clock.freeze(NOW)

    for _ in range(4):
        fail_login(gateway)
    token_of(gateway)
    after = [fail_login(gateway).status_code for _ in range(4)]

    assert after == [401] * 4
    assert fail_login(gateway).status_code == 401
    assert fail_login(gateway).status_code == 429


def test_unknown_usernames_lock_out_too(auth_db, gateway):
    clock.freeze(NOW)

    statuses = [fail_login(gateway, "ghost").status_code for _ in range(6)]

    assert statuses == [401] * 5 + [429]


# ------------------------------------------------------------------ the caller's account


def test_me_requires_a_token_and_the_gateway_refuses_without_one(auth_db, gateway_factory):
    client, calls = counting_gateway(gateway_factory)

    response = client.get("/v1/me")
    garbage = client.get("/v1/me", headers={"Authorization": "Bearer nope"})

    assert response.status_code == 401
    assert calls == ["authorizer"]  # only for the second request
    assert garbage.status_code == 401


def test_a_consumer_is_denied_admin_routes_by_the_policy(auth_db, gateway_factory):
    client, calls = counting_gateway(gateway_factory)
    sign_up(client)
    token = token_of(client)

    response = client.get("/v1/admin/overview", headers=bearer(token))

    assert response.status_code == 403
    assert "admin" not in calls


def test_changing_the_email(auth_db, gateway):
    sign_up(gateway)
    headers = bearer(token_of(gateway))

    changed = gateway.patch("/v1/me", json={"email": "new@Mail.Example.org"}, headers=headers)
    bad = gateway.patch("/v1/me", json={"email": "not-an-address"}, headers=headers)
    cleared = gateway.patch("/v1/me", json={"email": None}, headers=headers)

    assert (changed.status_code, changed.json["email"]) == (200, "new@mail.example.org")
    assert (bad.status_code, bad.json) == (
        422,
        problem("email", "not a valid email address (name@example.com)"),
    )
    assert (cleared.status_code, cleared.json["email"]) == (200, None)


def test_a_password_change_revokes_earlier_tokens_at_once(auth_db, gateway_factory):
    client, _ = counting_gateway(gateway_factory)
    sign_up(client)
    old = token_of(client)
    other_device = token_of(client)
    assert client.get("/v1/me", headers=bearer(other_device)).status_code == 200

    changed = client.post(
        "/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "a-brand-new-secret"},
        headers=bearer(old),
    )
    refused = client.get("/v1/me", headers=bearer(other_device))
    fresh = client.get("/v1/me", headers=bearer(changed.json["access_token"]))

    assert changed.status_code == 200
    assert refused.status_code == 401
    assert refused.json["error"]["code"] == "token_revoked"
    assert fresh.status_code == 200
    old_login = client.post("/v1/token", data={"username": "alice", "password": PASSWORD})
    assert old_login.status_code == 401
    assert token_of(client, password="a-brand-new-secret")


def test_a_password_change_needs_the_current_password(auth_db, gateway):
    sign_up(gateway)
    headers = bearer(token_of(gateway))

    wrong = gateway.post(
        "/v1/me/password",
        json={"current_password": "not-it-at-all", "new_password": "a-brand-new-secret"},
        headers=headers,
    )
    weak = gateway.post(
        "/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=headers,
    )

    assert wrong.status_code == 403
    assert wrong.json["error"]["code"] == "wrong_password"
    assert (weak.status_code, weak.json) == (
        422,
        problem("new_password", "passwords need at least 8 characters"),
    )
    assert gateway.get("/v1/me", headers=headers).status_code == 200  # nothing was revoked


# ------------------------------------------------------------------ secrets stay secret


def test_no_response_or_log_line_holds_a_password_hash_or_token(auth_db, gateway, gateway_factory):
    from courtside.observability import logger

    # Every record as Powertools renders it (JSON with the keyword fields), at DEBUG.
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(logger.registered_formatter)
    root = logging.getLogger()
    root.addHandler(capture)
    logging.getLogger(logger.name).addHandler(capture)
    logger.setLevel("DEBUG")
    try:
        bodies = [
            sign_up(gateway, email="alice@example.com").get_data(as_text=True),
            gateway.post("/v1/users", json={"username": "bob", "password": "p" * 80}).get_data(
                as_text=True
            ),
            fail_login(gateway).get_data(as_text=True),
        ]
        token = token_of(gateway)
        headers = bearer(token)
        bodies += [
            gateway.get("/v1/me", headers=headers).get_data(as_text=True),
            gateway.post(
                "/v1/me/password",
                json={"current_password": "wrong-password", "new_password": "new-secret-99"},
                headers=headers,
            ).get_data(as_text=True),
            gateway.post("/v1/logout", headers=headers).get_data(as_text=True),
            gateway.get("/v1/me", headers=headers).get_data(as_text=True),
            # a gateway without the cached answer: the authorizer itself refuses and logs why
            gateway_factory().get("/v1/me", headers=headers).get_data(as_text=True),
        ]
    finally:
        logger.setLevel("WARNING")
        logging.getLogger(logger.name).removeHandler(capture)
        root.removeHandler(capture)
    logs = stream.getvalue()
    with db.transaction() as conn:
        password_hash = conn.execute(select(users.c.password_hash)).scalar_one()

    # the logs were captured at all, including the authorizer's
    assert '"message":"login failed"' in logs
    assert '"reason":"revoked"' in logs
    for secret in (PASSWORD, "p" * 80, "wrong-password", "new-secret-99", password_hash, token):
        assert secret not in logs
        assert all(secret not in body for body in bodies)
    assert all("$2b$" not in body for body in bodies)
