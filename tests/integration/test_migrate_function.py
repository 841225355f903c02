"""The migrate function brings an empty Postgres to the latest schema, and is safe to rerun."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.integration


@pytest.fixture
def empty_database(postgres: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database with no schema at all, made current for this test only."""
    from courtside import db
    from courtside.settings import get_settings

    url: str = postgres.recreate("courtside_test_migrate")
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    db.reset_engine()
    yield url
    monkeypatch.undo()
    get_settings.cache_clear()
    db.reset_engine()


def test_migrate_creates_the_schema_and_reruns_harmlessly(empty_database: str) -> None:
    from courtside import db
    from courtside.migrations import current_heads
    from local.functions import LambdaContext, load_handler

    handler = load_handler("migrate")

    first = handler({}, LambdaContext("migrate", "req-1"))
    second = handler({}, LambdaContext("migrate", "req-2"))

    heads = list(current_heads())
    assert first == second == {"migrated_to": heads}
    with db.transaction() as conn:
        stored = conn.execute(text("SELECT version_num FROM app.alembic_version")).scalars().all()
        tables = conn.execute(
            text(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                "WHERE table_schema IN ('nba', 'app')"
            )
        ).scalars()
        found = set(tables)
    assert stored == heads
    assert {"nba.teams", "nba.games", "app.users"} <= found
