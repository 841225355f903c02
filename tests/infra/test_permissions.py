"""Least privilege: who may read which secret and invoke what, read from the IAM policies."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import pytest

from tests.infra.support import Synthesized, SynthesizedApp

pytestmark = pytest.mark.infra

TRACING = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
READ_SECRET = {"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def function_statements(stage: Synthesized) -> dict[str, list[dict[str, Any]]]:
    """Function name -> the Allow statements of the policies attached to its role."""
    role_owner = {
        stage.logical_id(built.function.role): name for name, built in stage.stack.functions.items()
    }
    statements: dict[str, list[dict[str, Any]]] = {name: [] for name in stage.stack.functions}
    for policy in stage.of_type("AWS::IAM::Policy").values():
        properties = policy["Properties"]
        for role in properties.get("Roles", []):
            owner = role_owner.get(role.get("Ref"))
            if owner is not None:
                statements[owner] += [
                    s for s in properties["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"
                ]
    return statements


def allowed(statement: dict[str, Any], action: str) -> bool:
    return any(fnmatch.fnmatchcase(action, a) for a in _as_list(statement["Action"]))


def who_may(stage: Synthesized, action: str, resource: Any) -> set[str]:
    """Functions whose policies allow `action` on a resource mentioning `resource`."""
    needle = json.dumps(resource)
    return {
        name
        for name, statements in function_statements(stage).items()
        if any(allowed(s, action) and needle in json.dumps(s["Resource"]) for s in statements)
    }


def environment(stage: Synthesized, name: str) -> dict[str, Any]:
    function = stage.resources[stage.logical_id(stage.stack.functions[name].function)]
    variables: dict[str, Any] = function["Properties"]["Environment"]["Variables"]
    return variables


@pytest.mark.parametrize("stage_name", ["dev", "prod", "ci"])
def test_only_auth_and_authorizer_may_read_the_jwt_signing_key(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    key = {"Ref": stage.logical_id(stage.stack.jwt_key.secret)}
    with_env = {
        name for name in stage.stack.functions if "JWT_SECRET_ARN" in environment(stage, name)
    }

    assert who_may(stage, "secretsmanager:GetSecretValue", key) == {"auth", "authorizer"}
    assert with_env == {"auth", "authorizer"}
    assert environment(stage, "auth")["JWT_SECRET_ARN"] == key


def test_the_jwt_key_is_generated_as_a_kid_and_a_long_secret(prod: Synthesized) -> None:
    secret = prod.resources[prod.logical_id(prod.stack.jwt_key.secret)]["Properties"]
    generator = secret["GenerateSecretString"]

    assert json.loads(generator["SecretStringTemplate"]) == {"kid": "prod-1"}
    assert generator["GenerateStringKey"] == "secret"
    assert generator["PasswordLength"] >= 32
    assert generator["ExcludePunctuation"] is True


@pytest.mark.parametrize("stage_name", ["dev", "prod", "ci"])
def test_every_function_may_read_the_database_secret(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    secret = stage.stack.resolve(stage.stack.database.secret.secret_arn)

    assert who_may(stage, "secretsmanager:GetSecretValue", secret) == set(stage.stack.functions)
    for name in stage.stack.functions:
        assert environment(stage, name)["DATABASE_SECRET_ARN"] == secret, name


def test_admin_may_invoke_results_and_nobody_invokes_anything_else(prod: Synthesized) -> None:
    results_id = prod.logical_id(prod.stack.functions["results"].function)
    invokers = {
        name
        for name, statements in function_statements(prod).items()
        if any(allowed(s, "lambda:InvokeFunction") for s in statements)
    }

    assert who_may(prod, "lambda:InvokeFunction", {"Fn::GetAtt": [results_id, "Arn"]}) == {"admin"}
    assert invokers == {"admin"}
    assert environment(prod, "admin")["RESULTS_FUNCTION_NAME"] == {"Ref": results_id}
    others = [n for n in prod.stack.functions if "RESULTS_FUNCTION_NAME" in environment(prod, n)]
    assert others == ["admin"]


@pytest.mark.parametrize("name", ["meta", "teams", "players", "games", "odds", "predictions"])
def test_read_functions_may_only_trace_and_read_the_database_secret(
    prod: Synthesized, name: str
) -> None:
    actions = {a for s in function_statements(prod)[name] for a in _as_list(s["Action"])}

    assert actions <= TRACING | READ_SECRET
    assert "secretsmanager:GetSecretValue" in actions


def test_admin_may_do_no_more_than_its_job(prod: Synthesized) -> None:
    actions = {a for s in function_statements(prod)["admin"] for a in _as_list(s["Action"])}

    assert actions <= TRACING | READ_SECRET | {"lambda:InvokeFunction"}


def test_only_ingest_reads_the_ingest_bucket(prod: Synthesized) -> None:
    bucket = {"Fn::GetAtt": [prod.logical_id(prod.stack.ingest_bucket), "Arn"]}

    assert who_may(prod, "s3:GetObject", bucket) == {"ingest"}


def test_no_function_has_an_inline_policy(prod: Synthesized) -> None:
    for name, built in prod.stack.functions.items():
        role = prod.resources[prod.logical_id(built.function.role)]["Properties"]
        assert "Policies" not in role, name
