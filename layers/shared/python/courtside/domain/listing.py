"""Typed pages for list reads (the `courtside.pagination` envelope and offset cursors)."""

from __future__ import annotations

from typing import Any, TypeVar

from courtside.pagination import Page, encode_cursor

P = TypeVar("P", bound=Page[Any])


def page_of(page_type: type[P], items: list[Any], *, offset: int, limit: int, **extra: Any) -> P:
    """A `page_type` from a query that fetched up to `limit + 1` items starting at `offset`
    (the extra item only tells that there is a next page)."""
    more = len(items) > limit
    next_cursor = encode_cursor({"offset": offset + limit}) if more else None
    return page_type(items=items[:limit], next_cursor=next_cursor, limit=limit, **extra)
