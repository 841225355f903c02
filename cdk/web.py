"""CloudFront in front of everything: the web UI from S3, `/v1/*` from API Gateway.

Caching of the API follows the route table:

- paths that only `user`/`admin` routes live under (`/v1/me*`, `/v1/bets*`,
  `/v1/admin/*`, ...) are never cached; every viewer header but Host, the
  Authorization header included, goes to API Gateway;
- every other `/v1/*` request (the public reads and the public POSTs) uses a cache
  policy keyed on the query string and the Authorization header, with a zero
  default TTL: only what the handler marks `Cache-Control: public, max-age=N` is
  cached, for at most `public_cache_max_seconds`.

The default behaviour serves the bucket through an origin access control.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as route53_targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from cdk.buckets import private_bucket
from cdk.config import StageConfig
from cdk.nag import acknowledge, acknowledge_singleton, logical_id
from courtside.routes import Route

API_PREFIX = "/v1"


def private_path_patterns(routes: Sequence[Route]) -> list[str]:
    """CloudFront path patterns covering only non-public routes, derived from the table.

    A first path segment under /v1 qualifies when every route beneath it is `user` or
    `admin`; it yields `/v1/<segment>` (if routed) and `/v1/<segment>/*` (if routed).
    """
    by_segment: dict[str, list[Route]] = {}
    for route in routes:
        segment = route.path.removeprefix(API_PREFIX + "/").split("/", 1)[0]
        by_segment.setdefault(segment, []).append(route)

    patterns = []
    for segment, members in sorted(by_segment.items()):
        if any(route.access == "public" for route in members):
            continue
        base = f"{API_PREFIX}/{segment}"
        if any(route.path == base for route in members):
            patterns.append(base)
        if any(route.path.startswith(base + "/") for route in members):
            patterns.append(base + "/*")
    return patterns


class WebDistribution(Construct):
    """The site's CloudFront distribution, its bucket, and its DNS names."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        api: apigw.RestApi,
        routes: Sequence[Route],
        web_dir: Path,
        log_bucket: s3.IBucket,
    ) -> None:
        super().__init__(scope, construct_id)
        retain = config.retain_data
        self.bucket = private_bucket(
            self, "Bucket", logs=log_bucket, log_prefix="web-bucket/", retain=retain
        )

        # the API stage is named after the stage (cdk/api.py)
        api_origin = origins.RestApiOrigin(api, origin_path=f"/{config.stage}")
        public_api = cloudfront.BehaviorOptions(
            origin=api_origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
            cache_policy=cloudfront.CachePolicy(
                self,
                "PublicApiCache",
                comment="Courtside public reads: the handler's Cache-Control decides",
                default_ttl=Duration.seconds(0),
                min_ttl=Duration.seconds(0),
                max_ttl=Duration.seconds(config.public_cache_max_seconds),
                query_string_behavior=cloudfront.CacheQueryStringBehavior.all(),
                header_behavior=cloudfront.CacheHeaderBehavior.allow_list("Authorization"),
                cookie_behavior=cloudfront.CacheCookieBehavior.none(),
                enable_accept_encoding_gzip=True,
                enable_accept_encoding_brotli=True,
            ),
            origin_request_policy=cloudfront.OriginRequestPolicy(
                self,
                "PublicApiRequest",
                comment="Courtside API: what the handlers read besides the cache key",
                header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(
                    "Accept", "Content-Type", "Accept-Language", "User-Agent"
                ),
                query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.all(),
                cookie_behavior=cloudfront.OriginRequestCookieBehavior.none(),
            ),
            response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            compress=True,
        )
        private_api = cloudfront.BehaviorOptions(
            origin=api_origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            compress=True,
        )
        self.private_patterns = private_path_patterns(routes)
        behaviours = dict.fromkeys(self.private_patterns, private_api)
        behaviours[f"{API_PREFIX}/*"] = public_api

        domain = config.domain
        certificate: acm.ICertificate | None = None
        zone: route53.IHostedZone | None = None
        if domain is not None:
            zone = route53.HostedZone.from_hosted_zone_attributes(
                self,
                "Zone",
                hosted_zone_id=domain.hosted_zone_id,
                zone_name=domain.hosted_zone_name,
            )
            if domain.certificate_arn:
                certificate = acm.Certificate.from_certificate_arn(
                    self, "Certificate", domain.certificate_arn
                )
            else:
                certificate = acm.Certificate(
                    self,
                    "Certificate",
                    domain_name=domain.name,
                    validation=acm.CertificateValidation.from_dns(zone),
                )

        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Courtside {config.stage}",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
                compress=True,
            ),
            additional_behaviors=behaviours,
            default_root_object="index.html",
            domain_names=[domain.name] if domain else None,
            certificate=certificate,
            minimum_protocol_version=(
                cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None
            ),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            enable_logging=True,
            log_bucket=log_bucket,
            log_file_prefix="cloudfront/",
        )

        self.deployment = s3deploy.BucketDeployment(
            self,
            "Files",
            sources=[s3deploy.Source.asset(str(web_dir))],
            destination_bucket=self.bucket,
            distribution=self.distribution,
            distribution_paths=["/*"],
            memory_limit=256,
        )

        if domain is not None and zone is not None:
            target = route53.RecordTarget.from_alias(
                route53_targets.CloudFrontTarget(self.distribution)
            )
            route53.ARecord(self, "AliasA", zone=zone, record_name=domain.name, target=target)
            route53.AaaaRecord(self, "AliasAaaa", zone=zone, record_name=domain.name, target=target)
        self._suppress(has_domain=domain is not None)

    def _suppress(self, *, has_domain: bool) -> None:
        provider = "CDK's BucketDeployment provider (copies web/ into the bucket on deploy)"
        acknowledge_singleton(
            self,
            "Custom::CDKBucketDeployment",
            (
                "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSLambdaBasicExecutionRole]",
                f"{provider} logs with Lambda's managed basic policy.",
            ),
            ("AwsSolutions-L1", f"{provider}: its runtime is chosen by aws-cdk-lib."),
            *(
                (f"AwsSolutions-IAM5[{finding}]", f"{provider}: CDK's own scoped grants.")
                for finding in (
                    "Resource::*",
                    "Action::s3:GetBucket*",
                    "Action::s3:GetObject*",
                    "Action::s3:List*",
                    "Action::s3:Abort*",
                    "Action::s3:DeleteObject*",
                    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-"
                    "<AWS::AccountId>-<AWS::Region>/*",
                    f"Resource::<{logical_id(self.bucket)}.Arn>/*",
                )
            ),
        )
        acknowledge(
            self.distribution,
            ("AwsSolutions-CFR1", "An open data service: no country is refused on purpose."),
            (
                "AwsSolutions-CFR2",
                "WAF is not attached yet (cost); API throttling and the login lockout limit "
                "abuse. See README.",
            ),
        )
        if not has_domain:
            acknowledge(
                self.distribution,
                (
                    "AwsSolutions-CFR4",
                    "Without a custom domain the distribution uses CloudFront's default "
                    "certificate, whose TLS policy cannot be chosen.",
                ),
            )
