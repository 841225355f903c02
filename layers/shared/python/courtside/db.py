"""The database engine (one per container) and units of work (one per request).

Locally the URL comes from `DATABASE_URL`; in AWS from the Secrets Manager secret
named by `DATABASE_SECRET_ARN`, read through Powertools parameters and cached.
Driver failures to reach the database surface as `Unavailable` (503).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from courtside.errors import Unavailable
from courtside.settings import Settings, get_settings

_engine: Engine | None = None


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

        raw = parameters.get_secret(
            settings.database_secret_arn, max_age=settings.secret_cache_seconds
        )
        secret = json.loads(raw)
        if settings.database_host:
            secret = {**secret, "host": settings.database_host}
        return url_from_secret(secret)
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


def reset_engine() -> None:
    """Drop the engine (tests, or after the database URL changed)."""
    global _engine
    if _engine is not None:
        _engine.dispose()
    _engine = None


@contextmanager
def transaction() -> Iterator[Connection]:
    """A unit of work: commits on success, rolls back on any error."""
    try:
        with get_engine().begin() as conn:
            yield conn
    except (OperationalError, InterfaceError) as exc:
        raise Unavailable("the database is unavailable", code="database_unavailable") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise Unavailable(
                "the database connection was lost", code="database_unavailable"
            ) from exc
        raise
