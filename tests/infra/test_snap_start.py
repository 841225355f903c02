"""SnapStart: the API functions and the authorizer restore a snapshot taken after init.

SnapStart applies to published versions only, so each such function is invoked through
its `live` alias on its current version, by every API method and by the authorizer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from courtside.routes import GROUPS
from tests.infra.support import Synthesized, SynthesizedApp

pytestmark = pytest.mark.infra

API_FUNCTIONS = {*GROUPS, "authorizer"}
JOBS = {"results", "ingest", "migrate"}
SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:courtside/db-AbC123"


def properties(stage: Synthesized, construct: Any) -> dict[str, Any]:
    return dict(stage.resources[stage.logical_id(construct)]["Properties"])


@pytest.mark.parametrize("stage_name", ["dev", "prod"])
def test_api_functions_and_the_authorizer_snap_start_on_published_versions(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    functions = stage.stack.functions

    assert set(functions) == API_FUNCTIONS | JOBS
    for name in API_FUNCTIONS:
        snap_start = properties(stage, functions[name].function).get("SnapStart")
        assert snap_start == {"ApplyOn": "PublishedVersions"}, name
    for name in JOBS:
        assert "SnapStart" not in properties(stage, functions[name].function), name


def test_a_stage_without_snap_start_has_none(synthesized: SynthesizedApp) -> None:
    stage = synthesized.stages["ci"]

    for name, built in stage.stack.functions.items():
        assert "SnapStart" not in properties(stage, built.function), name
        assert built.target is built.function, name
    assert not stage.of_type("AWS::Lambda::Alias")


@pytest.mark.parametrize("stage_name", ["dev", "prod"])
def test_each_snap_start_function_is_invoked_through_a_live_alias_on_its_current_version(
    synthesized: SynthesizedApp, stage_name: str
) -> None:
    stage = synthesized.stages[stage_name]
    aliases = stage.of_type("AWS::Lambda::Alias")

    assert len(aliases) == len(API_FUNCTIONS)
    for name in API_FUNCTIONS:
        built = stage.stack.functions[name]
        function_id = stage.logical_id(built.function)
        alias = aliases[stage.logical_id(built.target)]["Properties"]
        (version_id, attribute) = alias["FunctionVersion"]["Fn::GetAtt"]
        version = stage.resources[version_id]

        assert alias["Name"] == "live", name
        assert alias["FunctionName"] == {"Ref": function_id}, name
        assert "ProvisionedConcurrencyConfig" not in alias, name
        assert attribute == "Version"
        assert version["Type"] == "AWS::Lambda::Version"
        assert version["Properties"]["FunctionName"] == {"Ref": function_id}, name
        # superseded versions (each with a cached snapshot) are deleted, not kept
        assert version["DeletionPolicy"] == "Delete", name
    for name in JOBS:
        assert stage.stack.functions[name].target is stage.stack.functions[name].function


def test_api_methods_and_the_authorizer_invoke_the_alias_not_the_function(
    prod: Synthesized,
) -> None:
    alias_refs = {
        name: {"Ref": prod.logical_id(prod.stack.functions[name].target)} for name in API_FUNCTIONS
    }
    methods = prod.of_type("AWS::ApiGateway::Method").values()
    (authorizer,) = prod.of_type("AWS::ApiGateway::Authorizer").values()
    invoked_by_api = {
        json.dumps(p["Properties"]["FunctionName"])
        for p in prod.of_type("AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    }

    assert methods
    for method in methods:
        parts = method["Properties"]["Integration"]["Uri"]["Fn::Join"][1]
        assert [ref for ref in alias_refs.values() if ref in parts], method
    assert alias_refs["authorizer"] in authorizer["Properties"]["AuthorizerUri"]["Fn::Join"][1]
    assert invoked_by_api == {json.dumps(ref) for ref in alias_refs.values()}


def test_layer_changes_publish_new_versions() -> None:
    from tests.infra.support import cdk_context

    assert cdk_context()["@aws-cdk/aws-lambda:recognizeLayerVersion"] is True


def _load(**overrides: Any) -> Any:
    from cdk.config import load_stage_config

    raw = {"database": {"mode": "existing", "secret_arn": SECRET}, **overrides}
    return load_stage_config({"test": raw}, "test")


def test_the_stage_default_covers_groups_and_authorizer_and_functions_override_it() -> None:
    config = _load(
        snap_start=True, functions={"teams": {"snap_start": False}, "ingest": {"snap_start": True}}
    )

    assert config.snap_start_for("games") is True
    assert config.snap_start_for("authorizer") is True
    assert config.snap_start_for("teams") is False
    assert config.snap_start_for("results") is False
    assert config.snap_start_for("migrate") is False
    assert config.snap_start_for("ingest") is True
    assert _load().snap_start_for("games") is False


@pytest.mark.parametrize(
    "overrides",
    [
        {"snap_start": True, "functions": {"teams": {"provisioned_concurrency": 2}}},
        {"functions": {"results": {"snap_start": True, "provisioned_concurrency": 1}}},
    ],
)
def test_snap_start_with_provisioned_concurrency_is_refused(overrides: dict[str, Any]) -> None:
    from cdk.config import StageConfigError

    with pytest.raises(StageConfigError) as raised:
        _load(**overrides)

    message = str(raised.value)
    assert "SnapStart and provisioned concurrency cannot be combined" in message
    assert ("'teams'" in message) or ("'results'" in message)


def test_provisioned_concurrency_is_kept_where_snap_start_is_turned_off() -> None:
    config = _load(
        snap_start=True,
        functions={"teams": {"snap_start": False, "provisioned_concurrency": 2}},
    )

    assert config.snap_start_for("teams") is False
    assert config.tuning("teams").provisioned_concurrency == 2
