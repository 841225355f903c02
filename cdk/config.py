"""Stage configuration: the `cdk.json` context of one stage, validated before anything is built.

`cdk.json` holds one object per stage under the stage's name (`dev`, `prod`); the stage
is picked with `-c stage=<name>` (default `dev`). Everything here is plain data, so a
wrong value fails the synth with a message naming the field instead of producing a
template that fails at deploy time. Nothing here looks anything up in AWS: imported
resources (hosted zone, VPC, certificate, existing database secret) are named by id.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from courtside.routes import GROUPS

DEFAULT_STAGE = "dev"

LOG_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
"""The retention periods CloudWatch Logs accepts."""

FUNCTION_NAMES = (*GROUPS, "authorizer", "results", "ingest", "migrate")
"""Every Lambda function of the stack: the route table's groups plus the four others."""

JOB_FUNCTION_NAMES = ("results", "ingest", "migrate")
"""Functions no client waits on: the stage-level `snap_start` default leaves them alone."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SECRET_ARN = re.compile(r"^arn:aws[\w-]*:secretsmanager:[\w-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$")
_CERTIFICATE_ARN = re.compile(r"^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate/[\w-]+$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class StageConfigError(ValueError):
    """The context of a stage is missing or invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Throttle(_Strict):
    """API Gateway throttling: steady requests per second and burst."""

    rate_limit: float = Field(gt=0)
    burst_limit: int = Field(gt=0)


class Domain(_Strict):
    """The public name of the site and the Route 53 zone it lives in."""

    name: str
    hosted_zone_id: str = Field(pattern=r"^Z[A-Z0-9]{1,32}$")
    hosted_zone_name: str
    certificate_arn: str | None = None
    """An ACM certificate in us-east-1 (CloudFront's region); none: one is created."""

    @field_validator("name", "hosted_zone_name")
    @classmethod
    def _domain_name(cls, value: str) -> str:
        value = value.rstrip(".").lower()
        if not _DOMAIN.match(value):
            raise ValueError(f"{value!r} is not a domain name")
        return value

    @field_validator("certificate_arn")
    @classmethod
    def _us_east_1_certificate(cls, value: str | None) -> str | None:
        if value is not None and not _CERTIFICATE_ARN.match(value):
            raise ValueError("CloudFront needs an ACM certificate ARN in us-east-1")
        return value

    @model_validator(mode="after")
    def _name_in_zone(self) -> Domain:
        if self.name != self.hosted_zone_name and not self.name.endswith(
            "." + self.hosted_zone_name
        ):
            raise ValueError(f"{self.name} is not in the zone {self.hosted_zone_name}")
        return self


class VpcAttachment(_Strict):
    """An existing VPC the functions join to reach an existing database."""

    vpc_id: str = Field(pattern=r"^vpc-[0-9a-f]+$")
    subnet_ids: list[str] = Field(min_length=1)
    availability_zones: list[str] = Field(min_length=1)
    security_group_id: str | None = Field(default=None, pattern=r"^sg-[0-9a-f]+$")
    """Attached to every function; none: the stack creates one (all egress allowed)."""

    @model_validator(mode="after")
    def _one_zone_per_subnet(self) -> VpcAttachment:
        if len(self.subnet_ids) != len(self.availability_zones):
            raise ValueError("give one availability zone per subnet, in the same order")
        if any(not subnet.startswith("subnet-") for subnet in self.subnet_ids):
            raise ValueError("subnet ids start with subnet-")
        return self


class ExistingDatabase(_Strict):
    """A Postgres the stack does not own, named by its Secrets Manager secret.

    The secret is RDS-shaped JSON: host, port, username, password, dbname.
    """

    mode: Literal["existing"]
    secret_arn: str
    secret_kms_key_arn: str | None = None
    """The customer-managed key the secret is encrypted with, if not the AWS-managed one."""
    vpc: VpcAttachment | None = None

    @field_validator("secret_arn")
    @classmethod
    def _secret_arn(cls, value: str) -> str:
        if not _SECRET_ARN.match(value):
            raise ValueError(
                "secret_arn must be the secret's complete ARN (ending in its 6-character suffix)"
            )
        return value


class AuroraDatabase(_Strict):
    """An Aurora Serverless v2 Postgres cluster behind an RDS Proxy, in its own VPC."""

    mode: Literal["aurora"]
    database_name: str = Field(default="courtside", pattern=r"^[a-z][a-z0-9_]{0,62}$")
    engine_version: str = Field(default="16.6", pattern=r"^1[4-7]\.\d+$")
    min_capacity: float = Field(default=0.5, ge=0, le=256)
    max_capacity: float = Field(default=2, ge=1, le=256)
    readers: int = Field(default=0, ge=0, le=15)
    use_proxy: bool = True
    """Connect through an RDS Proxy (pooling across Lambda containers); off saves its cost."""
    backup_retention_days: int = Field(default=7, ge=1, le=35)
    deletion_protection: bool = True
    max_azs: int = Field(default=2, ge=2, le=3)

    @model_validator(mode="after")
    def _capacity_range(self) -> AuroraDatabase:
        if self.min_capacity > self.max_capacity:
            raise ValueError("min_capacity must not exceed max_capacity")
        return self


