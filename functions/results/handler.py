"""The results function: scheduled by EventBridge (and invoked by the admin's manual run).

Processes staged results and settles bets (`courtside.domain.results.run_results`) and
returns the run's report. A scheduled event carries no trigger and counts as
`schedule`; the admin function invokes it with `{"trigger": "admin", "triggered_by": ...}`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.domain.results import run_results
from courtside.observability import logger, metrics, tracer

SCHEDULE = "schedule"
TRIGGERS = ("schedule", "admin", "local")


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any] | None, context: LambdaContext) -> dict[str, Any]:
    trigger, triggered_by = trigger_of(event or {})
    report = run_results(trigger=trigger, triggered_by=triggered_by)
    return report.model_dump(mode="json")


def trigger_of(event: dict[str, Any]) -> tuple[str, str | None]:
    """Who started this run: an EventBridge event is the schedule."""
    if event.get("source") == "aws.events" or "trigger" not in event:
        return SCHEDULE, None
    trigger = str(event.get("trigger"))
    triggered_by = event.get("triggered_by")
    return (
        trigger if trigger in TRIGGERS else SCHEDULE,
        str(triggered_by)[:64] if triggered_by else None,
    )
