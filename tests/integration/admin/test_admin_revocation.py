"""Role changes and disabling revoke tokens at once, although the gateway caches the
authorizer's Allow for five minutes: the handlers' own re-check refuses them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from local.functions import load_handler
from tests.integration.admin.support import Session, login, make_account, session

pytestmark = pytest.mark.integration


@pytest.fixture
def authorizer_calls() -> Counter:
    return Counter()


@pytest.fixture
def gateway(admin_db, gateway_factory, authorizer_calls) -> Any:
    """The gateway with a 5-minute authorizer cache, counting authorizer calls per token."""

    def loader(group: str) -> Any:
        handler = load_handler(group)
        if group != "authorizer":
            return handler

        def counted(event: dict, context: Any) -> Any:
            authorizer_calls[event["authorizationToken"]] += 1
            return handler(event, context)

        return counted

    return gateway_factory(authorizer_ttl_seconds=300, loader=loader)


@pytest.fixture
def admin(boss, gateway) -> Session:
    return session(gateway, boss)


def token_of(user: Session) -> str:
    return user.headers["Authorization"]


def test_a_demoted_admin_loses_the_admin_api_at_once(admin, gateway, authorizer_calls):
    carol_account = make_account("carol", "Admin")
    carol = session(gateway, carol_account)
    assert carol.get("/v1/admin/overview").status_code == 200

    demoted = admin.patch(f"/v1/admin/users/{carol_account.user_id}", {"role": "Consumer"})
    refused = carol.get("/v1/admin/overview")
    own_profile = carol.get("/v1/me")

    assert demoted.status_code == 200
    assert refused.status_code == 401
    assert refused.json["error"]["code"] == "token_revoked"
    assert own_profile.status_code == 401
    assert authorizer_calls[token_of(carol)] == 1, "the cached Allow was used, not re-asked"

    carol_again = Session(gateway, login(gateway, carol_account))
    assert carol_again.get("/v1/admin/overview").status_code == 403
    assert carol_again.get("/v1/me").json["role"] == "Consumer"


def test_a_promoted_user_must_log_in_again(admin, gateway):
    alice_account = make_account("alice")
    alice = session(gateway, alice_account)
    assert alice.get("/v1/me").status_code == 200

    promoted = admin.patch(f"/v1/admin/users/{alice_account.user_id}", {"role": "Admin"})
    old_token = alice.get("/v1/me")
    fresh = Session(gateway, login(gateway, alice_account))

    assert promoted.status_code == 200
    assert old_token.status_code == 401
    assert fresh.get("/v1/admin/overview").status_code == 200


def test_a_disabled_user_is_refused_and_cannot_log_in(admin, gateway, authorizer_calls):
    alice_account = make_account("alice")
    alice = session(gateway, alice_account)
    assert alice.get("/v1/bets").status_code == 200

    disabled = admin.patch(f"/v1/admin/users/{alice_account.user_id}", {"disabled": True})
    bets = alice.get("/v1/bets")
    profile = alice.get("/v1/me")
    relogin = gateway.post(
        "/v1/token", json={"username": "alice", "password": alice_account.password}
    )

    assert disabled.status_code == 200
    assert bets.status_code == 401
    assert profile.status_code == 401
    assert authorizer_calls[token_of(alice)] == 1
    assert relogin.status_code == 403
    assert relogin.json["error"]["code"] == "account_disabled"

    enabled = admin.patch(f"/v1/admin/users/{alice_account.user_id}", {"disabled": False})
    assert enabled.status_code == 200
    assert Session(gateway, login(gateway, alice_account)).get("/v1/me").status_code == 200


def test_the_admin_api_refuses_its_own_last_admin_and_self_disable(admin, boss):
    make_account("carol", "Admin")

    disable_self = admin.patch(f"/v1/admin/users/{boss.user_id}", {"disabled": True})

    assert disable_self.status_code == 409
    assert disable_self.json["error"]["code"] == "cannot_disable_self"
    assert admin.get("/v1/admin/overview").status_code == 200
