"""User management for admins: find users with their betting figures, change role or access.

A role change or disabling bumps the user's token version, which revokes every token
issued before (the authorizer and the handlers compare versions). The project never
loses its last enabled admin, and an admin cannot disable themself. Both rules hold
under concurrent requests because the rows involved are locked in one order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import Row

from courtside import clock, db
from courtside.domain import accounts, audit
from courtside.domain.audit import Actor
from courtside.domain.odds_math import Money
from courtside.domain.roles import Role
from courtside.errors import Conflict, NotFound
from courtside.pagination import Page, offset_of, offset_page
from courtside.store import admin_users as store


class AdminUser(BaseModel):
    user_id: UUID
    username: str
    email: str | None
    role: Role
    disabled: bool
    disabled_at: datetime | None
    created_at: datetime
    balance: Money
    bet_count: int
    profit: Money


UserPage = Page[AdminUser]
"""A page of users (named here, so handlers need not build the generic type)."""


def list_users(
    *,
    q: str | None,
    role: Role | None,
    disabled: bool | None,
    cursor: str | None,
    limit: int,
) -> UserPage:
    """Users by username, filtered by a search text, a role and whether they are disabled."""
    offset = offset_of(cursor)
    with db.transaction() as conn:
        rows = store.list_users(
            conn, q=q, role=role, disabled=disabled, offset=offset, limit=limit + 1
        )
    return offset_page([_user(row) for row in rows], offset=offset, limit=limit)


def update_user(
    actor: Actor, user_id: str, *, role: Role | None, disabled: bool | None
) -> AdminUser:
    """Change a user's role and/or disabled state (409 for the last admin or self-disable)."""
    target_id = _parse_id(user_id)

    with db.transaction() as conn:
        locked = store.lock_user_and_enabled_admins(conn, target_id)
        target = next((row for row in locked if row.user_id == target_id), None)
        if target is None:
            raise _not_found(user_id)

        before = _state(target.username, target.role, target.disabled_at is not None)
        after_role = role or target.role
        after_disabled = before["disabled"] if disabled is None else disabled
        after = _state(target.username, after_role, after_disabled)
        if after != before:
            _check_rules(actor, target, locked, after_role, after_disabled)
            revoke = after_role != target.role or (after_disabled and not before["disabled"])
            disabled_at = (target.disabled_at or clock.now()) if after_disabled else None
            store.update_user(
                conn, target_id, role=after_role, disabled_at=disabled_at, revoke_tokens=revoke
            )
            audit.record(
                conn, actor, "user.update", target=str(target_id), before=before, after=after
            )

        row = store.user_with_figures(conn, target_id)
    accounts.forget_user_state(target_id)
    if row is None:  # pragma: no cover - the row is locked above
        raise _not_found(user_id)
    return _user(row)


def _check_rules(
    actor: Actor,
    target: Row,
    locked: Any,
    after_role: str,
    after_disabled: bool,
) -> None:
    if after_disabled and target.disabled_at is None and str(target.user_id) == actor.user_id:
        raise Conflict("you cannot disable your own account", code="cannot_disable_self")

    was_enabled_admin = target.role == "Admin" and target.disabled_at is None
    stays_enabled_admin = after_role == "Admin" and not after_disabled
    enabled_admins = [row for row in locked if row.role == "Admin" and row.disabled_at is None]
    if was_enabled_admin and not stays_enabled_admin and len(enabled_admins) <= 1:
        raise Conflict(
            "this is the last enabled admin: promote another user first",
            code="last_admin",
            details={"user_id": str(target.user_id)},
        )


def _state(username: str, role: str, disabled: bool) -> dict[str, Any]:
    return {"username": username, "role": role, "disabled": disabled}


def _parse_id(user_id: str) -> UUID:
    try:
        return UUID(user_id)
    except ValueError as exc:
        raise _not_found(user_id) from exc


def _not_found(user_id: str) -> NotFound:
    return NotFound("no such user", code="user_not_found", details={"user_id": user_id})


def _user(row: Row) -> AdminUser:
    return AdminUser(
        user_id=row.user_id,
        username=row.username,
        email=row.email,
        role=row.role,
        disabled=row.disabled_at is not None,
        disabled_at=row.disabled_at,
        created_at=row.created_at,
        balance=row.balance,
        bet_count=row.bet_count,
        profit=row.profit,
    )
