"""Fixtures of the auth tests: their own database, emptied per test, caches forgotten."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

AUTH_DB = "courtside_test_auth"
APP_TABLES = ("users", "ledger", "bets", "login_attempts", "feature_flags", "settings", "audit_log")


@pytest.fixture(scope="session")
def auth_database(make_database: Any) -> str:
    url: str = make_database(AUTH_DB)
    return url


@pytest.fixture
def auth_db(auth_database: str) -> Iterator[str]:
    """The auth database made current and emptied, with every in-process cache forgotten."""
    from sqlalchemy import text

    from courtside import db
    from courtside.domain import accounts, config, tokens
    from courtside.settings import get_settings

    if os.environ.get("DATABASE_URL") != auth_database:
        os.environ["DATABASE_URL"] = auth_database
        get_settings.cache_clear()
        db.reset_engine()
    tables = ", ".join(f"app.{name}" for name in APP_TABLES)
    with db.transaction() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    config.invalidate()
    accounts.forget_user_state()
    tokens.forget_keys()
    yield auth_database
    config.invalidate()
    accounts.forget_user_state()


@pytest.fixture
def gateway(auth_db: str, gateway_factory: Any) -> Any:
    """The local gateway caching authorizer answers for 5 minutes, as API Gateway does."""
    return gateway_factory(authorizer_ttl_seconds=300)
