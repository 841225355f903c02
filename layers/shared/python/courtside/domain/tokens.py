"""Access tokens: HS256 JWTs signed with a rotating key set.

A key set is a list of `{"kid", "secret"}` entries, newest first. The newest key
signs; every key in the set verifies, so after a rotation the tokens signed with
the previous key stay valid until they expire (drop the old key from the set after
one token lifetime). The set comes from Secrets Manager when
`settings.jwt_secret_arn` is set (JSON `{"keys": [{"kid": ..., "secret": ...}, ...]}`;
a single `{"kid": ..., "secret": ...}` object is accepted too, which is what a
CDK-generated secret holds), else from the file `settings.jwt_key_file`, generated
with a random key on first use (mode 0600).

Times are checked against `courtside.clock`, not the wall clock, so tests control
expiry. A small leeway is granted on `nbf`/`iat` only, for clock skew between
containers; `exp` is strict.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt

from courtside import clock
from courtside.domain.roles import ROLES
from courtside.errors import Unauthorized, Unavailable
from courtside.settings import get_settings

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ("sub", "username", "role", "iat", "nbf", "exp", "iss", "aud", "jti", "ver")
SKEW_SECONDS = 10
MIN_SECRET_LENGTH = 32
KEPT_FILE_KEYS = 3
UNKNOWN_KID_REFRESH_SECONDS = 30.0
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class InvalidToken(Unauthorized):
    """A token that must not be honoured; `reason` says why (for logs, never for clients)."""

    def __init__(self, reason: str) -> None:
        super().__init__("invalid or expired token", code="invalid_token")
        self.reason = reason


@dataclass(frozen=True)
class SigningKey:
    kid: str
    secret: str


@dataclass(frozen=True)
class KeySet:
    """Keys newest first: the first signs, all verify."""

    keys: tuple[SigningKey, ...]

    @property
    def signing_key(self) -> SigningKey:
        return self.keys[0]

    def find(self, kid: str) -> SigningKey | None:
        for key in self.keys:
            if key.kid == kid:
                return key
        return None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    """What a verified token says about its holder."""

    user_id: uuid.UUID
    username: str
    role: str
    version: int
    token_id: str
    expires_at: datetime


def parse_key_set(raw: str | dict[str, Any]) -> KeySet:
    """A key set from its JSON form; raises ValueError naming what is wrong."""
    document = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(document, dict):
        raise ValueError("the key set must be a JSON object")
    entries = document.get("keys", [document] if "secret" in document else None)
    if not isinstance(entries, list) or not entries:
        raise ValueError('the key set needs a non-empty "keys" list')

    keys = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError("each key must be an object with kid and secret")
        kid, secret = entry.get("kid"), entry.get("secret")
        if not isinstance(kid, str) or not kid:
            raise ValueError("each key needs a non-empty kid")
        if not isinstance(secret, str) or len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(f"key {kid!r} needs a secret of {MIN_SECRET_LENGTH}+ characters")
        keys.append(SigningKey(kid=kid, secret=secret))
    if len({key.kid for key in keys}) != len(keys):
        raise ValueError("key ids must be unique")
    return KeySet(keys=tuple(keys))


def new_key() -> SigningKey:
    """A fresh random key with a random id."""
    return SigningKey(kid=secrets.token_hex(8), secret=secrets.token_urlsafe(48))


def key_set_json(key_set: KeySet) -> str:
    keys = [{"kid": key.kid, "secret": key.secret} for key in key_set.keys]
    return json.dumps({"keys": keys}, indent=1) + "\n"


# ------------------------------------------------------------------ key sources


class _KeyCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key_set: KeySet | None = None
        self.loaded_at = -1e9
        self.last_forced = -1e9


_cache = _KeyCache()


def current_key_set(*, refresh: bool = False) -> KeySet:
    """The key set, cached for `settings.secret_cache_seconds`."""
    max_age = get_settings().secret_cache_seconds
    cached = _cache.key_set
    if not refresh and cached is not None and time.monotonic() - _cache.loaded_at < max_age:
        return cached
    with _cache.lock:
        _cache.key_set = _load_key_set(force=refresh)
        _cache.loaded_at = time.monotonic()
        return _cache.key_set


def forget_keys() -> None:
    """Drop the cached key set (tests, or after rotating the key file)."""
    _cache.key_set = None
    _cache.loaded_at = -1e9
    _cache.last_forced = -1e9


def _load_key_set(*, force: bool) -> KeySet:
    settings = get_settings()
    if settings.jwt_secret_arn:
        from aws_lambda_powertools.utilities import parameters

        try:
            raw = parameters.get_secret(
                settings.jwt_secret_arn,
                max_age=settings.secret_cache_seconds,
                force_fetch=force,
            )
        except parameters.exceptions.GetParameterError as exc:
            raise Unavailable(
                "the token signing key cannot be read", code="signing_key_unavailable"
            ) from exc
        return _parse_or_unavailable(raw)
    if settings.jwt_key_file is not None:
        return _parse_or_unavailable(_read_or_create_key_file(settings.jwt_key_file))
    raise Unavailable("no token signing key is configured", code="signing_key_unavailable")


def _parse_or_unavailable(raw: str) -> KeySet:
    try:
        return parse_key_set(raw)
    except ValueError as exc:
        raise Unavailable(
            "the token signing key is malformed", code="signing_key_unavailable"
        ) from exc


def _read_or_create_key_file(path: Path) -> str:
    """The key file's text, creating it with one random key when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    text = key_set_json(KeySet(keys=(new_key(),)))
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return text


