"""One exception hierarchy for every failure a client can be told about.

Each class carries its HTTP status and a stable machine-readable code; the handler
toolkit (`courtside.http`) maps them to JSON error bodies in one place.
"""

from __future__ import annotations

from typing import Any


class CourtsideError(Exception):
    """Base of every error the API reports to its caller."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details
        self.headers: dict[str, str] = {}


class BadRequest(CourtsideError):
    status = 400
    code = "bad_request"


class Unauthorized(CourtsideError):
    status = 401
    code = "unauthorized"


class Forbidden(CourtsideError):
    status = 403
    code = "forbidden"


class NotFound(CourtsideError):
    status = 404
    code = "not_found"


class Conflict(CourtsideError):
    status = 409
    code = "conflict"


class ValidationFailed(CourtsideError):
    status = 422
    code = "validation_failed"


class TooManyRequests(CourtsideError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(message, code=code, details={"retry_after": retry_after})
        self.headers["Retry-After"] = str(retry_after)


class Unavailable(CourtsideError):
    status = 503
    code = "unavailable"
