"""Synthesizes the CDK app once per test session: dev, prod and an `existing` database stage.

Synthesis is the slow part (the jsii runtime), so every infra test reads these three
templates. The layer is a tiny prebuilt directory (real bundling has its own test) and
CDK's built-in CloudFormation validation is off here (`make synth` runs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.infra.support import Synthesized, SynthesizedApp, synthesize

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")


@pytest.fixture(scope="session")
def tiny_layer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    layer = tmp_path_factory.mktemp("layer")
    package = layer / "python" / "courtside"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Stand-in for the bundled layer."""\n')
    return layer


@pytest.fixture(scope="session")
def synthesized(tiny_layer: Path) -> SynthesizedApp:
    return synthesize(tiny_layer)


@pytest.fixture(scope="session")
def dev(synthesized: SynthesizedApp) -> Synthesized:
    return synthesized.stages["dev"]


@pytest.fixture(scope="session")
def prod(synthesized: SynthesizedApp) -> Synthesized:
    return synthesized.stages["prod"]


@pytest.fixture(scope="session")
def ci(synthesized: SynthesizedApp) -> Synthesized:
    return synthesized.stages["ci"]
