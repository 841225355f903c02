"""The ingest function: files dropped into S3 (moto) loaded into a real Postgres."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from sqlalchemy import func, select

from courtside import db
from courtside.tables import games, teams

pytestmark = pytest.mark.integration

DATA_DIR = Path(os.environ.get("COURTSIDE_DATA") or Path(__file__).parents[3] / "shared/data/nba")
BUCKET = "courtside-ingest-test"
DROP = "drops/june 1"
"""A prefix with a space: S3 events carry keys URL-encoded (`drops/june+1/...`)."""


@pytest.fixture
def ingest() -> Any:
    from local.functions import load_module

    module = load_module("ingest")
    module._s3.cache_clear()
    yield module
    module._s3.cache_clear()


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    import boto3
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def drop(s3: Any, key: str, body: bytes) -> str:
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    return key


def event(*keys: str) -> dict[str, Any]:
    """An S3 ObjectCreated notification, keys URL-encoded as S3 sends them."""
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": BUCKET, "arn": f"arn:aws:s3:::{BUCKET}"},
                    "object": {"key": quote_plus(key, safe="/"), "size": 1},
                },
            }
            for key in keys
        ]
    }


def invoke(ingest: Any, *keys: str) -> dict[str, Any]:
    from local.functions import LambdaContext

    result: dict[str, Any] = ingest.lambda_handler(event(*keys), LambdaContext("ingest", "req-1"))
    return result


def count(table: Any, *where: Any) -> int:
    with db.transaction() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def real(name: str) -> bytes:
    return (DATA_DIR / name).read_bytes()


def test_a_drop_of_teams_and_a_season_loads_them(make_database: Any, s3: Any, ingest: Any) -> None:
    make_database("courtside_test_ingest")
    keys = (
        drop(s3, f"{DROP}/teams.csv", real("teams.csv")),
        drop(s3, f"{DROP}/2023-24/games.csv", real("2023-24/games.csv")),
    )

    result = invoke(ingest, *keys)

    (loaded,) = result["drops"]
    assert loaded["status"] == "loaded"
    assert sorted(loaded["loaded"]) == sorted(keys)
    assert result["ignored"] == []
    assert count(teams) == 30
    assert count(games, games.c.season == "2023-24", games.c.season_type == "regular") == 1230
    with db.transaction() as conn:
        opener = conn.execute(
            select(games.c.home_score, games.c.away_score).where(
                games.c.home_team == "DEN", games.c.game_date == date(2023, 10, 24)
            )
        ).one()
    assert tuple(opener) == (119, 107)

    again = invoke(ingest, *keys)

    assert again["drops"][0]["status"] == "unchanged"
    assert again["drops"][0]["loaded"] == []


def test_a_season_file_alone_is_checked_against_the_stored_teams(
    make_database: Any, s3: Any, ingest: Any
) -> None:
    make_database("courtside_test_ingest")
    invoke(ingest, drop(s3, "teams.csv", real("teams.csv")))

    result = invoke(ingest, drop(s3, "2023-24/players.csv", real("2023-24/players.csv")))

    assert result["drops"][0]["status"] == "loaded"
    assert result["drops"][0]["loaded"] == ["2023-24/players.csv"]


def test_a_bad_file_is_reported_by_key_and_line_and_nothing_is_written(
    make_database: Any, s3: Any, ingest: Any
) -> None:
    make_database("courtside_test_ingest")
    lines = real("2023-24/games.csv").decode().splitlines(keepends=True)
    lines[2] = lines[2].replace(lines[2].split(",")[0], "2023-13-45", 1)
    keys = (
        drop(s3, f"{DROP}/teams.csv", real("teams.csv")),
        drop(s3, f"{DROP}/2023-24/games.csv", "".join(lines).encode()),
    )

    result = invoke(ingest, *keys)

    (rejected,) = result["drops"]
    first = rejected["problems"][0]
    assert rejected["status"] == "rejected"
    assert first["key"] == f"{DROP}/2023-24/games.csv"
    assert first["line"] == 3
    assert "2023-13-45" in first["reason"] or "date" in first["reason"]
    assert count(teams) == 0
    assert count(games) == 0


def test_keys_outside_the_data_contract_are_ignored(
    make_database: Any, s3: Any, ingest: Any
) -> None:
    make_database("courtside_test_ingest")
    keys = (
        drop(s3, "drops/2023-24/odds.csv", b"a,b\n"),
        drop(s3, "drops/latest/games.csv", real("2023-24/games.csv")),
    )

    result = invoke(ingest, *keys)

    assert result == {"drops": [], "ignored": list(keys)}
    assert count(games) == 0


@pytest.mark.parametrize(
    ("key", "prefix", "name"),
    [
        ("teams.csv", "", "teams.csv"),
        ("drops/a/teams.csv", "drops/a", "teams.csv"),
        ("2023-24/games.csv", "", "2023-24/games.csv"),
        ("x/y/2024-25/players.csv", "x/y", "2024-25/players.csv"),
        ("x/2024-25/odds.csv", None, None),
        ("x/games.csv", None, None),
    ],
)
def test_keys_are_placed_in_the_data_contract(
    ingest: Any, key: str, prefix: str | None, name: str | None
) -> None:
    placed = ingest.place_in_contract(BUCKET, key)

    if name is None:
        assert placed is None
    else:
        assert (placed.prefix, placed.name, placed.key) == (prefix, name, key)
