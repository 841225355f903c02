"""The first admin of a local run: created on first start, its password printed once."""

from __future__ import annotations

import os
from pathlib import Path

ADMIN_USERNAME = "admin"
PASSWORD_FILE = "admin-password.txt"


def create_first_admin(local_dir: Path) -> str | None:
    """Create `admin` when it does not exist yet; print and save (mode 0600) its password.

    Returns the generated password, or None when the account already existed.
    """
    from courtside.domain.accounts import ensure_first_admin

    password = ensure_first_admin(ADMIN_USERNAME)
    path = local_dir / PASSWORD_FILE
    if password is None:
        if path.is_file():
            print(f"admin account: username {ADMIN_USERNAME}, password in {path}", flush=True)
        return None

    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    print(
        f"created the admin account: username {ADMIN_USERNAME}  password {password}\n"
        f"  (shown once; also saved in {path})",
        flush=True,
    )
    return password
