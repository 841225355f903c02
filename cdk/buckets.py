"""Private S3 buckets with the same safe defaults, and the bucket their access logs go to."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk.nag import acknowledge


class LogBucket(Construct):
    """Receives S3 server access logs and CloudFront standard logs; expires them."""

    def __init__(
        self, scope: Construct, construct_id: str, *, retain: bool, expire_days: int = 90
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            # CloudFront's standard logging writes with an ACL
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(expire_days))],
            removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
            auto_delete_objects=not retain,
        )
        acknowledge(
            self.bucket,
            (
                "AwsSolutions-S1",
                "This is the access-log bucket; logging it into itself would loop.",
            ),
        )


def private_bucket(
    scope: Construct,
    construct_id: str,
    *,
    logs: s3.IBucket,
    log_prefix: str,
    retain: bool,
) -> s3.Bucket:
    """A bucket nobody outside the account reads: no public access, TLS only, SSE, logged."""
    return s3.Bucket(
        scope,
        construct_id,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        server_access_logs_bucket=logs,
        server_access_logs_prefix=log_prefix,
        removal_policy=RemovalPolicy.RETAIN if retain else RemovalPolicy.DESTROY,
        auto_delete_objects=not retain,
    )
