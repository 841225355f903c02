"""Every Lambda function comes from the one factory: same runtime, layer, tracing and settings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from courtside.routes import GROUPS
from tests.infra.support import Synthesized, SynthesizedApp

pytestmark = pytest.mark.infra

EXPECTED = {*GROUPS, "authorizer", "results", "ingest", "migrate"}


def courtside_functions(stage: Synthesized) -> dict[str, dict[str, Any]]:
    """name -> function properties, for the stack's own functions."""
    return {
        name: stage.resources[stage.logical_id(built.function)]["Properties"]
        for name, built in stage.stack.functions.items()
    }


def test_one_function_per_group_plus_authorizer_results_ingest_and_migrate(
    dev: Synthesized,
) -> None:
    layer_id = dev.logical_id(dev.stack.layer)
    with_shared_layer = [
        f
        for f in dev.of_type("AWS::Lambda::Function").values()
        if {"Ref": layer_id} in f["Properties"].get("Layers", [])
    ]

    assert set(dev.stack.functions) == EXPECTED
    assert len(with_shared_layer) == len(EXPECTED)


@pytest.mark.parametrize("stage_name", ["dev", "prod", "ci"])
def test_functions_share_runtime_layer_tracing_and_powertools_settings(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    layer_id = stage.logical_id(stage.stack.layer)
    layer = stage.resources[layer_id]["Properties"]

    for name, function in courtside_functions(stage).items():
        env = function["Environment"]["Variables"]
        assert function["Runtime"] == "python3.12", name
        assert function["Architectures"] == ["arm64"], name
        assert function["Handler"] == "handler.lambda_handler", name
        assert function["Layers"] == [{"Ref": layer_id}], name
        assert function["TracingConfig"] == {"Mode": "Active"}, name
        assert env["POWERTOOLS_SERVICE_NAME"] == name
        assert env["POWERTOOLS_METRICS_NAMESPACE"] == "Courtside"
        assert env["LOG_LEVEL"] == stage.config.log_level
        assert env["COURTSIDE_STAGE"] == stage_name
        assert "DATABASE_SECRET_ARN" in env, name
        assert "LogGroup" in function["LoggingConfig"], name
    assert layer["CompatibleRuntimes"] == ["python3.12"]
    assert layer["CompatibleArchitectures"] == ["arm64"]


def test_log_groups_keep_logs_for_the_configured_days(prod: Synthesized) -> None:
    for name, function in courtside_functions(prod).items():
        (group_id,) = function["LoggingConfig"]["LogGroup"].values()
        group = prod.resources[group_id]
        assert group["Properties"]["RetentionInDays"] == prod.config.log_retention_days, name
        assert group["DeletionPolicy"] == "Retain", name


def test_sizing_follows_the_factory_defaults_and_the_stage_overrides(prod: Synthesized) -> None:
    functions = courtside_functions(prod)

    assert functions["teams"]["Timeout"] == 10
    assert functions["admin"]["Timeout"] == 29
    assert functions["results"]["Timeout"] == 300
    assert functions["ingest"]["MemorySize"] == 1024
    assert functions["results"]["ReservedConcurrentExecutions"] == 1
    assert functions["ingest"]["ReservedConcurrentExecutions"] == 1
    assert "ReservedConcurrentExecutions" not in functions["teams"]


def test_results_runs_every_15_minutes(dev: Synthesized) -> None:
    (rule,) = dev.of_type("AWS::Events::Rule").values()
    results_id = dev.logical_id(dev.stack.functions["results"].function)

    assert rule["Properties"]["ScheduleExpression"] == "rate(15 minutes)"
    (target,) = rule["Properties"]["Targets"]
    assert target["Arn"] == {"Fn::GetAtt": [results_id, "Arn"]}


def test_ingest_runs_for_csv_files_dropped_into_its_bucket(dev: Synthesized) -> None:
    (notifications,) = dev.of_type("Custom::S3BucketNotifications").values()
    properties = notifications["Properties"]
    (config,) = properties["NotificationConfiguration"]["LambdaFunctionConfigurations"]
    ingest_id = dev.logical_id(dev.stack.functions["ingest"].function)

    assert properties["BucketName"] == {"Ref": dev.logical_id(dev.stack.ingest_bucket)}
    assert config["Events"] == ["s3:ObjectCreated:*"]
    assert config["Filter"]["Key"]["FilterRules"] == [{"Name": "suffix", "Value": ".csv"}]
    assert config["LambdaFunctionArn"] == {"Fn::GetAtt": [ingest_id, "Arn"]}


def test_migrations_run_on_deploy_after_the_database_and_before_the_api(
    prod: Synthesized,
) -> None:
    from cdk.jobs import migrations_fingerprint
    from cdk.stack import MIGRATIONS_DIR

    (trigger_id, trigger), *_ = prod.of_type("Custom::Trigger").items()
    migrate = prod.stack.functions["migrate"].function
    migrate_env = courtside_functions(prod)["migrate"]["Environment"]["Variables"]
    teams_id = prod.logical_id(prod.stack.functions["teams"].function)

    assert trigger["Properties"]["HandlerArn"] == prod.stack.resolve(
        migrate.current_version.function_arn
    )
    assert trigger["Properties"]["InvocationType"] == "RequestResponse"
    assert trigger["Properties"]["ExecuteOnHandlerChange"] is True
    assert prod.logical_id(prod.stack.database.cluster) in trigger["DependsOn"]
    assert prod.logical_id(prod.stack.database.proxy) in trigger["DependsOn"]
    assert trigger_id in prod.resources[teams_id]["DependsOn"]
    assert migrate_env["MIGRATIONS_FINGERPRINT"] == migrations_fingerprint(MIGRATIONS_DIR)


def test_the_migrate_functions_version_changes_with_the_migrations(tmp_path: Any) -> None:
    from cdk.jobs import migrations_fingerprint

    (tmp_path / "0001_a.py").write_text("revision = '0001'\n")
    before = migrations_fingerprint(tmp_path)
    (tmp_path / "0002_b.py").write_text("revision = '0002'\n")

    assert migrations_fingerprint(tmp_path) != before


def test_functions_say_what_they_serve(dev: Synthesized) -> None:
    descriptions = {
        name: function["Description"] for name, function in courtside_functions(dev).items()
    }

    assert descriptions["games"] == "Courtside dev: games, results and standings"
    assert json.dumps(descriptions).count("Courtside dev: ") == len(EXPECTED)
