"""Shared fixtures: an embedded Postgres (or TEST_DATABASE_URL), databases, the gateway."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("COURTSIDE_DATA") or ROOT.parent / "shared" / "data" / "nba")

os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "courtside")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "Courtside")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.setdefault("COURTSIDE_STAGE", "test")
os.environ.setdefault("JWT_KEY_FILE", str(ROOT / ".local" / "test-jwt-keys.json"))


class PostgresServer:
    """A Postgres to create test databases on: embedded, or the one TEST_DATABASE_URL names."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def url_for(self, database: str) -> str:
        parts = urlsplit(self.base_url)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def recreate(self, database: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        engine.dispose()
        return self.url_for(database)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    from courtside.db import normalise_url

    override = os.environ.get("TEST_DATABASE_URL")
    if override:
        yield PostgresServer(normalise_url(override))
        return

    from local import pg

    data_dir = ROOT / ".local" / "test-pgdata"
    url = pg.start(data_dir, database="postgres")
    yield PostgresServer(url)
    pg.stop(data_dir)


def use_database(url: str) -> None:
    """Point the process's settings and engine at `url`."""
    from courtside import db
    from courtside.domain import config
    from courtside.domain.readcache import cache
    from courtside.settings import get_settings

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    db.reset_engine()
    config.invalidate()
    cache.clear()


@pytest.fixture(scope="session")
def make_database(postgres: PostgresServer) -> Any:
    """Factory: a fresh, migrated database by name, made the current one."""

    def make(name: str) -> str:
        from courtside.migrations import upgrade

        url = postgres.recreate(name)
        use_database(url)
        upgrade()
        return url

    return make


@pytest.fixture(scope="session")
def nba_database(make_database: Any) -> str:
    """A migrated database holding the real 2023-24 data, loaded as it is (no replay)."""
    from courtside.load import load_directory

    url: str = make_database("courtside_test_nba")
    load_directory(DATA_DIR)
    return url


@pytest.fixture
def nba_db(nba_database: str) -> str:
    """The read-only NBA database, made current for this test."""
    use_database(nba_database)
    return nba_database


@pytest.fixture(scope="session")
def gateway_factory() -> Any:
    from local.gateway import Gateway

    def make(**kwargs: Any) -> Any:
        from werkzeug.test import Client

        return Client(Gateway(**kwargs))

    return make


@pytest.fixture
def api(nba_db: str, gateway_factory: Any) -> Any:
    """An HTTP client on the local gateway over the NBA database."""
    return gateway_factory(authorizer_ttl_seconds=0)


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    from courtside import clock

    yield
    clock.reset()
