"""Builds the OpenAPI document of the whole API from every group's resolver.

`python -m local.openapi` writes it to `functions/meta/openapi.json`, which the
meta function serves; a test fails when the stored document is out of date.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from courtside.routes import GROUPS, ROUTES
from local.functions import FUNCTIONS_DIR, load_module

OUTPUT = FUNCTIONS_DIR / "meta" / "openapi.json"
TITLE = "Courtside API"
VERSION = "1.0.0"
DESCRIPTION = (
    "Open NBA data (teams, standings, games, odds, players) and simulated moneyline "
    "betting. Reads are public; user and admin routes need a bearer token from "
    "POST /v1/token. Data: nba_api (team ids), NBA Betting Data 2007-2025 (scores, "
    "spreads, totals), OddsPortal (moneylines), Basketball-Reference (player averages)."
)


def build_document() -> dict[str, Any]:
    """Merge every group's generated schema and mark the routes that need a token."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for group in GROUPS:
        app = load_module(group).app
        schema = json.loads(app.get_openapi_json_schema(title=TITLE, version=VERSION))
        for path, operations in schema.get("paths", {}).items():
            paths.setdefault(path, {}).update(operations)
        schemas.update(schema.get("components", {}).get("schemas", {}))

    for route in ROUTES:
        operation = paths.get(route.path, {}).get(route.method.lower())
        if operation is not None and route.access != "public":
            operation["security"] = [{"bearerAuth": []}]

    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


def render() -> str:
    return json.dumps(build_document(), indent=1, sort_keys=False) + "\n"


def main() -> int:
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(FUNCTIONS_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
