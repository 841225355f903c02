"""Accounts: sign-up, login with lockout, the caller's profile, revocation, admins.

Revocation works through `token_version`: every token carries the version current
when it was issued, and changing the password, logging out, changing the role or
disabling the account bumps it. Two places check it:

- the authorizer (`authorize_token`), whose answer API Gateway caches per token for
  the authorizer TTL, so on its own it could honour a revoked token for minutes;
- `require_active(principal)`, one primary-key query that every `user`/`admin` route
  runs on each request, so a revoked token is refused on the very next request even
  while the gateway still holds a cached Allow.

Login failures are stored in `app.login_attempts`, so the lockout holds across
containers. An unknown username costs the same bcrypt work as a wrong password.
"""

from __future__ import annotations

import math
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from sqlalchemy import Connection, Row

from courtside import clock, db
from courtside.domain import config, passwords, tokens
from courtside.domain.roles import ADMIN, CONSUMER, ROLES, Role
from courtside.errors import (
    Conflict,
    Forbidden,
    NotFound,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from courtside.observability import logger
from courtside.store import login_attempts as attempts_store
from courtside.store import users as store

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{3,32}")
EMAIL_MAX_LENGTH = 254
_EMAIL_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_EMAIL_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL_TLD = r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
EMAIL_PATTERN = re.compile(
    rf"(?P<local>{_EMAIL_LOCAL})@(?P<domain>(?:{_EMAIL_LABEL}\.)+{_EMAIL_TLD})"
)
STATE_CACHE_SECONDS = 5.0
"""How long the authorizer may reuse a user's state (version, disabled) in one container."""


# ------------------------------------------------------------------ models


class UserProfile(BaseModel):
    """An account as its owner (and admins) see it: never the hash."""

    user_id: uuid.UUID
    username: str
    email: str | None
    role: Role
    created_at: datetime
    balance: Decimal


class AccessToken(BaseModel):
    """The OAuth2 token response."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class Caller(Protocol):
    """What `require_active` needs of a principal (see `courtside.http.Principal`)."""

    @property
    def user_id(self) -> str: ...

    @property
    def token_version(self) -> int | None: ...


@dataclass(frozen=True)
class ActiveUser:
    """A caller whose token is still honoured, with the role stored now."""

    user_id: uuid.UUID
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


@dataclass(frozen=True)
class AuthorizedUser:
    """What the authorizer puts in the request context."""

    user_id: uuid.UUID
    username: str
    role: str
    token_version: int


def _profile(row: Row) -> UserProfile:
    return UserProfile(
        user_id=row.user_id,
        username=row.username,
        email=row.email,
        role=row.role,
        created_at=row.created_at,
        balance=row.balance,
    )


# ------------------------------------------------------------------ validation


def _problem(field: str, message: str) -> dict[str, str]:
    return {"location": "body", "field": field, "message": message}


def _raise_problems(problems: list[dict[str, str]]) -> None:
    if problems:
        fields = ", ".join(p["field"] for p in problems)
        raise ValidationFailed(f"invalid request: {fields}", details=problems)


def username_problem(username: str) -> str | None:
    if not USERNAME_PATTERN.fullmatch(username):
        return "usernames are 3 to 32 characters: letters, digits, '_', '.' or '-'"
    return None


def normalise_email(email: str) -> str:
    """The address with its domain lower-cased; raises ValidationFailed naming `email`."""
    candidate = email.strip()
    match = EMAIL_PATTERN.fullmatch(candidate)
    if match is None or len(candidate) > EMAIL_MAX_LENGTH or len(match["local"]) > 64:
        raise ValidationFailed(
            "invalid request: email",
            details=[_problem("email", "not a valid email address (name@example.com)")],
        )
    return f"{match['local']}@{match['domain'].lower()}"


def _password_problems(field: str, password: str) -> list[dict[str, str]]:
    problem = passwords.password_problem(password)
    return [_problem(field, problem)] if problem else []


# ------------------------------------------------------------------ sign-up


def sign_up(username: str, password: str, email: str | None = None) -> UserProfile:
    """A new Consumer account with the starting bankroll; honours the `signups` flag."""
    if not config.flag_enabled("signups"):
        raise Forbidden("sign-ups are closed at the moment", code="signups_disabled")
    return create_user(username, password, email=email)


def create_user(
    username: str, password: str, *, email: str | None = None, role: str = CONSUMER
) -> UserProfile:
    """Create an account (any role), crediting the starting bankroll in the same transaction."""
    problems: list[dict[str, str]] = []
    name_problem = username_problem(username)
    if name_problem:
        problems.append(_problem("username", name_problem))
    normalised_email = None
    if email is not None and email.strip():
        try:
            normalised_email = normalise_email(email)
        except ValidationFailed as exc:
            problems.extend(exc.details)
    problems.extend(_password_problems("password", password))
    if role not in ROLES:
        problems.append(_problem("role", f"roles are {', '.join(ROLES)}"))
    _raise_problems(problems)

    password_hash = passwords.hash_password(password)
    bankroll = config.project_settings().starting_bankroll
    now = clock.now()
    with db.transaction() as conn:
        row = store.insert_user(
            conn,
            user_id=uuid.uuid4(),
            username=username,
            email=normalised_email,
            password_hash=password_hash,
            role=role,
            created_at=now,
            balance=bankroll,
        )
        if row is None:
            raise Conflict(f"the username {username!r} is taken", code="username_taken")
        store.insert_opening_entry(conn, user_id=row.user_id, amount=bankroll, at=now)
    logger.info("user created", user_id=str(row.user_id), role=role)
    return _profile(row)


# ------------------------------------------------------------------ login


def authenticate(username: str, password: str) -> AccessToken:
    """A token for the right username and password, with lockout and even timing."""
    settings = config.project_settings()
    window = timedelta(minutes=settings.login_window_minutes)
    key = username.strip().lower()
    recordable = 0 < len(key) <= 32
    now = clock.now()

    row = None
    if recordable:
        limit = settings.login_attempt_limit
        with db.transaction() as conn:
            state = attempts_store.login_state(conn, key, since=now - window, limit=limit)
        _refuse_if_locked(
            state.attempts, state.any_succeeded, state.oldest_attempt, now, window, limit
        )
        row = state if state.user_id is not None else None

    if row is None:
        passwords.burn_verification()
        succeeded = False
    else:
        succeeded = passwords.verify_password(password, row.password_hash)

    if recordable:
        with db.transaction() as conn:
            attempts_store.record_attempt(
                conn, key, at=now, succeeded=succeeded, forget_before=now - window
            )
    if not succeeded or row is None:
        logger.info("login failed")
        raise Unauthorized("wrong username or password", code="invalid_credentials")
    if row.disabled_at is not None:
        raise Forbidden("this account is disabled", code="account_disabled")

    logger.info("login succeeded", user_id=str(row.user_id))
    return _issue(row.user_id, row.username, row.role, row.token_version)


def _refuse_if_locked_out(
    conn: Connection, key: str, now: datetime, window: timedelta, limit: int
) -> None:
    """429 while the last `limit` attempts inside the window all failed."""
    recent = attempts_store.recent_attempts(conn, key, since=now - window, limit=limit)
    oldest = min((attempt.attempted_at for attempt in recent), default=None)
    succeeded = any(attempt.succeeded for attempt in recent)
    _refuse_if_locked(len(recent), succeeded, oldest, now, window, limit)


def _refuse_if_locked(
    attempts: int,
    any_succeeded: bool,
    oldest_attempt: datetime | None,
    now: datetime,
    window: timedelta,
    limit: int,
) -> None:
    """429 when the latest attempts (as many as the limit) all failed inside the window."""
    if attempts < limit or any_succeeded or oldest_attempt is None:
        return
    unlocks_at = oldest_attempt + window
    retry_after = max(1, math.ceil((unlocks_at - now).total_seconds()))
    logger.info("login locked out", retry_after=retry_after)
    raise TooManyRequests(
        f"too many failed logins for this username; try again in {retry_after} seconds",
        retry_after=retry_after,
        code="login_locked",
    )


def _issue(user_id: uuid.UUID, username: str, role: str, version: int) -> AccessToken:
    lifetime = config.project_settings().token_lifetime_minutes
    issued = tokens.issue_token(
        user_id=user_id, username=username, role=role, version=version, lifetime_minutes=lifetime
    )
    return AccessToken(access_token=issued.access_token, expires_in=issued.expires_in)


# ------------------------------------------------------------------ the caller


def require_active(caller: Caller, conn: Connection | None = None) -> ActiveUser:
    """Re-check, with one primary-key query, that the caller's token is still honoured.

    Call it on every `user`/`admin` route (pass `conn` to reuse your transaction):
    401 when the account is gone, disabled, or its token version moved on (logout,
    password or role change), even if the gateway still caches an Allow for the token.
    """
    user_id = _user_uuid(caller.user_id)
    if conn is None:
        with db.transaction() as own:
            state = store.get_state(own, user_id)
    else:
        state = store.get_state(conn, user_id)
    if state is None or state.disabled_at is not None:
        raise Unauthorized("this account is no longer active", code="token_revoked")
    if caller.token_version is None or state.token_version != caller.token_version:
        raise Unauthorized("this token has been revoked; log in again", code="token_revoked")
    return ActiveUser(user_id=user_id, role=state.role)


def get_profile(caller: Caller) -> UserProfile:
    """The caller's own account (re-checks the token is still honoured)."""
    with db.transaction() as conn:
        active = require_active(caller, conn)
        row = store.get_user(conn, active.user_id)
    if row is None:
        raise Unauthorized("this account is no longer active", code="token_revoked")
    return _profile(row)


def update_email(caller: Caller, email: str | None) -> UserProfile:
    """Set (or clear with None/empty) the caller's email address."""
    normalised = normalise_email(email) if email is not None and email.strip() else None
    with db.transaction() as conn:
        active = require_active(caller, conn)
        row = store.update_email(conn, active.user_id, normalised)
    if row is None:
        raise Unauthorized("this account is no longer active", code="token_revoked")
    logger.info("email updated", user_id=str(row.user_id))
    return _profile(row)


def change_password(caller: Caller, current_password: str, new_password: str) -> AccessToken:
    """Replace the password, revoke every earlier token and return a fresh one.

    A wrong current password counts as a failed login for the lockout, so a stolen
    token cannot be used to guess the password.
    """
    _raise_problems(_password_problems("new_password", new_password))
    settings = config.project_settings()
    window = timedelta(minutes=settings.login_window_minutes)
    now = clock.now()

    with db.transaction() as conn:
        active = require_active(caller, conn)
        row = store.credentials_by_id(conn, active.user_id)
        if row is None:
            raise Unauthorized("this account is no longer active", code="token_revoked")
        key = row.username.lower()
        _refuse_if_locked_out(conn, key, now, window, settings.login_attempt_limit)

    if not passwords.verify_password(current_password, row.password_hash):
        with db.transaction() as conn:
            attempts_store.record_attempt(
                conn, key, at=now, succeeded=False, forget_before=now - window
            )
        raise Forbidden("the current password is wrong", code="wrong_password")

    new_hash = passwords.hash_password(new_password)
    with db.transaction() as conn:
        updated = store.update_password(conn, active.user_id, new_hash)
    if updated is None:
        raise Unauthorized("this account is no longer active", code="token_revoked")
    forget_user_state(active.user_id)
    logger.info("password changed", user_id=str(active.user_id))
    return _issue(updated.user_id, updated.username, updated.role, updated.token_version)


def logout(caller: Caller) -> None:
    """Revoke every token of the caller (this one included)."""
    with db.transaction() as conn:
        active = require_active(caller, conn)
        store.bump_token_version(conn, active.user_id)
    forget_user_state(active.user_id)
    logger.info("logged out", user_id=str(active.user_id))


def _user_uuid(value: str | uuid.UUID) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Unauthorized("authentication required", code="unauthenticated") from exc


# ------------------------------------------------------------------ roles


def set_role(user_id: uuid.UUID, role: str, conn: Connection | None = None) -> UserProfile:
    """Change an account's role; every earlier token is revoked. 404 for no such user."""
    if role not in ROLES:
        raise ValidationFailed(
            "invalid request: role", details=[_problem("role", f"roles are {', '.join(ROLES)}")]
        )
    row = _in_transaction(conn, lambda c: store.set_role(c, user_id, role))
    forget_user_state(user_id)
    logger.info("role changed", user_id=str(user_id), role=role)
    return _profile(row)


def _in_transaction(conn: Connection | None, work: Any) -> Row:
    if conn is None:
        with db.transaction() as own:
            row = work(own)
    else:
        row = work(conn)
    if row is None:
        raise NotFound("no such user", code="user_not_found")
    return row


# ------------------------------------------------------------------ admins


def promote(username: str) -> UserProfile:
    """Make an existing account an Admin (revoking its earlier tokens)."""
    with db.transaction() as conn:
        row = store.get_user_by_name(conn, username)
        if row is None:
            raise NotFound(f"no user named {username!r}", code="user_not_found")
        if row.role == ADMIN:
            return _profile(row)
        return set_role(row.user_id, ADMIN, conn)


def create_admin(username: str, password: str) -> UserProfile:
    """A new Admin account (ignores the `signups` flag)."""
    return create_user(username, password, role=ADMIN)


def ensure_first_admin(username: str = "admin") -> str | None:
    """Create the `admin` account when it does not exist; its generated password, else None."""
    with db.transaction() as conn:
        if store.get_user_by_name(conn, username) is not None:
            return None
    password = passwords.generate_password()
    try:
        create_admin(username, password)
    except Conflict:
        return None
    return password


# ------------------------------------------------------------------ the authorizer


class _StateCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[uuid.UUID, tuple[float, Row | None]] = {}


_states = _StateCache()


def authorize_token(token: str) -> AuthorizedUser:
    """Verify a bearer token for the authorizer: signature, claims, version, account.

    The user's state is reused for `STATE_CACHE_SECONDS` inside one container: the
    gateway caches the whole answer for minutes anyway, and `require_active` re-checks
    on every request, so this only trims database round trips on the hot path.
    """
    claims = tokens.decode_token(token)
    state = _user_state(claims.user_id)
    if state is None:
        raise tokens.InvalidToken("unknown_user")
    if state.disabled_at is not None:
        raise tokens.InvalidToken("disabled")
    if state.token_version != claims.version or state.role != claims.role:
        raise tokens.InvalidToken("revoked")
    return AuthorizedUser(
        user_id=claims.user_id,
        username=claims.username,
        role=state.role,
        token_version=claims.version,
    )


def _user_state(user_id: uuid.UUID) -> Row | None:
    entry = _states.entries.get(user_id)
    if entry is not None and entry[0] > time.monotonic():
        return entry[1]
    with db.transaction() as conn:
        state = store.get_state(conn, user_id)
    with _states.lock:
        if len(_states.entries) > 10_000:
            _states.entries.clear()
        _states.entries[user_id] = (time.monotonic() + STATE_CACHE_SECONDS, state)
    return state


def forget_user_state(user_id: uuid.UUID | None = None) -> None:
    """Drop the authorizer's cached state of one user (or of everyone)."""
    with _states.lock:
        if user_id is None:
            _states.entries.clear()
        else:
            _states.entries.pop(user_id, None)
