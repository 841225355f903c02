"""The stage context in cdk.json is validated before anything is built."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.infra.support import ROOT, cdk_context

pytestmark = pytest.mark.infra

SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:courtside/db-AbC123"


def stage(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"database": {"mode": "existing", "secret_arn": SECRET}}
    return {"test": {**base, **overrides}}


def load(context: dict[str, Any], name: str = "test") -> Any:
    from cdk.config import load_stage_config

    return load_stage_config(context, name)


def error_for(context: dict[str, Any]) -> str:
    from cdk.config import StageConfigError

    with pytest.raises(StageConfigError) as raised:
        load(context)
    return str(raised.value)


def test_cdk_json_stages_are_valid_and_dev_is_the_default() -> None:
    context = json.loads((ROOT / "cdk.json").read_text())["context"]
    from cdk.config import load_stage_config

    dev = load_stage_config(context, None)
    prod = load_stage_config(context, "prod")

    assert dev.stage == "dev"
    assert dev.database.mode == "aurora"
    assert prod.domain is not None and prod.domain.certificate_arn is not None
    assert prod.token_throttle.rate_limit < prod.api_throttle.rate_limit
    assert prod.retain_data is True


def test_defaults_fill_an_existing_database_stage() -> None:
    config = load(stage())

    assert config.architecture == "arm64"
    assert config.database.secret_arn == SECRET
    assert config.authorizer_cache_seconds == 300
    assert config.tuning("teams").memory_mb is None


def test_an_unknown_stage_names_itself() -> None:
    assert "no context object for stage 'qa'" in _unknown_stage()


def _unknown_stage() -> str:
    from cdk.config import StageConfigError

    with pytest.raises(StageConfigError) as raised:
        load(cdk_context(), "qa")
    return str(raised.value)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"log_retention_days": 10}, "log_retention_days"),
        ({"alarm_email": "not-an-email"}, "alarm_email"),
        ({"functions": {"tems": {"memory_mb": 256}}}, "unknown functions ['tems']"),
        ({"authorizer_cache_seconds": 7200}, "authorizer_cache_seconds"),
        ({"token_throttle": {"rate_limit": 0, "burst_limit": 1}}, "token_throttle.rate_limit"),
        ({"databse": {}}, "databse"),
        (
            {"database": {"mode": "existing", "secret_arn": "courtside/db"}},
            "complete ARN",
        ),
        (
            {"database": {"mode": "aurora", "min_capacity": 4, "max_capacity": 2}},
            "min_capacity must not exceed max_capacity",
        ),
        (
            {
                "database": {
                    "mode": "existing",
                    "secret_arn": SECRET,
                    "vpc": {
                        "vpc_id": "vpc-0a1b",
                        "subnet_ids": ["subnet-01", "subnet-02"],
                        "availability_zones": ["eu-west-1a"],
                    },
                }
            },
            "one availability zone per subnet",
        ),
        (
            {
                "domain": {
                    "name": "courtside.example.com",
                    "hosted_zone_id": "Z123",
                    "hosted_zone_name": "example.com",
                    "certificate_arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
                }
            },
            "us-east-1",
        ),
        (
            {
                "domain": {
                    "name": "courtside.example.org",
                    "hosted_zone_id": "Z123",
                    "hosted_zone_name": "example.com",
                }
            },
            "not in the zone example.com",
        ),
    ],
)
def test_invalid_context_fails_naming_the_field(overrides: dict[str, Any], named: str) -> None:
    message = error_for(stage(**overrides))

    assert "stage 'test'" in message
    assert named in message


def test_a_domain_without_certificate_needs_us_east_1() -> None:
    domain = {
        "name": "courtside.example.com",
        "hosted_zone_id": "Z1",
        "hosted_zone_name": "example.com",
    }

    assert "certificate_arn is required" in error_for(stage(domain=domain))
    assert load(stage(domain=domain, region="us-east-1")).domain.certificate_arn is None
