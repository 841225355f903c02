"""Password rules and bcrypt hashing: length limits, never a silent truncation."""

from __future__ import annotations

import bcrypt

from courtside.domain import passwords


def test_short_passwords_are_refused():
    assert passwords.password_problem("1234567") == "passwords need at least 8 characters"
    assert passwords.password_problem("12345678") is None


def test_the_72_byte_limit_counts_utf8_bytes_not_characters():
    assert passwords.password_problem("é" * 36) is None  # 72 bytes
    problem = passwords.password_problem("é" * 37)  # 37 characters, 74 bytes
    assert problem is not None and "at most 72 bytes" in problem
    assert passwords.password_problem("x" * 73) == problem


def test_a_hash_uses_bcrypt_with_its_own_salt_and_the_configured_cost():
    first = passwords.hash_password("correct horse")
    second = passwords.hash_password("correct horse")

    assert first != second  # a random salt per hash
    assert first.startswith("$2b$04$")  # BCRYPT_ROUNDS=4 in the tests
    assert passwords.verify_password("correct horse", first)
    assert not passwords.verify_password("correct horsf", first)


def test_passwords_sharing_72_bytes_are_not_confused():
    # bcrypt itself would compare only the first 72 bytes; the 73rd byte must matter.
    stored = passwords.hash_password("a" * 72)

    assert not passwords.verify_password("a" * 72 + "b", stored)


def test_verification_still_spends_a_hash_on_unusable_input(monkeypatch):
    calls = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda pw, h: calls.append(1) or real(pw, h))

    assert not passwords.verify_password("x" * 100, passwords.hash_password("correct horse"))
    assert not passwords.verify_password("correct horse", "not a bcrypt hash")
    passwords.burn_verification()

    assert len(calls) == 3
