"""`python -m courtside.load --data DIR`: load the NBA pipeline's files into the database.

The database comes from DATABASE_URL (or the configured secret). Examples:

    python -m courtside.load --data ../shared/data/nba
    python -m courtside.load --data ../shared/data/nba --season 2023-24
    python -m courtside.load --data ../shared/data/nba --replay-from auto

A bad file stops the load with its file, line and reason (exit status 2) and leaves the
database untouched. The same `load_directory` serves `make run` and the `ingest` function.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from courtside.errors import Unavailable
from courtside.loader import LoadError, LoadReport, load_directory

__all__ = ["LoadError", "LoadReport", "load_directory", "main"]


def replay_argument(value: str) -> date | str:
    """`auto` or a date (YYYY-MM-DD)."""
    if value == "auto":
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not 'auto' or a YYYY-MM-DD date") from exc


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m courtside.load", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the data directory")
    parser.add_argument(
        "--season",
        action="append",
        dest="seasons",
        metavar="YYYY-YY",
        help="load only this season (repeatable; default: every season directory)",
    )
    parser.add_argument(
        "--replay-from",
        type=replay_argument,
        default=None,
        metavar="YYYY-MM-DD|auto",
        help="replay the season onto today's calendar from this date (auto: mid-season)",
    )
    parser.add_argument(
        "--force", action="store_true", help="reload files even when their content is unchanged"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        report = load_directory(
            args.data, seasons=args.seasons, replay_from=args.replay_from, force=args.force
        )
    except LoadError as exc:
        print(f"load failed, nothing was written: {exc.message}", file=sys.stderr)
        for problem in exc.problems[1:]:
            print(f"  also: {problem}", file=sys.stderr)
        return 2
    except Unavailable as exc:
        print(f"load failed: {exc.message} (set DATABASE_URL)", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
