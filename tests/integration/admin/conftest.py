"""Fixtures of the admin API tests: their own database, an admin, tokens via the gateway."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.admin.support import Account, make_account

ADMIN_DB = "courtside_test_admin"


@pytest.fixture
def admin_db(make_database: Any) -> Iterator[str]:
    """A fresh database for each test, with every in-process cache forgotten."""
    from courtside.domain import accounts, config

    url: str = make_database(ADMIN_DB)
    config.invalidate()
    accounts.forget_user_state()
    yield url
    config.invalidate()
    accounts.forget_user_state()


@pytest.fixture
def boss(admin_db: str) -> Account:
    """The admin who makes the changes."""
    return make_account("boss", "Admin")


@pytest.fixture
def gateway(admin_db: str, gateway_factory: Any) -> Any:
    """The local gateway caching authorizer answers as API Gateway does (5 minutes)."""
    return gateway_factory(authorizer_ttl_seconds=300)
