"""The ingest function: loads the files the NBA pipeline drops into the ingest bucket.

An object's key says where it belongs in the data contract: `[<prefix>/]teams.csv` or
`[<prefix>/]<season>/games.csv|players.csv`. The event's files are downloaded into a
temporary directory laid out the same way and handed to the loader, so validation,
idempotence (unchanged files are skipped) and all-or-nothing writes are exactly those
of `python -m courtside.load`.

A file that breaks the contract is reported with its S3 key, line and reason, and not
retried (the same bytes would fail again); the pipeline fixes it and drops it again.
Anything else (the database unreachable, S3 failing) raises, so Lambda retries the
event. Keys outside the contract are logged and skipped.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event
from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.load import LoadError, load_directory
from courtside.observability import logger, metrics, tracer

SEASON = re.compile(r"^\d{4}-\d{2}$")
TEAMS_FILE = "teams.csv"
SEASON_FILES = ("games.csv", "players.csv")


@dataclass(frozen=True)
class DroppedFile:
    """One object of the event and its place in the data contract."""

    bucket: str
    key: str
    prefix: str
    """The key's part before the contract's layout (`` or `drops/2024-05-01`)."""
    name: str
    """The file's path in the contract (`teams.csv`, `2023-24/games.csv`)."""


def place_in_contract(bucket: str, key: str) -> DroppedFile | None:
    """Where an object key sits in the data contract; None for keys outside it."""
    path = PurePosixPath(key)
    if path.name == TEAMS_FILE:
        return DroppedFile(bucket, key, _prefix(path.parent), TEAMS_FILE)
    if path.name in SEASON_FILES and SEASON.match(path.parent.name):
        name = f"{path.parent.name}/{path.name}"
        return DroppedFile(bucket, key, _prefix(path.parent.parent), name)
    return None


def _prefix(path: PurePosixPath) -> str:
    text = str(path)
    return "" if text == "." else text


@cache
def _s3() -> Any:
    import boto3

    return boto3.client("s3")


def load_drop(files: list[DroppedFile]) -> dict[str, Any]:
    """Download one drop (one bucket and prefix) and load it; a summary of what happened."""
    keys = {file.name: file.key for file in files}
    with tempfile.TemporaryDirectory(prefix="ingest-") as tmp:
        root = Path(tmp)
        for file in files:
            target = root / file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            _s3().download_file(file.bucket, file.key, str(target))

        try:
            report = load_directory(root)
        except LoadError as exc:
            problems = [
                {"key": keys.get(p.file or "", p.file), "line": p.line, "reason": p.reason}
                for p in exc.problems
            ]
            first = problems[0]
            logger.error(
                "ingest rejected a file",
                key=first["key"],
                line=first["line"],
                reason=first["reason"],
                problems=problems,
            )
            metrics.add_metric(name="IngestRejectedFiles", unit=MetricUnit.Count, value=len(files))
            return {"status": "rejected", "keys": sorted(keys.values()), "problems": problems}

    loaded = [keys[name] for name in report.files_loaded]
    logger.info("ingest loaded files", loaded=loaded, summary=report.summary())
    metrics.add_metric(name="IngestLoadedFiles", unit=MetricUnit.Count, value=len(loaded))
    return {
        "status": "loaded" if loaded else "unchanged",
        "keys": sorted(keys.values()),
        "loaded": loaded,
        "summary": report.summary(),
    }


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    drops: dict[tuple[str, str], list[DroppedFile]] = defaultdict(list)
    ignored = []
    for record in S3Event(event).records:
        # keys arrive URL-encoded (`drops/june+1/teams.csv`)
        bucket, key = record.s3.bucket.name, unquote_plus(record.s3.get_object.key)
        placed = place_in_contract(bucket, key)
        if placed is None:
            logger.warning("ingest ignored a key outside the data contract", key=key)
            ignored.append(key)
        else:
            drops[(placed.bucket, placed.prefix)].append(placed)

    results = [load_drop(files) for _, files in sorted(drops.items())]
    return {"drops": results, "ignored": ignored}
