"""The migrate function: brings the database schema up to the latest Alembic revision.

A CDK trigger invokes it during every deployment that changes it (the migration
scripts, the layer or its settings), before the API functions are updated; a failed
migration fails the deployment. It can also be invoked by hand; the event is ignored,
and running it on an up-to-date database changes nothing.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.migrations import current_heads, upgrade
from courtside.observability import logger


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any] | None, context: LambdaContext) -> dict[str, Any]:
    heads = list(current_heads())
    logger.info("migrating the database", target=heads)
    upgrade()
    logger.info("database migrated", revision=heads)
    return {"migrated_to": heads}