def rotate_key_file(path: Path) -> SigningKey:
    """Put a new signing key in front of the file's keys (keeping the last few to verify)."""
    current = parse_key_set(_read_or_create_key_file(path))
    key = new_key()
    rotated = KeySet(keys=(key, *current.keys)[:KEPT_FILE_KEYS])
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key_set_json(rotated))
    temporary.replace(path)
    forget_keys()
    return key


# ------------------------------------------------------------------ issue and verify


def issue_token(
    *, user_id: uuid.UUID, username: str, role: str, version: int, lifetime_minutes: int
) -> IssuedToken:
    """A signed access token for a user at their current token version."""
    key = current_key_set().signing_key
    settings = get_settings()
    issued_at = int(clock.now().timestamp())
    expires_at = issued_at + lifetime_minutes * 60
    claims = {
        "sub": str(user_id),
        "username": username,
        "role": role,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": expires_at,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "jti": uuid.uuid4().hex,
        "ver": version,
    }
    token = jwt.encode(claims, key.secret, algorithm=ALGORITHM, headers={"kid": key.kid})
    return IssuedToken(
        access_token=token,
        expires_in=lifetime_minutes * 60,
        expires_at=datetime.fromtimestamp(expires_at, UTC),
    )


def decode_token(token: str) -> TokenClaims:
    """The claims of a valid token; `InvalidToken` (with a reason) for anything else."""
    header = _unverified_header(token)
    if header.get("alg") != ALGORITHM:
        raise InvalidToken("algorithm")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("no_key_id")
    key = _verification_key(kid)

    settings = get_settings()
    try:
        payload = jwt.decode(
            token,
            key.secret,
            algorithms=[ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={
                "require": list(REQUIRED_CLAIMS),
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "strict_aud": True,
            },
        )
    except jwt.InvalidSignatureError as exc:
        raise InvalidToken("signature") from exc
    except jwt.InvalidAudienceError as exc:
        raise InvalidToken("audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise InvalidToken("issuer") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise InvalidToken("claims") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken("malformed") from exc

    claims = _typed_claims(payload)
    now = clock.now().timestamp()
    if payload["exp"] <= now:
        raise InvalidToken("expired")
    if payload["nbf"] > now + SKEW_SECONDS or payload["iat"] > now + SKEW_SECONDS:
        raise InvalidToken("not_yet_valid")
    return claims


def _unverified_header(token: str) -> dict[str, Any]:
    """The JOSE header, read cheaply to pick the key (pyjwt then parses and checks it all)."""
    if not isinstance(token, str) or not _COMPACT_JWS.fullmatch(token):
        raise InvalidToken("malformed")
    segment = token[: token.index(".")]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error) as exc:
        raise InvalidToken("malformed") from exc
    if not isinstance(header, dict):
        raise InvalidToken("malformed")
    return header


def _verification_key(kid: str) -> SigningKey:
    """The key named `kid`; re-reads the key set once in a while for a kid it does not know."""
    key = current_key_set().find(kid)
    if key is not None:
        return key
    if time.monotonic() - _cache.last_forced >= UNKNOWN_KID_REFRESH_SECONDS:
        _cache.last_forced = time.monotonic()
        key = current_key_set(refresh=True).find(kid)
        if key is not None:
            return key
    raise InvalidToken("unknown_key")


def _typed_claims(payload: dict[str, Any]) -> TokenClaims:
    try:
        user_id = uuid.UUID(str(payload["sub"]))
    except ValueError as exc:
        raise InvalidToken("claims") from exc
    version, username, role = payload["ver"], payload["username"], payload["role"]
    times = (payload["exp"], payload["nbf"], payload["iat"])
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not isinstance(username, str)
        or role not in ROLES
        or not isinstance(payload["jti"], str)
        or not all(isinstance(t, int | float) and not isinstance(t, bool) for t in times)
    ):
        raise InvalidToken("claims")
    return TokenClaims(
        user_id=user_id,
        username=username,
        role=role,
        version=version,
        token_id=payload["jti"],
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
    )