Database = Annotated[ExistingDatabase | AuroraDatabase, Field(discriminator="mode")]


class FunctionTuning(_Strict):
    """Per-function overrides of the factory's defaults."""

    memory_mb: int | None = Field(default=None, ge=128, le=10240)
    timeout_seconds: int | None = Field(default=None, ge=1, le=900)
    reserved_concurrency: int | None = Field(default=None, ge=0)
    provisioned_concurrency: int | None = Field(default=None, ge=1)
    snap_start: bool | None = None
    """Lambda SnapStart on published versions; none: the stage's `snap_start` default."""


class StageConfig(_Strict):
    """Everything that differs between stages."""

    stage: str = Field(pattern=r"^[a-z][a-z0-9]{0,15}$")
    account: str | None = Field(default=None, pattern=r"^\d{12}$")
    region: str | None = Field(default=None, pattern=r"^[a-z]{2}(-[a-z]+)+-\d$")
    architecture: Literal["arm64", "x86_64"] = "arm64"
    domain: Domain | None = None
    database: Database
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_retention_days: int = 30
    alarm_email: str | None = None
    authorizer_cache_seconds: int = Field(default=300, ge=0, le=3600)
    public_cache_max_seconds: int = Field(default=300, ge=0, le=86400)
    """Upper bound CloudFront keeps a public read, whatever its Cache-Control says."""
    api_throttle: Throttle = Throttle(rate_limit=100, burst_limit=200)
    token_throttle: Throttle = Throttle(rate_limit=5, burst_limit=10)
    """POST /v1/token: a tighter limit against password guessing."""
    functions: dict[str, FunctionTuning] = Field(default_factory=dict)
    snap_start: bool = False
    """SnapStart for the API-facing functions (every route group and the authorizer);
    `functions.<name>.snap_start` overrides it either way."""
    retain_data: bool = False
    """Keep buckets and the database when the stack is deleted (prod)."""

    @field_validator("log_retention_days")
    @classmethod
    def _retention(cls, value: int) -> int:
        if value not in LOG_RETENTION_DAYS:
            raise ValueError(f"CloudWatch Logs keeps logs for one of {LOG_RETENTION_DAYS} days")
        return value

    @field_validator("alarm_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"{value!r} is not an email address")
        return value

    @field_validator("functions")
    @classmethod
    def _known_functions(cls, value: dict[str, FunctionTuning]) -> dict[str, FunctionTuning]:
        unknown = sorted(set(value) - set(FUNCTION_NAMES))
        if unknown:
            raise ValueError(f"unknown functions {unknown}; known: {list(FUNCTION_NAMES)}")
        return value

    @model_validator(mode="after")
    def _certificate_region(self) -> StageConfig:
        if self.domain and self.domain.certificate_arn is None and self.region != "us-east-1":
            raise ValueError(
                "domain.certificate_arn is required unless the stage deploys to us-east-1 "
                "(CloudFront only takes certificates from us-east-1)"
            )
        return self

    @model_validator(mode="after")
    def _snap_start_or_provisioned_concurrency(self) -> StageConfig:
        both = sorted(
            name
            for name, tuning in self.functions.items()
            if tuning.provisioned_concurrency and self.snap_start_for(name)
        )
        if both:
            raise ValueError(
                f"functions {both}: SnapStart and provisioned concurrency cannot be combined "
                "on one function; drop provisioned_concurrency or set "
                "functions.<name>.snap_start to false"
            )
        return self

    def tuning(self, function: str) -> FunctionTuning:
        """The overrides configured for one function (empty when none)."""
        return self.functions.get(function, FunctionTuning())

    def snap_start_for(self, function: str) -> bool:
        """Whether `function` runs with SnapStart: its own setting, else the stage default
        (which covers every function but the jobs)."""
        own = self.tuning(function).snap_start
        if own is not None:
            return own
        return self.snap_start and function not in JOB_FUNCTION_NAMES


def load_stage_config(context: dict[str, Any], stage: str | None = None) -> StageConfig:
    """Validate the context object of `stage` (from `-c stage=`, default dev)."""
    name = stage or DEFAULT_STAGE
    raw = context.get(name)
    if not isinstance(raw, dict):
        raise StageConfigError(f"cdk.json has no context object for stage {name!r}")
    try:
        return StageConfig.model_validate({**raw, "stage": name})
    except ValidationError as exc:
        raise StageConfigError(f"stage {name!r}: {exc}") from exc
