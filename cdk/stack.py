"""The Courtside stack: one stage of the whole service.

Functions: one per resource group of the route table, plus `authorizer`, `results`
(every 15 minutes), `ingest` (S3 drops) and `migrate` (on deploy), all from one
factory sharing one layer. In front: the route-table REST API and CloudFront. Data:
the database (existing or Aurora), the JWT signing key, the buckets. Around it: a
dashboard and alarms. Every permission beyond the defaults is a `grant_*`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from cdk.api import RouteTableApi
from cdk.buckets import LogBucket, private_bucket
from cdk.config import AuroraDatabase, StageConfig
from cdk.database import AuroraDatabaseAccess, DatabaseAccess, ExistingDatabaseAccess
from cdk.functions import ARCHITECTURES, RUNTIME, BuiltFunction, FunctionFactory
from cdk.jobs import IngestTrigger, MigrationTrigger, ResultsSchedule, migrations_fingerprint
from cdk.monitoring import Monitoring
from cdk.nag import acknowledge, logical_id
from cdk.secrets import JwtSigningKey
from cdk.web import WebDistribution
from courtside.routes import GROUPS, ROUTES, Route

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"
WEB_DIR = ROOT / "web"
MIGRATIONS_DIR = ROOT / "layers" / "shared" / "python" / "courtside" / "migrations" / "versions"

GROUP_DESCRIPTIONS = {
    "meta": "health, OpenAPI document, docs and feature flags",
    "teams": "teams and their game logs",
    "players": "players, season stats and leaders",
    "games": "games, results and standings",
    "odds": "betting odds",
    "predictions": "community picks and the leaderboard",
    "auth": "sign-up, login and the caller's account",
    "bets": "the caller's simulated bets",
    "admin": "flags, settings, users, results runs and audit",
}
API_TIMEOUT_SECONDS = 10
ADMIN_TIMEOUT_SECONDS = 29
"""The admin function waits for a results run it invokes; API Gateway gives up at 29 s."""

JOB_FUNCTIONS = ("authorizer", "results", "ingest", "migrate")


class CourtsideStack(Stack):
    """Everything one stage of Courtside runs on."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        layer_dir: Path,
        functions_dir: Path = FUNCTIONS_DIR,
        web_dir: Path = WEB_DIR,
        routes: Sequence[Route] = ROUTES,
        groups: Sequence[str] = GROUPS,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        check_route_groups(routes, groups)
        self.config = config

        self.layer = layer = lambda_.LayerVersion(
            self,
            "SharedLayer",
            code=lambda_.Code.from_asset(str(layer_dir)),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[ARCHITECTURES[config.architecture]],
            description="Courtside shared code and its dependencies",
        )
        self.database = self._database(config)
        factory = FunctionFactory(
            self,
            "Functions",
            config=config,
            layer=layer,
            database=self.database,
            functions_dir=functions_dir,
        )
        self.jwt_key = JwtSigningKey(self, "JwtSigningKey", stage=config.stage)

        # the HTTP groups, one function each
        api_functions: dict[str, BuiltFunction] = {}
        for group in groups:
            api_functions[group] = factory.build(
                group,
                description=GROUP_DESCRIPTIONS.get(group, f"the {group} routes"),
                timeout_seconds=ADMIN_TIMEOUT_SECONDS if group == "admin" else API_TIMEOUT_SECONDS,
            )
        authorizer = factory.build(
            "authorizer",
            description="JWT TOKEN authorizer",
            timeout_seconds=5,
            environment={"AUTHORIZER_CACHE_SECONDS": str(config.authorizer_cache_seconds)},
        )
        results = factory.build(
            "results", description="settles bets on finished games", timeout_seconds=300
        )
        ingest = factory.build(
            "ingest",
            description="loads pipeline files dropped into the ingest bucket",
            memory_mb=1024,
            timeout_seconds=600,
        )
        migrate = factory.build(
            "migrate",
            description="runs schema migrations on deploy",
            timeout_seconds=300,
            environment={"MIGRATIONS_FINGERPRINT": migrations_fingerprint(MIGRATIONS_DIR)},
        )
        self.functions = factory.built

        # the signing key: the auth function signs, the authorizer verifies; nobody else
        for holder in (api_functions["auth"], authorizer):
            self.jwt_key.grant_read(holder.function)
            holder.function.add_environment("JWT_SECRET_ARN", self.jwt_key.secret.secret_arn)

        # admins may run results processing now
        admin = api_functions["admin"]
        results.target.grant_invoke(admin.function)
        admin.function.add_environment("RESULTS_FUNCTION_NAME", results.target.function_name)
        results_arn = logical_id(results.function)
        acknowledge(
            admin.function,
            (
                f"AwsSolutions-IAM5[Resource::<{results_arn}.Arn>:*]",
                "grant_invoke on the results function covers its versions and aliases "
                "(ARN:*); nothing else is invocable.",
            ),
        )

        self.results_schedule = ResultsSchedule(self, "ResultsSchedule", function=results.target)

        logs_bucket = LogBucket(self, "AccessLogs", retain=config.retain_data).bucket
        self.ingest_bucket = private_bucket(
            self, "IngestBucket", logs=logs_bucket, log_prefix="ingest/", retain=config.retain_data
        )
        IngestTrigger(self, "IngestOnDrop", bucket=self.ingest_bucket, function=ingest)

        self.api = RouteTableApi(
            self,
            "Api",
            config=config,
            routes=routes,
            targets={group: built.target for group, built in api_functions.items()},
            authorizer_function=authorizer.target,
        )
        self.migrations = MigrationTrigger(
            self,
            "MigrateOnDeploy",
            function=migrate.function,
            after=self.database.dependables,
            before=[built.function for name, built in self.functions.items() if name != "migrate"],
        )
        self.web = WebDistribution(
            self,
            "Web",
            config=config,
            api=self.api.api,
            routes=routes,
            web_dir=web_dir,
            log_bucket=logs_bucket,
        )
        self.monitoring = Monitoring(
            self,
            "Monitoring",
            config=config,
            functions={name: built.function for name, built in self.functions.items()},
            api=self.api.api,
        )

        self._outputs(config)
        self._suppress_function_findings()

    def _database(self, config: StageConfig) -> DatabaseAccess:
        if isinstance(config.database, AuroraDatabase):
            return AuroraDatabaseAccess(self, "Database", config=config.database, stage=config)
        return ExistingDatabaseAccess(self, "Database", config=config.database)

    def _outputs(self, config: StageConfig) -> None:
        site = (
            f"https://{config.domain.name}"
            if config.domain
            else f"https://{self.web.distribution.distribution_domain_name}"
        )
        CfnOutput(self, "SiteUrl", value=site, description="The web UI; the API is under /v1")
        CfnOutput(self, "ApiUrl", value=self.api.api.url, description="API Gateway stage URL")
        CfnOutput(self, "IngestBucketName", value=self.ingest_bucket.bucket_name)
        CfnOutput(self, "DatabaseSecretArn", value=self.database.secret.secret_arn)
        CfnOutput(self, "JwtSecretArn", value=self.jwt_key.secret.secret_arn)
        CfnOutput(self, "AlarmTopicArn", value=self.monitoring.topic.topic_arn)
        CfnOutput(
            self,
            "MigrateFunctionName",
            value=self.functions["migrate"].function.function_name,
            description="Invoke to migrate by hand; also the admin CLI's target",
        )

    def _suppress_function_findings(self) -> None:
        managed = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
        for name, built in self.functions.items():
            acknowledge(
                built.function,
                (
                    "AwsSolutions-L1",
                    "Python 3.12 on purpose: the shared layer's native wheels are built for "
                    "it (cdk/layer.py); both move together.",
                ),
                (
                    f"AwsSolutions-IAM4[{managed}AWSLambdaBasicExecutionRole]",
                    f"{name}: Lambda's managed basic execution policy (its own log streams).",
                ),
                (
                    "AwsSolutions-IAM5[Resource::*]",
                    f"{name}: X-Ray's PutTraceSegments/PutTelemetryRecords take no resource, "
                    "so Lambda's tracing grant is on '*'.",
                ),
            )
            if built.function.is_bound_to_vpc:
                acknowledge(
                    built.function,
                    (
                        f"AwsSolutions-IAM4[{managed}AWSLambdaVPCAccessExecutionRole]",
                        f"{name}: Lambda's managed policy for its network interfaces in the VPC.",
                    ),
                )


def check_route_groups(routes: Sequence[Route], groups: Sequence[str]) -> None:
    """Every route belongs to a known group and every group serves a route."""
    routed = {route.group for route in routes}
    unknown = sorted(routed - set(groups))
    idle = sorted(set(groups) - routed)
    if unknown or idle:
        raise ValueError(f"route table and groups disagree: unknown {unknown}, unrouted {idle}")
    clash = sorted(set(groups) & set(JOB_FUNCTIONS))
    if clash:
        raise ValueError(f"groups {clash} clash with the stack's own functions")
