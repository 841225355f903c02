"""cdk-nag (v3): the AWS Solutions checks, and acknowledging a finding where it lives.

cdk-nag 3 runs as a CDK policy-validation plugin; a finding is acknowledged on the
construct that raised it with CDK's `Validations.of(...).acknowledge`, always with a
reason. Findings with several parts are acknowledged one by one, e.g.
`AwsSolutions-IAM5[Resource::*]`.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnElement, Stack, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct


def acknowledge(construct: IConstruct, *findings: tuple[str, str]) -> None:
    """Acknowledge `(rule id, reason)` pairs on one construct."""
    for rule_id, reason in findings:
        if not reason.strip():
            raise ValueError(f"{rule_id} needs a reason")
        Validations.of(construct).acknowledge(Acknowledgment(id=rule_id, reason=reason))


def acknowledge_singleton(scope: IConstruct, id_prefix: str, *findings: tuple[str, str]) -> None:
    """Acknowledge findings on a CDK-internal singleton (a provider function) of the stack.

    Constructs such as BucketDeployment and bucket notifications put one shared
    provider at the stack's root; the construct that caused it acknowledges its
    findings, so each acknowledgment sits next to the reason it exists.
    """
    stack = Stack.of(scope)
    matches = [c for c in stack.node.children if c.node.id.startswith(id_prefix)]
    if not matches:
        raise LookupError(f"no construct {id_prefix}* at the root of {stack.node.path}")
    for construct in matches:
        acknowledge(construct, *findings)


def logical_id(construct: IConstruct) -> str:
    """The CloudFormation logical id of an L2 construct's resource (as findings name it)."""
    resource = construct.node.default_child
    if not isinstance(resource, CfnElement):
        raise TypeError(f"{construct.node.path} has no CloudFormation resource")
    return Stack.of(construct).get_logical_id(resource)


def add_checks(app: IConstruct) -> AwsSolutionsChecks:
    """Run the AWS Solutions pack on every synth of `app` (violations stop the synth)."""
    checks = AwsSolutionsChecks(app, verbose=True)
    Validations.of(app).add_plugins(checks)
    return checks
