"""Admin routes: feature flags, project settings, users, results runs, the audit log.

Every route re-checks the Admin role of the caller (the authorizer already denies
`/v1/admin/*` to others) and that their token has not been revoked since the
authorizer's answer was cached. Changes are audited by the domain code.

Annotations are evaluated eagerly here (no `from __future__ import annotations`):
the request models reference types from other modules, and pydantic resolves
postponed annotations through `sys.modules`, which a handler loaded by file path
is not part of.
"""

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, ConfigDict, Field

from courtside.domain import admin_overview, admin_results, admin_settings, admin_users, audit
from courtside.domain import flags as flag_domain
from courtside.domain.admin_overview import Overview
from courtside.domain.admin_results import ResultsRunOutcome, RunPage
from courtside.domain.admin_settings import SettingsView
from courtside.domain.admin_users import AdminUser, UserPage
from courtside.domain.audit import Actor, AuditPage
from courtside.domain.flags import Flag
from courtside.domain.roles import ADMIN, Role
from courtside.http import active_principal, create_app
from courtside.http.params import Cursor, Limit
from courtside.observability import logger, metrics, tracer
from courtside.pagination import DEFAULT_LIMIT

app = create_app("admin")
TAGS = ["admin"]


class FlagCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="Lowercase, e.g. `dark-mode`")
    description: str = Field(default="", max_length=500)
    enabled: bool = False


class FlagChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    description: str | None = Field(default=None, max_length=500)


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    disabled: bool | None = None


def _admin() -> Actor:
    """The calling admin, as the actor of the changes they make.

    403 for another role; 401 when the token was revoked (role change, disabling,
    logout) even while the gateway still caches the authorizer's Allow for it.
    """
    caller = active_principal(app, role=ADMIN)
    return Actor(user_id=caller.user_id, username=caller.username)


def _changed(kind: str) -> None:
    metrics.add_metric(name="AdminChanges", unit=MetricUnit.Count, value=1)
    logger.info("admin change", kind=kind)


# ----------------------------------------------------------------------- overview


@app.get("/v1/admin/overview", summary="The project at a glance", tags=TAGS)
def get_overview() -> Overview:
    _admin()
    return admin_overview.overview()


# ---------------------------------------------------------------------- feature flags


@app.get("/v1/admin/feature-flags", summary="Every feature flag", tags=TAGS)
def get_flags() -> list[Flag]:
    _admin()
    return flag_domain.list_flags()


@app.post("/v1/admin/feature-flags", summary="Add a feature flag", tags=TAGS, status_code=201)
def post_flag(flag: FlagCreate) -> Flag:
    actor = _admin()
    created = flag_domain.create_flag(
        actor, name=flag.name, description=flag.description, enabled=flag.enabled
    )
    _changed("flag.create")
    return created


@app.patch("/v1/admin/feature-flags/<name>", summary="Switch or describe a flag", tags=TAGS)
def patch_flag(name: Annotated[str, Path(max_length=64)], change: FlagChange) -> Flag:
    actor = _admin()
    flag = flag_domain.update_flag(
        actor, name, enabled=change.enabled, description=change.description
    )
    _changed("flag.update")
    return flag


@app.delete(
    "/v1/admin/feature-flags/<name>", summary="Delete an added flag", tags=TAGS, status_code=204
)
def delete_flag(name: Annotated[str, Path(max_length=64)]) -> Response[None]:
    actor = _admin()
    flag_domain.delete_flag(actor, name)
    _changed("flag.delete")
    return Response(204)


# -------------------------------------------------------------------------- settings


@app.get("/v1/admin/settings", summary="Project settings, defaults, overrides", tags=TAGS)
def get_settings_view() -> SettingsView:
    _admin()
    return admin_settings.settings_view()


@app.put(
    "/v1/admin/settings",
    summary="Change settings (partial; null restores a default)",
    tags=TAGS,
)
def put_settings(
    changes: Annotated[
        dict[str, Any],
        Body(
            description="Setting name to its new value (see GET for names and ranges); "
            "null restores the default",
            examples=[{"max_stake": "250.00", "leaderboard_min_bets": 3, "min_stake": None}],
        ),
    ],
) -> SettingsView:
    actor = _admin()
    view = admin_settings.update_settings(actor, changes)
    _changed("settings.update")
    return view


# ----------------------------------------------------------------------------- users


@app.get("/v1/admin/users", summary="Users with their bet count and profit", tags=TAGS)
def get_users(
    q: Annotated[str | None, Query(max_length=100, description="In username or email")] = None,
    role: Annotated[Role | None, Query()] = None,
    disabled: Annotated[bool | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> UserPage:
    _admin()
    return admin_users.list_users(q=q, role=role, disabled=disabled, cursor=cursor, limit=limit)


@app.patch("/v1/admin/users/<user_id>", summary="Change a user's role or access", tags=TAGS)
def patch_user(user_id: Annotated[str, Path(max_length=64)], change: UserChange) -> AdminUser:
    actor = _admin()
    user = admin_users.update_user(actor, user_id, role=change.role, disabled=change.disabled)
    _changed("user.update")
    return user


# --------------------------------------------------------------------------- results


@app.post("/v1/admin/results/run", summary="Process results and settle bets now", tags=TAGS)
def post_results_run() -> ResultsRunOutcome:
    actor = _admin()
    outcome = admin_results.run_results_now(actor)
    _changed("results.run")
    return outcome


@app.get("/v1/admin/results/runs", summary="Past results runs, newest first", tags=TAGS)
def get_results_runs(limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> RunPage:
    _admin()
    return admin_results.list_runs(cursor=cursor, limit=limit)


# ----------------------------------------------------------------------------- audit


@app.get("/v1/admin/audit", summary="Audit log of admin changes, newest first", tags=TAGS)
def get_audit(
    actor: Annotated[str | None, Query(max_length=64, description="Username")] = None,
    kind: Annotated[
        str | None, Query(max_length=64, description="e.g. `flag.update`, or `flag`")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> AuditPage:
    _admin()
    return audit.list_entries(actor=actor, kind=kind, cursor=cursor, limit=limit)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
