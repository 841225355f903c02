"""Feature flags: named switches admins flip, read by every group through one cache.

The flags the product itself honours (`config.DEFAULT_FLAGS`: signups, betting,
leaderboard) always exist: until an admin changes one it is listed with its default
state, and it cannot be deleted. Admins may add further flags for the web UI. Every
change is written to the audit log in the same transaction and drops this
container's cache; other containers see it within `config.CACHE_SECONDS`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Row

from courtside import clock, db
from courtside.domain import audit, config
from courtside.domain.audit import Actor
from courtside.errors import Conflict, NotFound, ValidationFailed
from courtside.store import flags as store

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
NAME_MAX_LENGTH = 64
DESCRIPTION_MAX_LENGTH = 500


class PublicFlag(BaseModel):
    name: str
    enabled: bool


class Flag(BaseModel):
    name: str
    description: str
    enabled: bool
    builtin: bool
    updated_by: str | None
    updated_at: datetime | None


def public_flags() -> list[PublicFlag]:
    """Every flag with its state, for the web UI (built-in flags included)."""
    return [PublicFlag(name=flag.name, enabled=flag.enabled) for flag in list_flags()]


def list_flags() -> list[Flag]:
    """Every flag, stored or built-in with its default, by name."""
    with db.transaction() as conn:
        rows = store.list_flags(conn)
    flags = {row.name: _flag(row) for row in rows}
    for name, (enabled, description) in config.DEFAULT_FLAGS.items():
        flags.setdefault(name, _default_flag(name, enabled, description))
    return [flags[name] for name in sorted(flags)]


def create_flag(actor: Actor, *, name: str, description: str, enabled: bool) -> Flag:
    """Add a flag; a name already in use (built-in flags included) is a 409."""
    check_name(name)
    _check_description(description)

    with db.transaction() as conn:
        if name in config.DEFAULT_FLAGS:
            row = None
        else:
            row = store.insert_flag(
                conn,
                name=name,
                description=description,
                enabled=enabled,
                updated_by=actor.username,
                updated_at=clock.now(),
            )
        if row is None:
            raise Conflict(
                f"feature flag {name!r} already exists",
                code="flag_exists",
                details={"name": name},
            )
        flag = _flag(row)
        audit.record(conn, actor, "flag.create", target=name, before=None, after=_state(flag))

    config.invalidate()
    return flag


def update_flag(actor: Actor, name: str, *, enabled: bool | None, description: str | None) -> Flag:
    """Switch a flag and/or describe it anew; an unknown flag is a 404."""
    check_name(name)
    if description is not None:
        _check_description(description)

    with db.transaction() as conn:
        before = _locked_flag(conn, name)
        after_enabled = before.enabled if enabled is None else enabled
        after_description = before.description if description is None else description
        if (after_enabled, after_description) == (before.enabled, before.description):
            return before

        row = store.update_flag(
            conn,
            name,
            description=after_description,
            enabled=after_enabled,
            updated_by=actor.username,
            updated_at=clock.now(),
        )
        flag = _flag(row)
        audit.record(
            conn, actor, "flag.update", target=name, before=_state(before), after=_state(flag)
        )

    config.invalidate()
    return flag


def delete_flag(actor: Actor, name: str) -> None:
    """Remove a flag the admins added; built-in flags cannot be deleted (409)."""
    check_name(name)
    if name in config.DEFAULT_FLAGS:
        raise Conflict(
            f"feature flag {name!r} is built in: switch it off instead of deleting it",
            code="flag_builtin",
            details={"name": name},
        )

    with db.transaction() as conn:
        row = store.delete_flag(conn, name)
        if row is None:
            raise _not_found(name)
        audit.record(conn, actor, "flag.delete", target=name, before=_state(_flag(row)), after=None)

    config.invalidate()


def check_name(name: str) -> None:
    """Flag names are lowercase words: a letter, then letters, digits, `_` or `-`."""
    if len(name) > NAME_MAX_LENGTH or not NAME_PATTERN.fullmatch(name):
        raise ValidationFailed(
            "a flag name is lowercase: a letter, then letters, digits, '_' or '-' "
            f"(at most {NAME_MAX_LENGTH} characters)",
            code="invalid_flag_name",
            details=[{"location": "body", "field": "name", "message": "invalid flag name"}],
        )


def _check_description(description: str) -> None:
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationFailed(
            f"a flag description has at most {DESCRIPTION_MAX_LENGTH} characters",
            code="invalid_flag_description",
            details=[{"location": "body", "field": "description", "message": "too long"}],
        )


def _locked_flag(conn: Connection, name: str) -> Flag:
    """The flag, its row locked; a built-in flag nobody stored yet is stored first."""
    row = store.lock_flag(conn, name)
    if row is None and name in config.DEFAULT_FLAGS:
        enabled, description = config.DEFAULT_FLAGS[name]
        store.insert_flag(
            conn,
            name=name,
            description=description,
            enabled=enabled,
            updated_by=None,
            updated_at=clock.now(),
        )
        row = store.lock_flag(conn, name)
    if row is None:
        raise _not_found(name)
    return _flag(row)


def _flag(row: Row) -> Flag:
    return Flag(
        name=row.name,
        description=row.description,
        enabled=row.enabled,
        builtin=row.name in config.DEFAULT_FLAGS,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _default_flag(name: str, enabled: bool, description: str) -> Flag:
    return Flag(
        name=name,
        description=description,
        enabled=enabled,
        builtin=True,
        updated_by=None,
        updated_at=None,
    )


def _state(flag: Flag) -> dict[str, Any]:
    return {"enabled": flag.enabled, "description": flag.description}


def _not_found(name: str) -> NotFound:
    return NotFound(
        f"no feature flag named {name!r}", code="flag_not_found", details={"name": name}
    )
