"""Loads the Lambda handlers from `functions/<group>/handler.py` as the Lambda runtime would."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS_DIR = ROOT / "functions"

LambdaHandler = Callable[[dict[str, Any], Any], Any]


@cache
def load_module(group: str) -> Any:
    """Import `functions/<group>/handler.py` under a name of its own."""
    path = FUNCTIONS_DIR / group / "handler.py"
    spec = importlib.util.spec_from_file_location(f"courtside_functions.{group}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no handler for group {group!r} at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def load_handler(group: str) -> LambdaHandler:
    """The `lambda_handler` of a group."""
    handler: LambdaHandler = load_module(group).lambda_handler
    return handler


class LambdaContext:
    """Just enough of the Lambda context object for Powertools."""

    def __init__(self, group: str, request_id: str) -> None:
        self.function_name = f"courtside-local-{group}"
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{group}"
        self.memory_limit_in_mb = 512
        self.aws_request_id = request_id
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000
