"""CloudFront: the web UI from a private bucket, /v1/* to API Gateway with route-table caching."""

from __future__ import annotations

import json
from typing import Any

import pytest

from courtside.routes import ROUTES, Route
from tests.infra.support import Synthesized

pytestmark = pytest.mark.infra

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def distribution(stage: Synthesized) -> dict[str, Any]:
    (resource,) = stage.of_type("AWS::CloudFront::Distribution").values()
    config: dict[str, Any] = resource["Properties"]["DistributionConfig"]
    return config


def origin_of(config: dict[str, Any], origin_id: str) -> dict[str, Any]:
    origin: dict[str, Any] = next(o for o in config["Origins"] if o["Id"] == origin_id)
    return origin


def matches(pattern: str, path: str) -> bool:
    """CloudFront path pattern matching (`*` any characters, case-sensitive)."""
    import fnmatch

    return fnmatch.fnmatchcase(path, pattern)


def test_private_patterns_cover_only_user_and_admin_routes() -> None:
    from cdk.web import private_path_patterns

    patterns = private_path_patterns(ROUTES)

    assert "/v1/admin/*" in patterns
    assert "/v1/me" in patterns
    assert "/v1/bets" in patterns
    for route in ROUTES:
        concrete = route.path.replace("{", "").replace("}", "")
        covered = any(matches(p, concrete) for p in patterns)
        if route.access == "public":
            assert not covered, route
        else:
            assert covered, route


def test_a_segment_mixing_public_and_private_routes_stays_on_the_public_behaviour() -> None:
    from cdk.web import private_path_patterns

    routes = (
        Route("GET", "/v1/things", "meta", "public"),
        Route("POST", "/v1/things", "meta", "user"),
        Route("GET", "/v1/mine/{id}", "meta", "user"),
    )

    assert private_path_patterns(routes) == ["/v1/mine/*"]


def test_behaviours_send_the_api_to_api_gateway_and_the_rest_to_s3(prod: Synthesized) -> None:
    config = distribution(prod)
    default = config["DefaultCacheBehavior"]
    behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    s3_origin = origin_of(config, default["TargetOriginId"])
    api_origin = origin_of(config, behaviours["/v1/*"]["TargetOriginId"])

    assert "S3OriginConfig" in s3_origin
    assert s3_origin["OriginAccessControlId"]
    assert api_origin["OriginPath"] == "/prod"
    assert "execute-api" in json.dumps(api_origin["DomainName"])
    assert api_origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert config["DefaultRootObject"] == "index.html"
    assert list(behaviours)[-1] == "/v1/*"


def test_authenticated_paths_are_never_cached_and_keep_their_authorization(
    prod: Synthesized,
) -> None:
    behaviours = {b["PathPattern"]: b for b in distribution(prod)["CacheBehaviors"]}
    private = prod.stack.web.private_patterns

    assert private
    for pattern in private:
        behaviour = behaviours[pattern]
        assert behaviour["CachePolicyId"] == CACHING_DISABLED, pattern
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST, pattern
        assert "POST" in behaviour["AllowedMethods"], pattern


def test_public_reads_cache_by_query_and_authorization_for_what_the_handler_allows(
    prod: Synthesized,
) -> None:
    behaviour = next(b for b in distribution(prod)["CacheBehaviors"] if b["PathPattern"] == "/v1/*")
    policy_id = behaviour["CachePolicyId"]["Ref"]
    policy = prod.resources[policy_id]["Properties"]["CachePolicyConfig"]
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    request_policy_id = behaviour["OriginRequestPolicyId"]["Ref"]
    request = prod.resources[request_policy_id]["Properties"]["OriginRequestPolicyConfig"]

    assert policy["DefaultTTL"] == 0
    assert policy["MinTTL"] == 0
    assert policy["MaxTTL"] == prod.config.public_cache_max_seconds
    assert key["QueryStringsConfig"]["QueryStringBehavior"] == "all"
    assert key["HeadersConfig"]["Headers"] == ["Authorization"]
    assert "Content-Type" in request["HeadersConfig"]["Headers"]
    assert "Host" not in request["HeadersConfig"]["Headers"]
    assert set(behaviour["AllowedMethods"]) >= {"GET", "POST", "PATCH", "PUT", "DELETE"}


def test_the_web_bucket_is_private_and_deployed_from_web(prod: Synthesized) -> None:
    bucket = prod.resources[prod.logical_id(prod.stack.web.bucket)]["Properties"]

    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert prod.of_type("Custom::CDKBucketDeployment")


def test_prod_serves_its_domain_with_alias_records(prod: Synthesized) -> None:
    config = distribution(prod)
    domain = prod.config.domain
    records = {
        r["Properties"]["Type"]: r["Properties"]
        for r in prod.of_type("AWS::Route53::RecordSet").values()
    }

    assert config["Aliases"] == [domain.name]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == domain.certificate_arn
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert set(records) == {"A", "AAAA"}
    for record in records.values():
        assert record["HostedZoneId"] == domain.hosted_zone_id
        assert record["Name"] == domain.name + "."
        assert "AliasTarget" in record


def test_dev_without_a_domain_has_no_records(dev: Synthesized) -> None:
    assert "Aliases" not in distribution(dev)
    assert not dev.of_type("AWS::Route53::RecordSet")
