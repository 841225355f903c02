"""CDK entry point: `npx cdk synth -c stage=prod` (or `make synth STAGE=prod`).

Reads the stage's context from cdk.json (validated by `cdk.config`), bundles the
shared layer locally with pip (`cdk.layer`, no Docker), builds the stack and runs
cdk-nag's AWS Solutions checks on it. Needs no AWS credentials: nothing is looked up.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
LAYER_SOURCE = ROOT / "layers" / "shared" / "python"
if str(LAYER_SOURCE) not in sys.path:
    sys.path.insert(0, str(LAYER_SOURCE))

import aws_cdk as cdk  # noqa: E402

from cdk.config import load_stage_config  # noqa: E402
from cdk.layer import build_layer  # noqa: E402
from cdk.nag import add_checks  # noqa: E402
from cdk.stack import CourtsideStack  # noqa: E402


def main() -> None:
    app = cdk.App()
    stage = app.node.try_get_context("stage")
    context = {name: app.node.try_get_context(name) for name in ("dev", "prod", stage) if name}
    config = load_stage_config(context, stage)

    layer_dir = build_layer(
        ROOT / "build" / f"layer-{config.architecture}", architecture=config.architecture
    )
    env = cdk.Environment(account=config.account, region=config.region)
    CourtsideStack(
        app,
        f"Courtside-{config.stage}",
        config=config,
        layer_dir=layer_dir,
        env=env if config.account or config.region else None,
        description=f"Courtside ({config.stage}): open NBA data and simulated betting",
    )
    # the proxy's target group takes no tags (CloudFormation refuses the property)
    untaggable = ["AWS::RDS::DBProxyTargetGroup"]
    cdk.Tags.of(app).add("project", "courtside", exclude_resource_types=untaggable)
    cdk.Tags.of(app).add("stage", config.stage, exclude_resource_types=untaggable)
    add_checks(app)
    app.synth()


if __name__ == "__main__":
    main()
