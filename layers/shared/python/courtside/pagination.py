"""Paginated lists: one envelope and one opaque cursor format for every group.

A page is `{"items": [...], "next_cursor": "..." | null, "limit": n}`. The cursor is
an opaque URL-safe token wrapping whatever position the query needs (an offset or a
keyset); a cursor that cannot be read is a 400 naming the `cursor` parameter.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from courtside.errors import BadRequest

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
"""No list is anywhere near this long; a larger offset is a forged cursor."""


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None
    limit: int


def encode_cursor(position: dict[str, Any]) -> str:
    """An opaque cursor for `position` (JSON-serialisable values)."""
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True, default=str)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    """The position inside a cursor, or None for the first page."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise BadRequest(
            "cursor is not valid", code="invalid_cursor", details={"field": "cursor"}
        ) from exc
    if not isinstance(position, dict):
        raise BadRequest("cursor is not valid", code="invalid_cursor", details={"field": "cursor"})
    return position


def offset_page(items: list[T], *, offset: int, limit: int) -> Page[T]:
    """A page from a query that fetched `limit + 1` rows starting at `offset`."""
    more = len(items) > limit
    next_cursor = encode_cursor({"offset": offset + limit}) if more else None
    return Page[T](items=items[:limit], next_cursor=next_cursor, limit=limit)


def offset_of(cursor: str | None) -> int:
    """The offset an offset-based cursor points at (0 for the first page)."""
    position = decode_cursor(cursor)
    if position is None:
        return 0
    offset = position.get("offset")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise BadRequest("cursor is not valid", code="invalid_cursor", details={"field": "cursor"})
    return offset
