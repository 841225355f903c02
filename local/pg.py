"""The embedded Postgres of the local run (the `pgserver` package), kept under `.local/`."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

DATABASE = "courtside"


def start(data_dir: Path, *, database: str = DATABASE, cleanup_mode: str | None = "stop") -> str:
    """Start (or reuse) the server in `data_dir`; return a pg8000 URL of `database`."""
    import pgserver

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", database):
        raise ValueError(f"not a plain database name: {database!r}")
    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(data_dir)
    server: Any = pgserver.get_server(data_dir, cleanup_mode=cleanup_mode)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    socket = Path(server.get_uri().split("host=", 1)[1].split("&", 1)[0]) / ".s.PGSQL.5432"
    _SERVERS[str(data_dir)] = server
    return f"postgresql+pg8000://postgres@/{database}?unix_sock={socket}"


def stop(data_dir: Path) -> None:
    """Stop the server started for `data_dir`, if this process started it."""
    server = _SERVERS.pop(str(data_dir), None)
    if server is not None:
        server.cleanup()


_SERVERS: dict[str, Any] = {}


def _forget_dead_handles(data_dir: Path) -> None:
    """Drop processes that died without letting go of the server from pgserver's list.

    pgserver stops the server when its last handle closes; a handle left by a process
    that was killed would otherwise keep every later run from stopping it.
    """
    handles = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and _is_running(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
