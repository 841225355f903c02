"""Results processing on demand, and the history of runs.

In AWS the admin function invokes the `results` function synchronously (named by
`settings.results_function_name`), so a manual run executes the same code, with the
same permissions and concurrency guard, as the scheduled one. Locally (no function
name) it calls `run_results` in process. Either way the run is recorded in
`app.results_runs` by the results code, and this module adds an audit entry. The
function's answer is the same `RunReport` the in-process call returns.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from courtside import db
from courtside.domain import audit
from courtside.domain.audit import Actor
from courtside.domain.results import RunReport, run_results
from courtside.errors import Unavailable
from courtside.observability import logger
from courtside.pagination import Page, encode_cursor
from courtside.settings import get_settings
from courtside.store import admin_results as store

TRIGGER = "admin"


class ResultsRun(BaseModel):
    run_id: int
    trigger: str
    triggered_by: str | None
    started_at: datetime
    finished_at: datetime | None
    games_finalised: int
    bets_settled: int
    duration_ms: int | None


RunPage = Page[ResultsRun]


class ResultsRunOutcome(BaseModel):
    """What a manual run did: where it ran (`lambda` or `local`) and the run's report."""

    ran_in: Literal["lambda", "local"]
    report: RunReport


def run_results_now(actor: Actor) -> ResultsRunOutcome:
    """Process staged results and settle bets now; audited as `results.run`."""
    function_name = get_settings().results_function_name
    if function_name:
        outcome = ResultsRunOutcome(
            ran_in="lambda", report=_invoke_results_function(function_name, actor)
        )
    else:
        report = run_results(trigger=TRIGGER, triggered_by=actor.username)
        outcome = ResultsRunOutcome(ran_in="local", report=report)

    # NOTE: the run commits its own work game by game (see `courtside.domain.results`), so
    # this entry follows it in a transaction of its own: a run is an action, not a change
    # that could be rolled back with its entry. A crash in between leaves the run in
    # `app.results_runs` without an audit entry.
    run_id = outcome.report.run_id
    with db.transaction() as conn:
        audit.record(
            conn,
            actor,
            "results.run",
            target=str(run_id),
            before=None,
            after=outcome.report.model_dump(mode="json"),
        )
    logger.info("results run requested", ran_in=outcome.ran_in, run_id=run_id)
    return outcome


def list_runs(*, cursor: str | None, limit: int) -> RunPage:
    """Past runs (scheduled and manual), newest first."""
    before_id = audit.keyset_before(cursor)
    with db.transaction() as conn:
        rows = store.list_runs(conn, before_id=before_id, limit=limit + 1)
    items = [ResultsRun.model_validate(row, from_attributes=True) for row in rows[:limit]]
    next_cursor = encode_cursor({"before": items[-1].run_id}) if len(rows) > limit else None
    return RunPage(items=items, next_cursor=next_cursor, limit=limit)


@cache
def lambda_client() -> Any:
    """The container's Lambda client (boto3 imported on first use: local runs never need it).

    No retries: a synchronous invoke that timed out may still be running, and a retry
    would start a second run behind the admin's back. The read timeout stays below API
    Gateway's 29 seconds so the admin gets a clear answer rather than a gateway timeout.
    """
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=5, read_timeout=28, retries={"total_max_attempts": 1})
    return boto3.client("lambda", config=config)


def _invoke_results_function(function_name: str, actor: Actor) -> RunReport:
    """Invoke the results function and wait for its report."""
    from botocore.exceptions import BotoCoreError, ClientError

    payload = json.dumps({"trigger": TRIGGER, "triggered_by": actor.username}).encode()
    try:
        response = lambda_client().invoke(
            FunctionName=function_name, InvocationType="RequestResponse", Payload=payload
        )
        body = json.loads(response["Payload"].read() or b"null")
    except (BotoCoreError, ClientError, ValueError) as exc:
        logger.warning("results function not reachable", error=type(exc).__name__)
        raise Unavailable(
            "results processing could not be started", code="results_unavailable"
        ) from exc

    if response.get("FunctionError"):
        error_type = body.get("errorType") if isinstance(body, dict) else None
        logger.warning("results function failed", error_type=error_type)
        raise Unavailable(
            "results processing failed", code="results_failed", details={"error": error_type}
        )
    try:
        return RunReport.model_validate(body)
    except ValidationError as exc:
        logger.warning("results function answered without a report")
        raise Unavailable(
            "results processing answered without a report", code="results_failed"
        ) from exc
