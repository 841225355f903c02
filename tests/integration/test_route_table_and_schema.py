"""The route table against every group's resolver, and the tables against the migrations."""

from __future__ import annotations

from typing import Any

import pytest

from courtside.http import registered_routes
from courtside.routes import GROUPS, ROUTES, routes_of
from local.functions import load_module

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("group", GROUPS)
def test_each_resolver_serves_exactly_its_routes(group):
    served = registered_routes(load_module(group).app)

    assert served == {(route.method, route.path) for route in routes_of(group)}


def test_every_route_belongs_to_a_served_group_and_is_declared_once():
    keys = [(route.method, route.path) for route in ROUTES]

    assert len(keys) == len(set(keys))
    assert {route.group for route in ROUTES} == set(GROUPS)


def test_migrations_create_exactly_the_tables_of_tables_py(make_database: Any):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from courtside import db
    from courtside.tables import metadata

    make_database("courtside_test_schema")

    def include_name(name: str | None, type_: str, parent_names: object) -> bool:
        return name in ("nba", "app") if type_ == "schema" else True

    with db.get_engine().connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "include_name": include_name,
                "compare_type": True,
                "version_table_schema": "app",
            },
        )
        differences = compare_metadata(context, metadata)

    assert differences == []


def test_data_changes_bump_the_data_version(make_database: Any):
    from sqlalchemy import text

    from courtside import db
    from courtside.store.load_state import bump_data_version, data_state

    make_database("courtside_test_schema")
    with db.read() as conn:
        before = data_state(conn)

    with db.transaction() as conn:
        conn.execute(
            text(
                "INSERT INTO nba.teams VALUES (1, 'AAA', 'A', 'As', 'A As', 'East', 'Atlantic', 1)"
                ", (2, 'BBB', 'B', 'Bs', 'B Bs', 'West', 'Pacific', 2)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO nba.games (game_id, season, season_type, game_date, tipoff_at, "
                "status, home_team, away_team) VALUES ('20240101-BBB-AAA', '2023-24', "
                "'regular', '2024-01-01', '2024-01-02T00:00:00Z', 'scheduled', 'AAA', 'BBB')"
            )
        )
    with db.read() as conn:
        after_writes = data_state(conn)
    with db.transaction() as conn:
        bump_data_version(conn)
    with db.read() as conn:
        after_bump = data_state(conn)

    assert before.latest_season is None
    assert after_writes.version == before.version + 2  # one bump per statement
    assert after_writes.latest_season == "2023-24"
    assert after_bump.version == after_writes.version + 1
