"""Account administration from a shell, for deployed stages and local use.

    python -m courtside.accounts create-admin USERNAME [--generate]
    python -m courtside.accounts promote USERNAME
    python -m courtside.accounts rotate-key

`create-admin` prompts for the password on a terminal, reads one line from standard
input otherwise (`echo "$PW" | python -m courtside.accounts create-admin ops`), or
generates one with `--generate` and prints it once. The database comes from the usual
settings (`DATABASE_URL`, or `DATABASE_SECRET_ARN` with AWS credentials). `rotate-key`
puts a new signing key in front of the local key file (`JWT_KEY_FILE`); deployed
stages rotate the Secrets Manager secret instead.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from courtside.errors import CourtsideError


def read_password(stdin: TextIO) -> str:
    """The new password: prompted twice on a terminal, else the first line of stdin."""
    if stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise SystemExit("the passwords differ")
        return first
    return stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None, stdin: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m courtside.accounts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create an Admin account")
    create.add_argument("username")
    create.add_argument("--generate", action="store_true", help="generate the password")
    promote = commands.add_parser("promote", help="make an existing account an Admin")
    promote.add_argument("username")
    commands.add_parser("rotate-key", help="add a new signing key to the local key file")
    args = parser.parse_args(argv)

    from courtside.domain import accounts, passwords

    try:
        if args.command == "create-admin":
            generated = args.generate
            password = (
                passwords.generate_password() if generated else read_password(stdin or sys.stdin)
            )
            profile = accounts.create_admin(args.username, password)
            print(f"created admin {profile.username} ({profile.user_id})")
            if generated:
                print(f"password: {password}")
        elif args.command == "promote":
            profile = accounts.promote(args.username)
            print(f"{profile.username} is now an Admin; their earlier tokens are revoked")
        else:
            return _rotate_key()
    except CourtsideError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        details = exc.details if isinstance(exc.details, list) else []
        for detail in details:
            print(f"  {detail.get('field')}: {detail.get('message')}", file=sys.stderr)
        return 1
    return 0


def _rotate_key() -> int:
    from courtside.domain import tokens
    from courtside.settings import get_settings

    path = get_settings().jwt_key_file
    if path is None:
        print("error: JWT_KEY_FILE is not set (deployed stages rotate the secret)", file=sys.stderr)
        return 1
    key = tokens.rotate_key_file(path)
    print(f"new signing key {key.kid}; earlier keys still verify until their tokens expire")
    return 0


if __name__ == "__main__":
    sys.exit(main())
