"""In AWS the database URL comes from a Secrets Manager secret, read through Powertools, cached."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from courtside.db import database_url
from courtside.errors import Unavailable
from courtside.settings import Settings

SECRET = {
    "engine": "postgres",
    "username": "courtside_admin",
    "password": "p@ss/w0rd:x",
    "host": "cluster.example.internal",
    "port": 5432,
    "dbname": "courtside",
}


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A mocked Secrets Manager, with Powertools' provider and cache reset around the test."""
    import boto3
    from aws_lambda_powertools.utilities import parameters
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    parameters.clear_caches()
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")
    parameters.clear_caches()


def create(client: Any, value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    arn: str = client.create_secret(Name="courtside/test/database", SecretString=text)["ARN"]
    return arn


def test_the_url_is_built_from_the_rds_secret_with_credentials_escaped(secrets: Any) -> None:
    arn = create(secrets, SECRET)

    url = database_url(Settings(database_secret_arn=arn))

    assert url == (
        "postgresql+pg8000://courtside_admin:p%40ss%2Fw0rd%3Ax"
        "@cluster.example.internal:5432/courtside"
    )


def test_the_secret_is_cached_for_its_max_age(secrets: Any) -> None:
    arn = create(secrets, SECRET)
    settings = Settings(database_secret_arn=arn, secret_cache_seconds=300)
    first = database_url(settings)

    secrets.put_secret_value(SecretId=arn, SecretString=json.dumps({**SECRET, "password": "new"}))

    assert database_url(settings) == first


def test_the_secret_is_read_again_once_its_max_age_has_passed(secrets: Any) -> None:
    arn = create(secrets, SECRET)
    settings = Settings(database_secret_arn=arn, secret_cache_seconds=0)
    first = database_url(settings)

    secrets.put_secret_value(SecretId=arn, SecretString=json.dumps({**SECRET, "password": "new"}))

    assert ":p%40ss%2Fw0rd%3Ax@" in first
    assert ":new@" in database_url(settings)


def test_the_proxy_host_replaces_the_secrets_host(secrets: Any) -> None:
    arn = create(secrets, SECRET)

    url = database_url(Settings(database_secret_arn=arn, database_host="proxy.example.internal"))

    assert "@proxy.example.internal:5432/courtside" in url


def test_database_url_wins_over_the_secret_without_reading_it(secrets: Any) -> None:
    settings = Settings(
        database_url="postgres://me:pw@localhost:5433/courtside",
        database_secret_arn="arn:aws:secretsmanager:us-east-1:123456789012:secret:none-AbCdEf",
    )

    assert database_url(settings) == "postgresql+pg8000://me:pw@localhost:5433/courtside"


@pytest.mark.parametrize("stored", [None, "not json", {"username": "only"}])
def test_a_missing_or_malformed_secret_is_a_503_not_a_crash(secrets: Any, stored: Any) -> None:
    arn = (
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf"
        if stored is None
        else create(secrets, stored)
    )

    with pytest.raises(Unavailable) as raised:
        database_url(Settings(database_secret_arn=arn))

    assert raised.value.code == "database_unavailable"
    assert "p@ss" not in str(raised.value.message)


def test_no_database_configured_is_a_503() -> None:
    with pytest.raises(Unavailable) as raised:
        database_url(Settings())

    assert raised.value.code == "database_not_configured"
