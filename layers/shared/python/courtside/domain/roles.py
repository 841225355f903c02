"""The two roles an account can have."""

from __future__ import annotations

from typing import Literal

ADMIN = "Admin"
CONSUMER = "Consumer"
ROLES = (ADMIN, CONSUMER)

Role = Literal["Admin", "Consumer"]
