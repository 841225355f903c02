"""Changing the project-wide settings: validated as a whole, applied as a whole, audited.

`PUT /v1/admin/settings` takes a partial object. The stored overrides merged with the
request are validated as one `ProjectSettings` (types, ranges, and cross-field rules
such as min_stake <= max_stake); any error is a 422 naming each bad setting and
nothing is written. A `null` value drops the override, so the default applies again.
Readers see a change through `config.project_settings()` within its cache time.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python
from sqlalchemy import Connection

from courtside import clock, db
from courtside.domain import audit, config
from courtside.domain.audit import Actor
from courtside.domain.config import ProjectSettings
from courtside.errors import ValidationFailed
from courtside.store import settings as store

CENT = Decimal("0.01")


class SettingField(BaseModel):
    """What a setting is and which values it takes."""

    name: str
    type: Literal["money", "integer"]
    description: str
    minimum: Decimal | int | None
    exclusive_minimum: bool
    maximum: Decimal | int | None
    overridden: bool
    updated_by: str | None
    updated_at: datetime | None


class SettingsView(BaseModel):
    values: ProjectSettings
    defaults: ProjectSettings
    overridden: list[str]
    fields: list[SettingField]


def settings_view() -> SettingsView:
    """The values in force, the defaults, and which settings an admin overrode."""
    with db.transaction() as conn:
        return _view(conn)


def update_settings(actor: Actor, changes: dict[str, Any]) -> SettingsView:
    """Apply a partial update atomically; 422 naming every bad setting, nothing half-applied."""
    _check_known(changes)

    with db.transaction() as conn:
        store.lock_settings(conn)
        stored = _stored_overrides(conn)
        before = config.settings_from_stored(stored)

        overrides = {key: value for key, value in stored.items() if key not in changes}
        overrides.update({key: value for key, value in changes.items() if value is not None})
        after = _validated(overrides, changes)

        written = _write_changes(conn, actor, stored, after, changes)
        if written:
            audit.record(
                conn,
                actor,
                "settings.update",
                target="settings",
                before={key: _stored_form(before, key) for key in written},
                after={key: _stored_form(after, key) for key in written},
            )
        view = _view(conn)

    config.invalidate()
    return view


def _check_known(changes: dict[str, Any]) -> None:
    unknown = sorted(key for key in changes if key not in ProjectSettings.model_fields)
    if unknown:
        raise ValidationFailed(
            f"unknown settings: {', '.join(unknown)}",
            code="unknown_setting",
            details=[
                {"location": "body", "field": key, "message": "no such setting"} for key in unknown
            ],
        )


def _validated(overrides: dict[str, Any], changes: dict[str, Any]) -> ProjectSettings:
    try:
        return ProjectSettings.model_validate(overrides)
    except ValidationError as exc:
        details: list[dict[str, str]] = []
        for error in exc.errors():
            fields = [str(error["loc"][0])] if error["loc"] else _rule_fields(error, changes)
            details.extend(
                {"location": "body", "field": field, "message": error["msg"]} for field in fields
            )
        named = ", ".join(dict.fromkeys(detail["field"] for detail in details))
        raise ValidationFailed(
            f"invalid settings: {named}", code="invalid_settings", details=details
        ) from exc


def _rule_fields(error: Any, changes: dict[str, Any]) -> list[str]:
    """The settings a cross-field rule is about (those in the request first)."""
    fields = list((error.get("ctx") or {}).get("fields") or [])
    return [f for f in fields if f in changes] or fields or ["settings"]


def _write_changes(
    conn: Connection,
    actor: Actor,
    stored: dict[str, Any],
    after: ProjectSettings,
    changes: dict[str, Any],
) -> list[str]:
    """Store or drop the requested overrides; returns the keys that really changed."""
    now = clock.now()
    written = []
    for key, requested in changes.items():
        if requested is None:
            if key in stored:
                store.delete_setting(conn, key)
                written.append(key)
            continue
        value = _stored_form(after, key)
        if stored.get(key) != value:
            store.upsert_setting(conn, key, value, updated_by=actor.username, updated_at=now)
            written.append(key)
    return sorted(written)


def _stored_form(values: ProjectSettings, key: str) -> Any:
    """A setting as JSON: money as a two-place decimal string, whole numbers as numbers."""
    value = getattr(values, key)
    if isinstance(value, Decimal):
        return str(value.quantize(CENT))
    return to_jsonable_python(value)


def _stored_overrides(conn: Connection) -> dict[str, Any]:
    return {row.key: row.value for row in store.stored_rows(conn)}


def _view(conn: Connection) -> SettingsView:
    rows = {row.key: row for row in store.stored_rows(conn)}
    values = config.settings_from_stored({key: row.value for key, row in rows.items()})
    overridden = [key for key in ProjectSettings.model_fields if key in rows]
    return SettingsView(
        values=values,
        defaults=ProjectSettings(),
        overridden=overridden,
        fields=[_field(name, rows.get(name)) for name in ProjectSettings.model_fields],
    )


def _field(name: str, row: Any) -> SettingField:
    info = ProjectSettings.model_fields[name]
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    exclusive_minimum = False
    for constraint in info.metadata:
        if isinstance(constraint, annotated_types.Ge):
            minimum = constraint.ge  # type: ignore[assignment]
        elif isinstance(constraint, annotated_types.Gt):
            minimum, exclusive_minimum = constraint.gt, True  # type: ignore[assignment]
        elif isinstance(constraint, annotated_types.Le):
            maximum = constraint.le  # type: ignore[assignment]
    return SettingField(
        name=name,
        type="money" if info.annotation is Decimal else "integer",
        description=info.description or "",
        minimum=minimum,
        exclusive_minimum=exclusive_minimum,
        maximum=maximum,
        overridden=row is not None,
        updated_by=row.updated_by if row is not None else None,
        updated_at=row.updated_at if row is not None else None,
    )
