"""JSON responses for read routes, serialised by pydantic in one step.

Powertools turns a returned model into Python data and then into JSON with the standard
library; `model_dump_json` does both in pydantic's Rust core, about eight times faster
for a standings table (0.08 ms against 0.7 ms here). Routes using it return
`Response[str]` and declare their model with `responses=ok(Model)`, so the OpenAPI
document still describes the body.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel

JSON_TYPE = "application/json"


def json_ok(model: BaseModel, status: int = 200) -> Response[str]:
    """A response (200 unless told) whose body is `model` as JSON."""
    return Response(status, JSON_TYPE, model.model_dump_json())


def ok(
    model: type[BaseModel], description: str = "Successful response", status: int = 200
) -> dict[int, Any]:
    """The `responses=` of a route answering `model` (with a 200 unless told)."""
    return {status: {"description": description, "content": {JSON_TYPE: {"model": model}}}}
