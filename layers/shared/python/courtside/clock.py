"""The current time, in one place so tests and the local replay can control it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """Timezone-aware UTC now (possibly frozen or shifted by tests)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC) + _offset


def freeze(at: datetime) -> None:
    """Stop the clock at `at` (tests)."""
    global _frozen
    if at.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    _frozen = at.astimezone(UTC)


def advance(delta: timedelta) -> None:
    """Move a frozen clock forward, or shift the running one."""
    global _frozen, _offset
    if _frozen is not None:
        _frozen = _frozen + delta
    else:
        _offset += delta


def reset() -> None:
    """Back to the real time."""
    global _frozen, _offset
    _frozen = None
    _offset = timedelta(0)
