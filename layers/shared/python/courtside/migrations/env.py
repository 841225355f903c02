"""Alembic environment: migrates the database `courtside.db` is configured for."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from courtside import db
from courtside.tables import metadata

SCHEMAS = ("nba", "app")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Only our schemas take part in comparisons."""
    if type_ == "schema":
        return name in SCHEMAS
    return True


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with db.get_engine().connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection: Connection) -> None:
    for schema in SCHEMAS:
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_schemas=True,
        include_name=include_name,
        version_table_schema="app",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
