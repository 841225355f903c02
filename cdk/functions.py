"""The one factory every Lambda function of the stack is built with.

Each function gets the same runtime, architecture, layer, tracing, log group and
Powertools settings, plus access to the database (its secret and, in a VPC, the
network path); only its name, sizing and extra environment differ. Permissions
beyond the database are granted by the stack with `grant_*`.

SnapStart (stage `snap_start`, per function `functions.<name>.snap_start`): a Python
function's cold start is dominated by its imports (pydantic, the Powertools resolver with
validation, SQLAlchemy, pg8000, the X-Ray SDK: about 0.9 s) plus compiling the layer's
sources, since the read-only /opt holds no .pyc files. With SnapStart, Lambda runs that
init once when a version is published, snapshots the initialised environment, and cold
starts restore the snapshot instead. It only applies to published versions, so such a
function gets the `live` alias on its current version (a new version whenever its code,
configuration or the layer changes) and callers invoke the alias. Init must therefore not
hold anything that would be wrong when shared by restored copies: the database engine and
the secrets are created lazily on first use, and randomness comes from os.urandom.
SnapStart and provisioned concurrency exclude each other (the stage config refuses both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk.config import StageConfig
from cdk.database import DatabaseAccess
from cdk.retention import retention

RUNTIME = lambda_.Runtime.PYTHON_3_12
HANDLER = "handler.lambda_handler"
METRICS_NAMESPACE = "Courtside"
ARCHITECTURES = {"arm64": lambda_.Architecture.ARM_64, "x86_64": lambda_.Architecture.X86_64}


@dataclass(frozen=True)
class BuiltFunction:
    """A function and what callers should invoke (its `live` alias when one exists)."""

    function: lambda_.Function
    target: lambda_.IFunction


class FunctionFactory(Construct):
    """Builds the stack's functions from shared defaults."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        layer: lambda_.ILayerVersion,
        database: DatabaseAccess,
        functions_dir: Path,
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self._layer = layer
        self._database = database
        self._functions_dir = functions_dir
        self.built: dict[str, BuiltFunction] = {}

    def build(
        self,
        name: str,
        *,
        description: str,
        memory_mb: int = 512,
        timeout_seconds: int = 10,
        environment: Mapping[str, str] | None = None,
    ) -> BuiltFunction:
        """The function `name` from `functions/<name>/handler.py` (stage overrides applied)."""
        code_dir = self._functions_dir / name
        if not (code_dir / "handler.py").is_file():
            raise FileNotFoundError(
                f"{code_dir / 'handler.py'} is missing: every function needs one"
            )
        tuning = self._config.tuning(name)
        snap_start = self._config.snap_start_for(name)
        construct_id = "".join(part.capitalize() for part in name.split("_"))

        log_group = logs.LogGroup(
            self,
            f"{construct_id}Logs",
            retention=retention(self._config.log_retention_days),
            removal_policy=RemovalPolicy.RETAIN
            if self._config.retain_data
            else RemovalPolicy.DESTROY,
        )
        function = lambda_.Function(
            self,
            construct_id,
            description=f"Courtside {self._config.stage}: {description}",
            runtime=RUNTIME,
            architecture=ARCHITECTURES[self._config.architecture],
            code=lambda_.Code.from_asset(
                str(code_dir), exclude=["__pycache__", "*.pyc", "tests", ".*"]
            ),
            handler=HANDLER,
            layers=[self._layer],
            tracing=lambda_.Tracing.ACTIVE,
            memory_size=tuning.memory_mb or memory_mb,
            timeout=Duration.seconds(tuning.timeout_seconds or timeout_seconds),
            reserved_concurrent_executions=tuning.reserved_concurrency,
            log_group=log_group,
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snap_start else None,
            # every retained SnapStart version keeps a cached snapshot: drop superseded ones
            current_version_options=lambda_.VersionOptions(removal_policy=RemovalPolicy.DESTROY)
            if snap_start
            else None,
            environment={**self._environment(name), **(environment or {})},
            **self._database.function_network(),
        )
        self._database.grant_access(function)

        target: lambda_.IFunction = function
        if tuning.provisioned_concurrency or snap_start:
            target = function.add_alias(
                "live", provisioned_concurrent_executions=tuning.provisioned_concurrency
            )
        if snap_start:
            Annotations.of(function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the `live` alias publishes the current version; callers invoke the alias",
            )
        built = BuiltFunction(function=function, target=target)
        self.built[name] = built
        return built

    def _environment(self, name: str) -> dict[str, str]:
        return {
            "COURTSIDE_STAGE": self._config.stage,
            "POWERTOOLS_SERVICE_NAME": name,
            "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
            "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
            "LOG_LEVEL": self._config.log_level,
            "POWERTOOLS_LOG_LEVEL": self._config.log_level,
            **self._database.environment(),
        }
