"""Fixtures of the betting tests: their own database, a small league, the gateway."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.betting.support import T0, add_teams, freeze, use_database

BETTING_DB = "courtside_test_bets"


@pytest.fixture(scope="session")
def _betting_database(make_database: Any) -> str:
    url: str = make_database(BETTING_DB)
    return url


def _empty_every_table() -> None:
    from sqlalchemy import text

    from courtside import db
    from courtside.tables import metadata

    # DELETE, children first: on these few rows it is far quicker than TRUNCATE.
    with db.transaction() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name != "load_state":
                conn.execute(text(f"DELETE FROM {table.schema}.{table.name}"))


@pytest.fixture
def betting_db(_betting_database: str) -> Iterator[str]:
    """The betting database emptied for this test, with the teams in it, the clock at T0."""
    from courtside.domain import accounts, config

    use_database(_betting_database)
    _empty_every_table()
    config.invalidate()
    accounts.forget_user_state()
    freeze(T0)
    add_teams()
    yield _betting_database
    config.invalidate()
    accounts.forget_user_state()


@pytest.fixture
def client(betting_db: str, gateway_factory: Any) -> Any:
    """The local gateway, authorizer answers not cached (tokens are re-checked anyway)."""
    return gateway_factory(authorizer_ttl_seconds=0)
