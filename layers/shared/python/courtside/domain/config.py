"""Project-wide settings and feature flags, read by every group through one cached accessor.

Admins change them at run time (`PUT /v1/admin/settings`, the flag routes); every
container sees a change within `CACHE_SECONDS`, well inside the promised 30 seconds.
Stored values override the defaults declared on `ProjectSettings`.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from courtside import db
from courtside.observability import logger
from courtside.store import config as store

CACHE_SECONDS = 10.0

DEFAULT_FLAGS: dict[str, tuple[bool, str]] = {
    "signups": (True, "New users can sign up"),
    "betting": (True, "Users can place bets (cancelling always works)"),
    "leaderboard": (True, "The public leaderboard is shown"),
}


class ProjectSettings(BaseModel):
    """Typed project-wide settings with their defaults and allowed ranges.

    Whole numbers are strict (`true` or `"5"` is not a number of minutes); money
    takes a number or a decimal string with at most two places.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    starting_bankroll: Decimal = Field(
        default=Decimal("1000.00"),
        ge=0,
        le=Decimal("1000000"),
        decimal_places=2,
        description="Simulated money every new user starts with",
    )
    min_stake: Decimal = Field(
        default=Decimal("1.00"),
        gt=0,
        le=Decimal("1000000"),
        decimal_places=2,
        description="Smallest stake a bet may have",
    )
    max_stake: Decimal = Field(
        default=Decimal("500.00"),
        gt=0,
        le=Decimal("1000000"),
        decimal_places=2,
        description="Largest stake a bet may have",
    )
    betting_cutoff_minutes: int = Field(
        default=0,
        ge=0,
        le=1440,
        strict=True,
        description="Betting on a game closes this many minutes before tip-off",
    )
    token_lifetime_minutes: int = Field(
        default=60,
        ge=5,
        le=1440,
        strict=True,
        description="How long a newly issued access token is valid",
    )
    login_attempt_limit: int = Field(
        default=5,
        ge=1,
        le=100,
        strict=True,
        description="Failed logins allowed per username within the login window",
    )
    login_window_minutes: int = Field(
        default=15,
        ge=1,
        le=1440,
        strict=True,
        description="The window in which failed logins are counted",
    )
    leaderboard_min_bets: int = Field(
        default=5,
        ge=1,
        le=1000,
        strict=True,
        description="Settled bets a user needs to appear on the leaderboard",
    )

    @model_validator(mode="after")
    def _stakes_in_order(self) -> ProjectSettings:
        if self.min_stake > self.max_stake:
            raise PydanticCustomError(
                "stakes_out_of_order",
                "min_stake must not be greater than max_stake",
                {"fields": ["min_stake", "max_stake"]},
            )
        return self


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded_at = -1e9
        self.settings = ProjectSettings()
        self.flags: dict[str, bool] = {}


_cache = _Cache()


def _refresh_if_stale() -> None:
    if time.monotonic() - _cache.loaded_at < CACHE_SECONDS:
        return
    with _cache.lock:
        if time.monotonic() - _cache.loaded_at < CACHE_SECONDS:
            return
        with db.transaction() as conn:
            stored = store.stored_settings(conn)
            flags = store.flag_states(conn)
        _cache.settings = settings_from_stored(stored)
        _cache.flags = flags
        _cache.loaded_at = time.monotonic()


def settings_from_stored(stored: dict[str, Any]) -> ProjectSettings:
    """Defaults overridden by the stored values that are still known, valid settings.

    A stored value the current code no longer accepts (a range narrowed since it was
    saved) falls back to its default instead of breaking every request.
    """
    known = {key: value for key, value in stored.items() if key in ProjectSettings.model_fields}
    try:
        return ProjectSettings.model_validate(known)
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        logger.warning("stored settings ignored", settings=sorted(bad) or sorted(known))
        valid = {key: value for key, value in known.items() if key not in bad}
        try:
            return ProjectSettings.model_validate(valid)
        except ValidationError:
            return ProjectSettings()


def project_settings() -> ProjectSettings:
    """The current project-wide settings (cached for at most `CACHE_SECONDS`)."""
    _refresh_if_stale()
    return _cache.settings


def flag_enabled(name: str) -> bool:
    """Whether a feature flag is on; a flag nobody has stored yet takes its default."""
    _refresh_if_stale()
    if name in _cache.flags:
        return _cache.flags[name]
    default = DEFAULT_FLAGS.get(name)
    return default[0] if default is not None else False


def invalidate() -> None:
    """Forget the cached values, so the next read goes to the database."""
    _cache.loaded_at = -1e9
