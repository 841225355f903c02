"""Queries on teams."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, func, select

from courtside.tables import teams


def find_teams(
    conn: Connection, *, conference: str | None, division: str | None
) -> list[RowMapping]:
    """Teams by abbreviation, optionally of one conference and/or division (any case)."""
    query = select(teams).order_by(teams.c.abbreviation)
    if conference is not None:
        query = query.where(func.lower(teams.c.conference) == conference.lower())
    if division is not None:
        query = query.where(func.lower(teams.c.division) == division.lower())
    return list(conn.execute(query).mappings())


def team_by_abbreviation(conn: Connection, abbreviation: str) -> RowMapping | None:
    query = select(teams).where(teams.c.abbreviation == abbreviation)
    return conn.execute(query).mappings().first()


def all_teams(conn: Connection) -> dict[str, RowMapping]:
    return {row["abbreviation"]: row for row in conn.execute(select(teams)).mappings()}
