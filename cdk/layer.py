"""The shared Lambda layer, bundled locally with pip for the Lambda platform (no Docker).

`build_layer(output)` installs `requirements.txt` with pip's cross-platform options
(manylinux wheels for the Lambda architecture, CPython 3.12), copies the `courtside`
package in, and trims what a Lambda never loads:

- packages the Python runtime already provides (boto3, botocore and their
  dependencies: about 30 MB of the layer otherwise);
- greenlet, which SQLAlchemy only needs for asyncio (Courtside is synchronous);
- `__pycache__`, test suites, C/Cython sources, type stubs, console scripts and
  the bookkeeping files of `*.dist-info` (METADATA and licences stay);
- debug information in native extensions, when an ELF `strip` that understands
  the target architecture is on the PATH (llvm-strip does both; GNU strip only
  the host's). Without one the layer is still correct, only larger.

The result is cached: a fingerprint of the requirements and the recipe decides
whether pip runs again, and one of the `courtside` sources whether the package
is copied again, so a repeated synth costs a hash of a few hundred files.

The layer is `<output>/python/...`, the layout Lambda puts on `sys.path` under /opt.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
SOURCE = ROOT / "layers" / "shared" / "python" / "courtside"
PYTHON_VERSION = "3.12"
RECIPE_VERSION = "1"
"""Bump when the trimming rules change, so cached layers are rebuilt."""

Architecture = Literal["arm64", "x86_64"]

PLATFORMS: dict[str, str] = {
    "arm64": "manylinux2014_aarch64",
    "x86_64": "manylinux2014_x86_64",
}
_ELF_MACHINES = {"arm64": "aarch64", "x86_64": "x86_64"}

PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
"""Top-level modules the Lambda Python runtime ships (boto3 and its dependencies)."""

NOT_NEEDED = ("greenlet",)
"""Installed as dependencies, never imported by synchronous SQLAlchemy code."""

_DIST_NAMES = {"dateutil": "python_dateutil"}
_JUNK_DIRS = {"__pycache__", "tests", "test"}
_JUNK_SUFFIXES = {".pyc", ".pyo", ".pyi", ".c", ".cpp", ".h", ".pyx", ".pxd"}
_DIST_INFO_JUNK = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


class LayerBuildError(RuntimeError):
    """pip could not assemble the layer (offline, or no wheel for the Lambda platform)."""


def build_layer(
    output: Path,
    *,
    architecture: Architecture = "arm64",
    requirements: Path = REQUIREMENTS,
    source: Path = SOURCE,
    python_version: str = PYTHON_VERSION,
) -> Path:
    """Build (or reuse) the layer in `output`; returns `output`, which holds `python/`.

    `python_version` is the Lambda runtime's (3.12); another one only serves to check
    the trimmed layer by importing it with a local interpreter of that version.
    """
    output = output.resolve()
    site = output / "python"
    stamp_file = output.parent / f"{output.name}.fingerprint.json"
    stamp = _read_stamp(stamp_file)

    dependencies_key = _dependencies_fingerprint(requirements, architecture, python_version)
    source_key = _tree_fingerprint(source)

    if stamp.get("dependencies") != dependencies_key or not site.is_dir():
        _install_dependencies(output, requirements, architecture, python_version)
        stamp = {"dependencies": dependencies_key}
        _write_stamp(stamp_file, stamp)

    if stamp.get("source") != source_key or not (site / source.name).is_dir():
        _copy_source(source, site / source.name)
        stamp["source"] = source_key
        _write_stamp(stamp_file, stamp)

    return output


def layer_size(output: Path) -> int:
    """Unzipped size of a built layer in bytes (what Lambda's 250 MB limit counts)."""
    return sum(path.stat().st_size for path in output.rglob("*") if path.is_file())


# ------------------------------------------------------------------ dependencies


def _install_dependencies(
    output: Path, requirements: Path, architecture: Architecture, python_version: str
) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        site = staging / "python"
        command = [
            sys.executable, "-m", "pip", "install",
            "--quiet", "--no-compile", "--no-input", "--disable-pip-version-check",
            "--platform", PLATFORMS[architecture],
            "--only-binary=:all:",
            "--python-version", python_version,
            "--implementation", "cp",
            "--target", str(site),
            "--requirement", str(requirements),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise LayerBuildError(f"pip failed for the {architecture} layer:\n{result.stderr}")

        # NOTE: no .pyc files are shipped: they must come from CPython 3.12 (the runtime's),
        # which this machine may not have, and /opt is read-only in Lambda, so each cold
        # start compiles what it imports. A `python3.12 -m compileall` step would save that.
        _remove_modules(site, (*PROVIDED_BY_RUNTIME, *NOT_NEEDED))
        _trim(site)
        _strip_native_code(site, architecture)
        _replace_dir(site, output / "python")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_modules(site: Path, modules: Iterable[str]) -> None:
    for module in modules:
        dist = _DIST_NAMES.get(module, module).replace("-", "_").lower()
        for path in site.iterdir():
            name = path.name.lower()
            is_module = name in (module, f"{module}.py")
            is_dist_info = name.startswith(f"{dist}-") and name.endswith(".dist-info")
            if is_module or is_dist_info:
                _remove(path)


def _trim(site: Path) -> None:
    for name in ("bin", "include", "share"):
        _remove(site / name)
    for path in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if not path.exists():
            continue
        if path.is_dir() and path.name in _JUNK_DIRS:
            _remove(path)
        elif path.is_file() and _is_junk_file(path):
            path.unlink()


def _is_junk_file(path: Path) -> bool:
    if path.suffix in _JUNK_SUFFIXES:
        return True
    return path.parent.suffix == ".dist-info" and path.name in _DIST_INFO_JUNK


def _strip_native_code(site: Path, architecture: Architecture) -> None:
    """Drop debug sections from extension modules, if a capable strip is available."""
    strip = _strip_tool(architecture)
    if strip is None:
        return
    for library in site.rglob("*.so"):
        subprocess.run(  # noqa: S603
            [strip, "--strip-debug", str(library)], capture_output=True, check=False
        )


def _strip_tool(architecture: Architecture) -> str | None:
    machine = _ELF_MACHINES[architecture]
    candidates = ["llvm-strip", f"{machine}-linux-gnu-strip"]
    if platform.machine() in (machine, architecture):
        candidates.append("strip")
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return None


# ------------------------------------------------------------------ source


def _copy_source(source: Path, target: Path) -> None:
    staging = target.parent / f".{target.name}.staging"
    _remove(staging)
    shutil.copytree(
        source, staging, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.pyi")
    )
    _replace_dir(staging, target)


# ------------------------------------------------------------------ fingerprints


def _dependencies_fingerprint(
    requirements: Path, architecture: Architecture, python_version: str
) -> str:
    digest = hashlib.sha256()
    for part in (RECIPE_VERSION, architecture, PLATFORMS[architecture], python_version):
        digest.update(part.encode() + b"\0")
    digest.update(requirements.read_bytes())
    return digest.hexdigest()


def _tree_fingerprint(root: Path) -> str:
    digest = hashlib.sha256(RECIPE_VERSION.encode())
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or "__pycache__" in relative.parts or path.suffix == ".pyc":
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _read_stamp(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_stamp(path: Path, stamp: dict[str, str]) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(stamp, indent=1), encoding="utf-8")
    temporary.replace(path)


# ------------------------------------------------------------------ files


def _replace_dir(new: Path, target: Path) -> None:
    """Put `new` at `target`, removing what was there (rename, so readers never see half)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "layer-arm64"
    built = build_layer(target)
    print(f"{built}: {layer_size(built) / 1e6:.1f} MB unzipped")
