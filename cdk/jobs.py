"""The functions that run without a client: the results schedule, file ingest, migrations."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from aws_cdk import Duration, triggers
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from constructs import Construct

from cdk.functions import BuiltFunction
from cdk.nag import acknowledge, acknowledge_singleton, logical_id

RESULTS_RATE_MINUTES = 15
INGEST_SUFFIX = ".csv"


class ResultsSchedule(Construct):
    """An EventBridge rule running results processing every 15 minutes."""

    def __init__(self, scope: Construct, construct_id: str, *, function: lambda_.IFunction) -> None:
        super().__init__(scope, construct_id)
        self.rule = events.Rule(
            self,
            "Rule",
            description="Courtside: take staged final scores and settle bets",
            schedule=events.Schedule.rate(Duration.minutes(RESULTS_RATE_MINUTES)),
            targets=[
                # a missed run is simply picked up by the next one
                targets.LambdaFunction(
                    function, retry_attempts=0, max_event_age=Duration.minutes(5)
                )
            ],
        )


class IngestTrigger(Construct):
    """Runs the ingest function for every CSV the pipeline drops into its bucket."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        bucket: s3.Bucket,
        function: BuiltFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        bucket.grant_read(function.function)
        bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED,
            s3n.LambdaDestination(function.target),
            s3.NotificationKeyFilter(suffix=INGEST_SUFFIX),
        )
        bucket_objects = f"Resource::<{logical_id(bucket)}.Arn>/*"
        reason = "Ingest reads whatever the pipeline drops, so every object of this one bucket."
        acknowledge(
            function.function,
            ("AwsSolutions-IAM5[Action::s3:GetObject*]", reason),
            ("AwsSolutions-IAM5[Action::s3:GetBucket*]", reason),
            ("AwsSolutions-IAM5[Action::s3:List*]", reason),
            (f"AwsSolutions-IAM5[{bucket_objects}]", reason),
        )
        acknowledge_singleton(
            self,
            "BucketNotificationsHandler",
            (
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole]",
                "CDK's bucket-notification provider logs with Lambda's managed basic policy.",
            ),
        )


def migrations_fingerprint(versions_dir: Path) -> str:
    """A hash of the migration scripts: part of the migrate function's configuration."""
    digest = hashlib.sha256()
    for path in sorted(versions_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class MigrationTrigger(Construct):
    """Invokes the migrate function during each deployment that changes it.

    The function's configuration carries the fingerprint of the migration scripts
    and the layer version, so a new migration or a new layer makes a new function
    version, which is what re-runs the trigger. The deployment fails (and rolls back)
    when the migration fails, and the API functions are only updated after it.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function: lambda_.Function,
        after: Sequence[Construct],
        before: Sequence[Construct],
    ) -> None:
        super().__init__(scope, construct_id)
        self.trigger = triggers.Trigger(
            self,
            "Trigger",
            handler=function,
            invocation_type=triggers.InvocationType.REQUEST_RESPONSE,
            timeout=function.timeout or Duration.minutes(5),
            execute_on_handler_change=True,
            execute_after=list(after),
            execute_before=list(before),
        )
