"""What the infra tests share: the stages they synthesize and handy views of a template."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

EXISTING_STAGE = {
    "database": {
        "mode": "existing",
        "secret_arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:courtside/ci-AbC123",
        "vpc": {
            "vpc_id": "vpc-0a1b2c3d",
            "subnet_ids": ["subnet-0aaa1111", "subnet-0bbb2222"],
            "availability_zones": ["eu-west-1a", "eu-west-1b"],
            "security_group_id": "sg-0ccc3333",
        },
    },
    "alarm_email": None,
    "log_retention_days": 7,
}
"""A stage on an existing Postgres in an existing VPC (not in cdk.json)."""

STAGES = ("dev", "prod", "ci")


@dataclass
class Synthesized:
    """One synthesized stage: its stack object, template (dict and assertions) and config."""

    stack: Any
    template: Any
    resources: dict[str, dict[str, Any]]
    config: Any

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v["Type"] == resource_type}

    def logical_id(self, construct: Any) -> str:
        from cdk.nag import logical_id

        return logical_id(construct)


@dataclass
class SynthesizedApp:
    app: Any
    stages: dict[str, Synthesized]
    nag_report: Any


def cdk_context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]
    return {**context, "ci": EXISTING_STAGE}


def synthesize(layer_dir: Path) -> SynthesizedApp:
    """Build the app with every stage, synthesize it once and run cdk-nag over it."""
    import aws_cdk as cdk
    from aws_cdk.assertions import Template
    from cdk_nag import AwsSolutionsChecks

    from cdk.config import load_stage_config
    from cdk.stack import CourtsideStack

    context = cdk_context()
    app = cdk.App(context=context, builtin_cloud_formation_validation=False)
    stacks = {}
    for stage in STAGES:
        config = load_stage_config(context, stage)
        stack = CourtsideStack(app, f"Courtside-{stage}", config=config, layer_dir=layer_dir)
        stacks[stage] = (stack, config)
    app.synth()
    nag_report = AwsSolutionsChecks(app).validate_scope(app)

    stages = {}
    for stage, (stack, config) in stacks.items():
        template = Template.from_stack(stack)
        resources = template.to_json()["Resources"]
        stages[stage] = Synthesized(stack, template, resources, config)
    return SynthesizedApp(app=app, stages=stages, nag_report=nag_report)
