"""In-process cache of public read results, valid while the data version is unchanged.

Public NBA data changes only when the loader or results processing writes it; statement
triggers then bump `nba.load_state.data_version` (see `courtside.store.load_state`). A
read first fetches that version (one primary-key lookup, which the request needs anyway
for the default season) and reuses a result computed at the same version, so a warm
container answers a repeated standings or schedule request without recomputing it, and
never serves data older than the committed version it just read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 256


class VersionedCache:
    """A small LRU of (key -> (version, value)); a different version is a miss."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.enabled = True
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, version: int, compute: Callable[[], T]) -> T:
        """The cached value of `key` at `version`, computing and keeping it on a miss."""
        if self.enabled:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] == version:
                    self._entries.move_to_end(key)
                    value: T = entry[1]
                    return value
        value = compute()
        if self.enabled:
            with self._lock:
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


cache = VersionedCache()
"""The process's cache of public reads (benchmarks turn it off to measure misses)."""
