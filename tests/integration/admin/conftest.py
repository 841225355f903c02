"""Fixtures of the admin API tests: their own database, an admin, the gateway.

The database is created and migrated once per session; each test starts from empty
tables (truncated, identities restarted), which is much faster than a new database
and just as isolated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.admin.support import (
    ADMIN_DB,
    Account,
    empty_tables,
    make_account,
    make_current,
)


@pytest.fixture(scope="session")
def admin_database(make_database: Any) -> str:
    url: str = make_database(ADMIN_DB)
    return url


@pytest.fixture
def admin_db(admin_database: str) -> Iterator[str]:
    """The admin database, current and empty, with every in-process cache forgotten."""
    from courtside.domain import accounts, config

    make_current(admin_database)
    empty_tables()
    config.invalidate()
    accounts.forget_user_state()
    yield admin_database
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
