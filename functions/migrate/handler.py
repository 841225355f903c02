"""The migrate function: brings the database schema up to the latest Alembic revision.

A CDK trigger invokes it during every deployment that changes it (the migration
scripts, the layer or its settings), before the API functions are updated; a failed
migration fails the deployment. Invoked by hand with no action it migrates again, which
changes nothing on an up-to-date database.

It is also how a deployed stage gets its first admin: the database usually sits in
isolated subnets no laptop reaches, and this function already runs next to it.

    {"action": "create-admin", "username": "ops"}   -> a new Admin, its password generated
    {"action": "promote", "username": "alice"}       -> an existing account made Admin

The generated password is in the response only (never logged), for the operator who
invoked the function; they change it after the first login.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from courtside.errors import BadRequest
from courtside.migrations import current_heads, upgrade
from courtside.observability import logger

ACTIONS = ("migrate", "create-admin", "promote")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any] | None, context: LambdaContext) -> dict[str, Any]:
    event = event or {}
    action = event.get("action", "migrate")
    if action not in ACTIONS:
        raise BadRequest(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if action == "migrate":
        return migrate()
    username = event.get("username")
    if not isinstance(username, str) or not username:
        raise BadRequest(f"{action} needs a username")
    return create_admin(username) if action == "create-admin" else promote(username)


def migrate() -> dict[str, Any]:
    heads = list(current_heads())
    logger.info("migrating the database", target=heads)
    upgrade()
    logger.info("database migrated", revision=heads)
    return {"migrated_to": heads}


def create_admin(username: str) -> dict[str, Any]:
    from courtside.domain import accounts, passwords

    password = passwords.generate_password()
    profile = accounts.create_admin(username, password)
    logger.info("admin created", username=profile.username, user_id=str(profile.user_id))
    return {"username": profile.username, "user_id": str(profile.user_id), "password": password}


def promote(username: str) -> dict[str, Any]:
    from courtside.domain import accounts

    profile = accounts.promote(username)
    logger.info("admin promoted", username=profile.username, user_id=str(profile.user_id))
    return {"username": profile.username, "user_id": str(profile.user_id), "role": profile.role}
