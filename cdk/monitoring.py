"""A CloudWatch dashboard and the alarms that page: errors, p99 latency, throttles, 5xx.

Every alarm notifies one SNS topic; the stage's `alarm_email` (if any) subscribes
to it. Thresholds scale with each function's timeout, so a job that may run for
minutes does not alarm at an API function's latency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from cdk.config import StageConfig
from cdk.nag import acknowledge

PERIOD = Duration.minutes(5)
API_5XX_THRESHOLD = 5
API_P99_MS = 3000


@dataclass(frozen=True)
class FunctionAlarms:
    errors: cloudwatch.Alarm
    latency: cloudwatch.Alarm
    throttles: cloudwatch.Alarm


class Monitoring(Construct):
    """Alarms per function and for the API, wired to an SNS topic, and a dashboard."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        functions: Mapping[str, lambda_.Function],
        api: apigw.RestApi,
        authorizer: str = "authorizer",
    ) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(
            self, "Alarms", display_name=f"Courtside {config.stage} alarms", enforce_ssl=True
        )
        if config.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        acknowledge(
            self.topic,
            (
                "AwsSolutions-SNS2",
                "Alarm notifications carry no user data; CloudWatch cannot publish to a "
                "topic encrypted with the AWS-managed SNS key.",
            ),
        )
        self._action = actions.SnsAction(self.topic)

        self.function_alarms = {
            name: self._function_alarms(name, function, strict=name == authorizer)
            for name, function in functions.items()
        }
        self.api_5xx = self._alarm(
            "Api5xx",
            api.metric_server_error(period=PERIOD, statistic="Sum"),
            threshold=API_5XX_THRESHOLD,
            description=f"API: {API_5XX_THRESHOLD}+ server errors in 5 minutes",
        )
        self.api_latency = self._alarm(
            "ApiLatencyP99",
            api.metric_latency(period=PERIOD, statistic="p99"),
            threshold=API_P99_MS,
            description=f"API: p99 latency above {API_P99_MS} ms",
            evaluation_periods=3,
        )
        self.dashboard = self._dashboard(config, functions, api)

    def _function_alarms(
        self, name: str, function: lambda_.Function, *, strict: bool
    ) -> FunctionAlarms:
        label = name.capitalize()
        timeout_ms = (function.timeout or Duration.seconds(3)).to_milliseconds()
        latency_ms = min(timeout_ms * 0.8, 3000.0) if timeout_ms <= 30_000 else timeout_ms * 0.8
        error_threshold = 1 if strict or timeout_ms > 30_000 else 5
        return FunctionAlarms(
            errors=self._alarm(
                f"{label}Errors",
                function.metric_errors(period=PERIOD, statistic="Sum"),
                threshold=error_threshold,
                description=f"{name}: {error_threshold}+ errors in 5 minutes",
            ),
            latency=self._alarm(
                f"{label}DurationP99",
                function.metric_duration(period=PERIOD, statistic="p99"),
                threshold=latency_ms,
                description=f"{name}: p99 duration above {latency_ms:.0f} ms",
                evaluation_periods=3,
            ),
            throttles=self._alarm(
                f"{label}Throttles",
                function.metric_throttles(period=PERIOD, statistic="Sum"),
                threshold=1,
                description=f"{name}: invocations throttled",
            ),
        )

    def _alarm(
        self,
        construct_id: str,
        metric: cloudwatch.IMetric,
        *,
        threshold: float,
        description: str,
        evaluation_periods: int = 1,
    ) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self,
            construct_id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(self._action)
        alarm.add_ok_action(self._action)
        return alarm

    def _dashboard(
        self,
        config: StageConfig,
        functions: Mapping[str, lambda_.Function],
        api: apigw.RestApi,
    ) -> cloudwatch.Dashboard:
        dashboard = cloudwatch.Dashboard(
            self, "Dashboard", dashboard_name=f"courtside-{config.stage}"
        )
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="API requests and errors",
                left=[api.metric_count(period=PERIOD, statistic="Sum")],
                right=[
                    api.metric_client_error(period=PERIOD, statistic="Sum"),
                    api.metric_server_error(period=PERIOD, statistic="Sum"),
                ],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="API latency (ms)",
                left=[
                    api.metric_latency(period=PERIOD, statistic="p50"),
                    api.metric_latency(period=PERIOD, statistic="p99"),
                    api.metric_integration_latency(period=PERIOD, statistic="p99"),
                ],
                width=12,
            ),
            cloudwatch.AlarmStatusWidget(
                title="Alarms",
                alarms=[self.api_5xx, self.api_latency]
                + [
                    alarm
                    for group in self.function_alarms.values()
                    for alarm in (group.errors, group.latency, group.throttles)
                ],
                width=24,
            ),
        )
        named = functions.items()
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Invocations",
                left=[f.metric_invocations(label=n, period=PERIOD) for n, f in named],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Errors",
                left=[f.metric_errors(label=n, period=PERIOD) for n, f in named],
                width=8,
            ),
            cloudwatch.GraphWidget(
                title="Throttles",
                left=[f.metric_throttles(label=n, period=PERIOD) for n, f in named],
                width=8,
            ),
        )
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Duration p99 (ms)",
                left=[f.metric_duration(label=n, period=PERIOD, statistic="p99") for n, f in named],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Courtside metrics (EMF)",
                left=[
                    cloudwatch.MathExpression(
                        expression="SEARCH('{Courtside,service}', 'Sum', 300)",
                        label="",
                        period=PERIOD,
                    )
                ],
                width=12,
            ),
        )
        return dashboard
