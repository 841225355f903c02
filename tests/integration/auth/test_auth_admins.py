"""The first admin of a local run and the account CLI for deployed stages."""

from __future__ import annotations

import io
import json
import os
import stat
import uuid

import pytest
from sqlalchemy import select

from courtside import accounts as cli
from courtside import db
from courtside.domain import accounts
from courtside.errors import Unauthorized
from courtside.http import Principal
from courtside.settings import get_settings
from courtside.tables import ledger, users
from local.first_admin import create_first_admin

pytestmark = pytest.mark.integration


def role_of(username: str) -> str:
    with db.transaction() as conn:
        return str(conn.execute(select(users.c.role).where(users.c.username == username)).scalar())


def test_the_first_start_creates_admin_and_prints_its_password_once(auth_db, tmp_path, capsys):
    password = create_first_admin(tmp_path)
    first = capsys.readouterr().out
    again = create_first_admin(tmp_path)
    second = capsys.readouterr().out

    saved = tmp_path / "admin-password.txt"
    assert password is not None and len(password) >= 20
    assert password in first
    assert saved.read_text() == password + "\n"
    assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600
    assert again is None
    assert password not in second
    assert str(saved) in second
    assert role_of("admin") == "Admin"
    assert accounts.authenticate("admin", password).token_type == "bearer"
    with db.transaction() as conn:
        assert conn.execute(select(ledger.c.kind)).scalars().all() == ["opening"]


def test_create_admin_reads_the_password_from_stdin(auth_db, capsys):
    code = cli.main(["create-admin", "ops"], stdin=io.StringIO("a-long-enough-secret\n"))

    assert code == 0
    assert "created admin ops" in capsys.readouterr().out
    assert role_of("ops") == "Admin"
    assert accounts.authenticate("ops", "a-long-enough-secret").access_token


def test_create_admin_can_generate_the_password(auth_db, capsys):
    code = cli.main(["create-admin", "ops", "--generate"])

    out = capsys.readouterr().out
    password = out.split("password: ")[1].strip()
    assert code == 0
    assert accounts.authenticate("ops", password).access_token


def test_create_admin_reports_bad_input_without_a_traceback(auth_db, capsys):
    code = cli.main(["create-admin", "x", "--generate"])
    taken = (
        cli.main(["create-admin", "ops", "--generate"]),
        cli.main(["create-admin", "OPS", "--generate"]),
    )

    err = capsys.readouterr().err
    assert code == 1
    assert "username: usernames are 3 to 32 characters" in err
    assert taken == (0, 1)
    assert "the username 'OPS' is taken" in err


def test_promote_makes_an_admin_and_revokes_earlier_tokens(auth_db, capsys):
    profile = accounts.create_user("carol", "a-long-enough-secret")
    token = accounts.authenticate("carol", "a-long-enough-secret").access_token
    claims = accounts.authorize_token(token)

    code = cli.main(["promote", "Carol"])

    assert code == 0
    assert role_of("carol") == "Admin"
    caller = Principal(str(profile.user_id), "carol", "Consumer", claims.token_version)
    with pytest.raises(Unauthorized):
        accounts.require_active(caller)
    fresh = accounts.authenticate("carol", "a-long-enough-secret").access_token
    assert accounts.authorize_token(fresh).role == "Admin"


def test_promoting_nobody_is_an_error(auth_db, capsys):
    assert cli.main(["promote", "nobody"]) == 1
    assert "no user named 'nobody'" in capsys.readouterr().err


def test_rotate_key_adds_a_signing_key_to_the_local_file(auth_db, tmp_path, monkeypatch, capsys):
    from courtside.domain import tokens

    path = tmp_path / "keys.json"
    monkeypatch.setenv("JWT_KEY_FILE", str(path))
    get_settings.cache_clear()
    try:
        first = tokens.current_key_set().signing_key.kid
        assert cli.main(["rotate-key"]) == 0
        kids = [key["kid"] for key in json.loads(path.read_text())["keys"]]
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        tokens.forget_keys()

    assert len(kids) == 2 and kids[1] == first
    assert f"new signing key {kids[0]}" in capsys.readouterr().out


def test_require_active_refuses_unknown_users_and_missing_versions(auth_db):
    profile = accounts.create_user("dave", "a-long-enough-secret")
    caller = Principal(str(profile.user_id), "dave", "Consumer", 1)
    assert accounts.require_active(caller).role == "Consumer"

    for stranger in (
        Principal(str(uuid.uuid4()), "ghost", "Consumer", 1),
        Principal("not-a-uuid", "ghost", "Consumer", 1),
        Principal(str(profile.user_id), "dave", "Consumer", None),
    ):
        with pytest.raises(Unauthorized):
            accounts.require_active(stranger)
