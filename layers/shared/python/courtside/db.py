"""The database engine (one per container) and units of work (one per request).

Locally the URL comes from `DATABASE_URL`; in AWS from the Secrets Manager secret
named by `DATABASE_SECRET_ARN`, read through Powertools parameters and cached.
Driver failures to reach the database surface as `Unavailable` (503).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

from courtside.errors import Unavailable
from courtside.settings import Settings, get_settings

_engine: Engine | None = None
_read_engine: Engine | None = None

IDLE_PING_SECONDS = 30.0
"""A pooled read connection idle for longer than this is pinged before use."""


def url_from_secret(secret: dict[str, Any]) -> str:
    """A SQLAlchemy URL from an RDS-style secret (host, port, username, password, dbname)."""
    user = quote(str(secret["username"]), safe="")
    password = quote(str(secret["password"]), safe="")
    host = secret["host"]
    port = secret.get("port", 5432)
    dbname = secret.get("dbname", "postgres")
    return f"postgresql+pg8000://{user}:{password}@{host}:{port}/{dbname}"


def database_url(settings: Settings | None = None) -> str:
    """The database URL, from the environment locally or the secret in AWS."""
    settings = settings or get_settings()
    if settings.database_url:
        return normalise_url(settings.database_url)
    if settings.database_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        try:
            raw = parameters.get_secret(
                settings.database_secret_arn, max_age=settings.secret_cache_seconds
            )
            secret = json.loads(raw)
            if settings.database_host:
                secret = {**secret, "host": settings.database_host}
            return url_from_secret(secret)
        except (parameters.exceptions.GetParameterError, ValueError, KeyError, TypeError) as exc:
            raise Unavailable(
                "the database credentials cannot be read", code="database_unavailable"
            ) from exc
    raise Unavailable("the database is not configured", code="database_not_configured")


def normalise_url(url: str) -> str:
    """Use the pg8000 driver whatever scheme the URL was given with."""
    for prefix in ("postgresql+pg8000://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+pg8000://" + url[len(prefix) :]
    return url


def get_engine() -> Engine:
    """The container's engine, created on first use."""
    global _engine
    if _engine is None:
        _engine = create_engine(
            database_url(),
            pool_size=5,
            max_overflow=5,
            pool_pre_ping=True,
            pool_recycle=300,
        )
    return _engine


def get_read_engine() -> Engine:
    """The container's engine for read-only work, created on first use.

    Its connections run in autocommit, so a read costs one round trip per statement (no
    BEGIN/COMMIT), and they are pinged only after `IDLE_PING_SECONDS` of idleness rather
    than on every checkout: a warm Lambda container reuses a live connection for free,
    one thawed after minutes checks it first and reconnects if the server went away.
    """
    global _read_engine
    if _read_engine is None:
        engine = create_engine(
            database_url(),
            isolation_level="AUTOCOMMIT",
            pool_size=5,
            max_overflow=5,
            pool_recycle=300,
        )
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "checkin", _mark_checked_in)
        _read_engine = engine
    return _read_engine


def _ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < IDLE_PING_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
    except Exception as exc:  # any failure means: use a fresh connection
        raise DisconnectionError("stale connection") from exc


def _mark_checked_in(dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def reset_engine() -> None:
    """Drop the engines (tests, or after the database URL changed)."""
    global _engine, _read_engine
    if _engine is not None:
        _engine.dispose()
    if _read_engine is not None:
        _read_engine.dispose()
    _engine = None
    _read_engine = None


@contextmanager
def transaction() -> Iterator[Connection]:
    """A unit of work: commits on success, rolls back on any error."""
    with _outages_unavailable(), get_engine().begin() as conn:
        yield conn


def read_row(sql: str) -> tuple[Any, ...] | None:
    """The first row of a constant read-only statement, straight on a pooled autocommit
    driver connection: the cheapest database read there is (about half the cost of going
    through a SQLAlchemy `Connection`), for the per-request data-version check of cached
    reads. Any driver failure discards the connection and is `Unavailable`."""
    engine = get_read_engine()
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()  # connect errors come unwrapped from the driver
    except (OperationalError, InterfaceError, driver_error) as exc:
        raise Unavailable("the database is unavailable", code="database_unavailable") from exc
    try:
        cursor = connection.cursor()
        cursor.execute(sql)
        row = cursor.fetchone()
        cursor.close()
    except driver_error as exc:
        connection.invalidate()
        raise Unavailable("the database is unavailable", code="database_unavailable") from exc
    finally:
        connection.close()
    return tuple(row) if row is not None else None


@contextmanager
def read() -> Iterator[Connection]:
    """A read-only unit of work in autocommit: each statement sees committed data.

    For public reads that need no transaction; anything that writes uses `transaction()`.
    Outages map to `Unavailable` exactly as there.
    """
    with _outages_unavailable(), get_read_engine().connect() as conn:
        yield conn


@contextmanager
def _outages_unavailable() -> Iterator[None]:
    """Driver failures to reach the database, or a lost connection, as `Unavailable`."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise Unavailable("the database is unavailable", code="database_unavailable") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise Unavailable(
                "the database connection was lost", code="database_unavailable"
            ) from exc
        raise
