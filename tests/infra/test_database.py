"""The two database modes: Aurora Serverless v2 (+ RDS Proxy) or an existing Postgres."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.infra.support import EXISTING_STAGE, Synthesized

pytestmark = pytest.mark.infra


def function_properties(stage: Synthesized, name: str) -> dict[str, Any]:
    built = stage.stack.functions[name]
    properties: dict[str, Any] = stage.resources[stage.logical_id(built.function)]["Properties"]
    return properties


def test_prod_runs_aurora_serverless_v2_behind_a_tls_only_proxy(prod: Synthesized) -> None:
    (cluster,) = prod.of_type("AWS::RDS::DBCluster").values()
    (instance,) = prod.of_type("AWS::RDS::DBInstance").values()
    (proxy,) = prod.of_type("AWS::RDS::DBProxy").values()
    settings = prod.config.database

    assert cluster["Properties"]["Engine"] == "aurora-postgresql"
    assert cluster["Properties"]["StorageEncrypted"] is True
    assert cluster["Properties"]["DeletionProtection"] is True
    assert cluster["Properties"]["ServerlessV2ScalingConfiguration"] == {
        "MinCapacity": settings.min_capacity,
        "MaxCapacity": settings.max_capacity,
    }
    assert instance["Properties"]["DBInstanceClass"] == "db.serverless"
    assert instance["Properties"]["PubliclyAccessible"] is False
    assert proxy["Properties"]["RequireTLS"] is True
    assert proxy["Properties"]["EngineFamily"] == "POSTGRESQL"


def test_the_database_secret_names_the_database_the_functions_use(prod: Synthesized) -> None:
    secrets = [
        s["Properties"]["GenerateSecretString"]["SecretStringTemplate"]
        for s in prod.of_type("AWS::SecretsManager::Secret").values()
        if "courtside_admin" in s["Properties"]["GenerateSecretString"]["SecretStringTemplate"]
    ]
    (cluster,) = prod.of_type("AWS::RDS::DBCluster").values()

    assert [json.loads(t) for t in secrets] == [
        {"username": "courtside_admin", "dbname": prod.config.database.database_name}
    ]
    assert cluster["Properties"]["DatabaseName"] == prod.config.database.database_name


def test_functions_connect_through_the_proxy_from_the_isolated_subnets(prod: Synthesized) -> None:
    proxy_endpoint = prod.stack.resolve(prod.stack.database.proxy.endpoint)
    security_group = prod.stack.resolve(prod.stack.database.security_group.security_group_id)

    for name in prod.stack.functions:
        properties = function_properties(prod, name)
        assert properties["Environment"]["Variables"]["DATABASE_HOST"] == proxy_endpoint, name
        assert properties["VpcConfig"]["SecurityGroupIds"] == [security_group], name
        assert len(properties["VpcConfig"]["SubnetIds"]) == prod.config.database.max_azs, name


def test_the_functions_security_group_reaches_only_postgres_and_https(prod: Synthesized) -> None:
    group_id = prod.logical_id(prod.stack.database.security_group)
    group = prod.resources[group_id]["Properties"]
    egress = [
        r["Properties"]
        for r in prod.of_type("AWS::EC2::SecurityGroupEgress").values()
        if r["Properties"]["GroupId"] == {"Fn::GetAtt": [group_id, "GroupId"]}
    ]
    ports = {(rule["IpProtocol"], rule["FromPort"]) for rule in group["SecurityGroupEgress"]}
    ports |= {(rule["IpProtocol"], rule["FromPort"]) for rule in egress}

    assert ports == {("tcp", 443), ("tcp", 5432)}


def test_the_vpc_has_no_nat_and_reaches_aws_through_endpoints(prod: Synthesized) -> None:
    endpoints = prod.of_type("AWS::EC2::VPCEndpoint").values()
    services = {str(e["Properties"]["ServiceName"]) for e in endpoints}

    assert not prod.of_type("AWS::EC2::NatGateway")
    assert not prod.of_type("AWS::EC2::InternetGateway")
    assert any("secretsmanager" in s for s in services)
    assert any("lambda" in s for s in services)
    assert any("s3" in s for s in services)
    assert prod.of_type("AWS::EC2::FlowLog")


def test_dev_skips_the_proxy_and_connects_to_the_cluster(dev: Synthesized) -> None:
    (cluster,) = dev.of_type("AWS::RDS::DBCluster").values()

    assert not dev.of_type("AWS::RDS::DBProxy")
    assert cluster["Properties"]["DeletionProtection"] is False
    assert cluster["Properties"]["ServerlessV2ScalingConfiguration"]["MinCapacity"] == 0
    for name in dev.stack.functions:
        assert "DATABASE_HOST" not in function_properties(dev, name)["Environment"]["Variables"]


def test_an_existing_database_is_named_by_its_secret_and_vpc(ci: Synthesized) -> None:
    database = EXISTING_STAGE["database"]
    vpc = database["vpc"]  # type: ignore[index]

    assert not ci.of_type("AWS::RDS::DBCluster")
    assert not ci.of_type("AWS::EC2::VPC")
    assert not ci.of_type("AWS::EC2::SecurityGroup")
    for name in ci.stack.functions:
        properties = function_properties(ci, name)
        assert (
            properties["Environment"]["Variables"]["DATABASE_SECRET_ARN"]
            == (
                database["secret_arn"]  # type: ignore[index]
            )
        )
        assert properties["VpcConfig"] == {
            "SecurityGroupIds": [vpc["security_group_id"]],
            "SubnetIds": vpc["subnet_ids"],
        }, name
