"""Password rules and bcrypt hashing.

bcrypt only ever reads the first 72 bytes of a password. Rather than truncate silently
(two different long passwords sharing a prefix would then both work) or pre-hash
(which ties the stored hashes to one more scheme), passwords longer than 72 UTF-8
bytes are rejected with a 422 that says so. The cost factor comes from
`settings.bcrypt_rounds`; the salt is bcrypt's own, random per hash.
"""

from __future__ import annotations

import secrets
from functools import cache

import bcrypt

from courtside.settings import get_settings

MIN_LENGTH = 8
MAX_BYTES = 72


def password_problem(password: str) -> str | None:
    """Why `password` cannot be used, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"passwords need at least {MIN_LENGTH} characters"
    if len(password.encode("utf-8")) > MAX_BYTES:
        return (
            f"passwords can be at most {MAX_BYTES} bytes in UTF-8 (bcrypt reads no more); "
            "use a shorter passphrase"
        )
    if "\x00" in password:
        return "passwords cannot contain NUL characters"
    return None


def hash_password(password: str) -> str:
    """A bcrypt hash of an acceptable password, at the configured cost."""
    salt = bcrypt.gensalt(rounds=get_settings().bcrypt_rounds)
    return bcrypt.hashpw(password.encode("utf-8"), salt).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """Whether `password` matches the hash. Never raises for a bad password or hash."""
    data = password.encode("utf-8")
    if len(data) > MAX_BYTES or b"\x00" in data:
        # Still spend a hash's worth of time, so the answer does not reveal the reason.
        bcrypt.checkpw(b"not-the-password", _dummy_hash())
        return False
    try:
        return bcrypt.checkpw(data, password_hash.encode("ascii"))
    except ValueError:
        return False


def burn_verification() -> None:
    """Spend the time a password check takes, for a user that does not exist."""
    bcrypt.checkpw(b"not-the-password", _dummy_hash())


@cache
def _dummy_hash() -> bytes:
    """A hash of a random password at the configured cost (made once per container)."""
    salt = bcrypt.gensalt(rounds=get_settings().bcrypt_rounds)
    return bcrypt.hashpw(secrets.token_urlsafe(16).encode("ascii"), salt)


def generate_password() -> str:
    """A random password for accounts created by the system (the first admin)."""
    return secrets.token_urlsafe(18)
