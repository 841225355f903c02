"""The shared layer built with pip for the Lambda platform: contents, size and caching.

This test installs requirements.txt from the package index once (about 15 seconds).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.infra

MAX_UNZIPPED_BYTES = 30 * 1024 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cdk.layer import SOURCE, build_layer

    work = tmp_path_factory.mktemp("layer-build")
    source = work / "courtside"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("__pycache__"))
    return build_layer(work / "layer", architecture="arm64", source=source)


def test_the_layer_holds_linux_arm64_cpython_312_wheels_and_courtside(built: Path) -> None:
    site = built / "python"

    assert (site / "courtside" / "routes.py").is_file()
    assert (site / "courtside" / "migrations" / "versions").is_dir()
    assert list(site.glob("pydantic_core/_pydantic_core.cpython-312-aarch64-linux-gnu.so"))
    assert list(site.glob("sqlalchemy/cyextension/*.cpython-312-aarch64-linux-gnu.so"))
    assert (site / "aws_lambda_powertools").is_dir()
    assert (site / "pg8000").is_dir()


def test_the_layer_leaves_out_what_lambda_provides_or_never_loads(built: Path) -> None:
    site = built / "python"
    names = {path.name for path in site.iterdir()}

    assert not names & {"boto3", "botocore", "s3transfer", "urllib3", "greenlet", "bin"}
    assert not list(site.rglob("__pycache__"))
    assert not list(site.rglob("*.pyc"))
    assert not list(site.glob("*.dist-info/RECORD"))
    assert list(site.glob("pydantic-*.dist-info/METADATA"))


def test_the_layer_stays_under_30_mb_unzipped(built: Path) -> None:
    from cdk.layer import layer_size

    assert 5 * 1024 * 1024 < layer_size(built) < MAX_UNZIPPED_BYTES


def test_a_second_build_reuses_the_cache(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cdk import layer

    def no_pip(*args: object) -> None:
        raise AssertionError("pip ran again for unchanged requirements")

    monkeypatch.setattr(layer, "_install_dependencies", no_pip)
    source = built.parent / "courtside"
    before = (built / "python" / "courtside" / "routes.py").stat().st_mtime_ns

    layer.build_layer(built, architecture="arm64", source=source)

    assert (built / "python" / "courtside" / "routes.py").stat().st_mtime_ns == before


def test_a_source_change_recopies_courtside_without_pip(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdk import layer

    def no_pip(*args: object) -> None:
        raise AssertionError("pip ran again for a source-only change")

    monkeypatch.setattr(layer, "_install_dependencies", no_pip)
    source = built.parent / "courtside"
    (source / "added_for_test.py").write_text('"""New module."""\n')

    layer.build_layer(built, architecture="arm64", source=source)

    assert (built / "python" / "courtside" / "added_for_test.py").is_file()
    assert (built / "python" / "pydantic").is_dir()


def test_a_requirements_change_runs_pip_again(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cdk import layer

    calls: list[Path] = []

    def fake_pip(output: Path, requirements: Path, *args: object) -> None:
        calls.append(requirements)
        (output / "python").mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(layer, "_install_dependencies", fake_pip)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pg8000==1.31.6\n")
    output = tmp_path / "layer"

    layer.build_layer(output, requirements=requirements, source=built.parent / "courtside")
    layer.build_layer(output, requirements=requirements, source=built.parent / "courtside")
    requirements.write_text("pg8000==1.31.5\n")
    layer.build_layer(output, requirements=requirements, source=built.parent / "courtside")

    assert calls == [requirements, requirements]
