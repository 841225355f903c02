"""Alarms, the dashboard, and cdk-nag: nothing flagged that is not acknowledged with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.support import Synthesized, SynthesizedApp

pytestmark = pytest.mark.infra


def alarms_on(stage: Synthesized, metric: str) -> dict[str, dict[str, Any]]:
    """Function name -> its alarm on `metric` (from the alarm's FunctionName dimension)."""
    by_function_id = {
        stage.logical_id(built.function): name for name, built in stage.stack.functions.items()
    }
    found = {}
    for alarm in stage.of_type("AWS::CloudWatch::Alarm").values():
        properties = alarm["Properties"]
        if properties.get("MetricName") != metric or properties.get("Namespace") != "AWS/Lambda":
            continue
        (dimension,) = properties["Dimensions"]
        found[by_function_id[dimension["Value"]["Ref"]]] = properties
    return found


@pytest.mark.parametrize("metric", ["Errors", "Duration", "Throttles"])
def test_every_function_has_its_alarms_wired_to_the_topic(prod: Synthesized, metric: str) -> None:
    topic = {"Ref": prod.logical_id(prod.stack.monitoring.topic)}
    alarms = alarms_on(prod, metric)

    assert set(alarms) == set(prod.stack.functions)
    for name, alarm in alarms.items():
        assert alarm["AlarmActions"] == [topic], name
        if metric == "Duration":
            assert alarm["ExtendedStatistic"] == "p99", name


def test_authorizer_errors_alarm_on_the_first_error(prod: Synthesized) -> None:
    errors = alarms_on(prod, "Errors")

    assert errors["authorizer"]["Threshold"] == 1
    assert errors["teams"]["Threshold"] == 5


def test_api_server_errors_alarm(prod: Synthesized) -> None:
    api_alarms = [
        a["Properties"]
        for a in prod.of_type("AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("Namespace") == "AWS/ApiGateway"
    ]
    metrics = {a["MetricName"] for a in api_alarms}

    assert metrics == {"5XXError", "Latency"}


def test_alarm_email_subscribes_to_the_topic_in_prod_only(
    prod: Synthesized, dev: Synthesized
) -> None:
    (subscription,) = prod.of_type("AWS::SNS::Subscription").values()

    assert subscription["Properties"]["Protocol"] == "email"
    assert subscription["Properties"]["Endpoint"] == prod.config.alarm_email
    assert not dev.of_type("AWS::SNS::Subscription")


def test_a_dashboard_per_stage(prod: Synthesized) -> None:
    (dashboard,) = prod.of_type("AWS::CloudWatch::Dashboard").values()

    assert dashboard["Properties"]["DashboardName"] == "courtside-prod"


def test_cdk_nag_finds_nothing_unacknowledged(synthesized: SynthesizedApp) -> None:
    report = synthesized.nag_report
    findings = [
        f"{violation.rule_name} at {resource.construct_path}"
        for violation in report.violations
        for resource in violation.violating_resources
    ]

    assert findings == []
    assert report.success is True


def test_cdk_nag_reports_what_is_not_acknowledged(tiny_layer: Any) -> None:
    import aws_cdk as cdk
    from aws_cdk import aws_sns as sns
    from cdk_nag import AwsSolutionsChecks

    app = cdk.App(builtin_cloud_formation_validation=False)
    stack = cdk.Stack(app, "Probe")
    sns.Topic(stack, "Plain")

    report = AwsSolutionsChecks(app).validate_scope(app)

    assert "AwsSolutions-SNS3" in {v.rule_name for v in report.violations}
