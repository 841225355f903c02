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


def role_of(username: str) -> str:
    from courtside import db

    with db.transaction() as conn:
        role: str = conn.execute(
            text("SELECT role FROM app.users WHERE lower(username) = lower(:name)"),
            {"name": username},
        ).scalar_one()
    return role


def test_the_first_admin_of_a_deployed_stage_is_created_through_it(empty_database: str) -> None:
    from courtside import db
    from courtside.domain.passwords import verify_password
    from courtside.errors import Conflict
    from local.functions import LambdaContext, load_handler

    handler = load_handler("migrate")
    handler({}, LambdaContext("migrate", "req-1"))

    created = handler({"action": "create-admin", "username": "ops"}, LambdaContext("m", "r2"))

    assert created["username"] == "ops"
    assert len(created["password"]) >= 12
    assert role_of("ops") == "Admin"
    with pytest.raises(Conflict):
        handler({"action": "create-admin", "username": "OPS"}, LambdaContext("m", "r3"))
    with db.transaction() as conn:
        stored_hash = conn.execute(
            text("SELECT password_hash FROM app.users WHERE username = 'ops'")
        ).scalar_one()
    assert verify_password(created["password"], stored_hash) is True


def test_an_existing_account_is_promoted_through_it(empty_database: str) -> None:
    from courtside.domain import accounts
    from local.functions import LambdaContext, load_handler

    handler = load_handler("migrate")
    handler({}, LambdaContext("migrate", "req-1"))
    accounts.create_user("alice", "correct horse battery")

    promoted = handler({"action": "promote", "username": "alice"}, LambdaContext("m", "r2"))

    assert promoted["role"] == "Admin"
    assert role_of("alice") == "Admin"


@pytest.mark.parametrize(
    "event", [{"action": "drop-everything"}, {"action": "promote"}, {"action": "create-admin"}]
)
def test_unknown_actions_and_missing_usernames_are_refused(event: dict[str, str]) -> None:
    from courtside.errors import BadRequest
    from local.functions import LambdaContext, load_handler

    with pytest.raises(BadRequest):
        load_handler("migrate")(event, LambdaContext("migrate", "req-1"))
