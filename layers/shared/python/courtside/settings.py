"""Process settings, read once from the environment.

Every value the code needs from its surroundings comes through `get_settings()`;
nothing else reads `os.environ`. Project-wide settings that admins change at run
time (stakes, bankroll, ...) live in the database instead, see `courtside.domain.config`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

_ENV_NAMES = {
    "stage": "COURTSIDE_STAGE",
    "database_url": "DATABASE_URL",
    "database_secret_arn": "DATABASE_SECRET_ARN",
    "database_host": "DATABASE_HOST",
    "jwt_secret_arn": "JWT_SECRET_ARN",
    "jwt_key_file": "JWT_KEY_FILE",
    "jwt_issuer": "JWT_ISSUER",
    "jwt_audience": "JWT_AUDIENCE",
    "bcrypt_rounds": "BCRYPT_ROUNDS",
    "authorizer_cache_seconds": "AUTHORIZER_CACHE_SECONDS",
    "results_function_name": "RESULTS_FUNCTION_NAME",
    "data_dir": "COURTSIDE_DATA",
    "public_cache_seconds": "PUBLIC_CACHE_SECONDS",
    "secret_cache_seconds": "SECRET_CACHE_SECONDS",
}


class Settings(BaseModel):
    """Settings of one process (a Lambda container or the local server)."""

    stage: str = "local"
    database_url: str | None = None
    database_secret_arn: str | None = None
    database_host: str | None = None
    """Overrides the secret's host (the RDS Proxy endpoint in front of an Aurora cluster)."""
    jwt_secret_arn: str | None = None
    jwt_key_file: Path | None = None
    jwt_issuer: str = "courtside"
    jwt_audience: str = "courtside-api"
    bcrypt_rounds: int = Field(default=12, ge=4, le=31)
    authorizer_cache_seconds: int = Field(default=300, ge=0, le=3600)
    results_function_name: str | None = None
    data_dir: Path | None = None
    public_cache_seconds: int = Field(default=30, ge=0)
    secret_cache_seconds: int = Field(default=300, ge=0)

    @classmethod
    def from_environ(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables (unset ones keep their defaults)."""
        env = os.environ if environ is None else environ
        values = {field: env[name] for field, name in _ENV_NAMES.items() if env.get(name)}
        return cls.model_validate(values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings.from_environ()
