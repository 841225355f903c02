"""`make run`: embedded Postgres, migrations, data, then the web UI and API on one port."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from local import pg

if TYPE_CHECKING:
    from local.scheduler import ResultsScheduler

ROOT = Path(__file__).resolve().parent.parent
LOCAL_DIR = ROOT / ".local"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nba"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make run", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ["COURTSIDE_DATA"]) if os.environ.get("COURTSIDE_DATA") else None,
        help="NBA data directory (COURTSIDE_DATA; default ../shared/data/nba when present)",
    )
    parser.add_argument(
        "--replay-from",
        default=os.environ.get("COURTSIDE_REPLAY_FROM") or "auto",
        metavar="YYYY-MM-DD|auto",
        help="replay the season onto today from this date (COURTSIDE_REPLAY_FROM; "
        "default auto: mid-season, or the date this database was first replayed from)",
    )
    parser.add_argument(
        "--no-replay", action="store_true", help="load the data as it is (all games final)"
    )
    return parser.parse_args(argv)


def load_data(data_dir: Path, replay_from: str | None) -> None:
    """Load (or skip, when unchanged) the data directory; a bad file is reported, not fatal."""
    from argparse import ArgumentTypeError

    from courtside.load import LoadError, load_directory, replay_argument

    try:
        replay = replay_argument(replay_from) if replay_from else None
        report = load_directory(data_dir, replay_from=replay)
    except ArgumentTypeError as exc:
        print(f"data not loaded: --replay-from: {exc}", flush=True)
        return
    except LoadError as exc:
        print(f"data not loaded: {exc.message}", flush=True)
        return
    print(report.summary(), flush=True)


def prepare_environment(local_dir: Path) -> None:
    """Process settings of the local run, before any courtside module reads them."""
    os.environ.setdefault("COURTSIDE_STAGE", "local")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "courtside")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("JWT_KEY_FILE", str(local_dir / "jwt-keys.json"))


def start_results_scheduler() -> ResultsScheduler | None:
    """Results processing every COURTSIDE_RESULTS_INTERVAL seconds (the local schedule)."""
    from local.scheduler import ResultsScheduler, interval_from_environ

    try:
        interval = interval_from_environ()
    except ValueError as exc:
        print(f"results scheduler not started: {exc}", flush=True)
        return None
    print(f"results processing runs every {interval:g} s", flush=True)
    return ResultsScheduler(interval).start()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = args.data or (DEFAULT_DATA if DEFAULT_DATA.is_dir() else None)
    LOCAL_DIR.mkdir(exist_ok=True)
    prepare_environment(LOCAL_DIR)

    _stop_on_termination_signals()
    print("starting the embedded Postgres under .local/pgdata ...", flush=True)
    os.environ["DATABASE_URL"] = pg.start(LOCAL_DIR / "pgdata")
    try:
        return serve(args, data_dir)
    except KeyboardInterrupt:
        return 0
    finally:
        print("stopping the embedded Postgres ...", flush=True)
        pg.stop(LOCAL_DIR / "pgdata")


def _stop_on_termination_signals() -> None:
    """SIGTERM and SIGHUP stop the run as Ctrl-C does, so Postgres is stopped cleanly."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def serve(args: argparse.Namespace, data_dir: Path | None) -> int:
    """Migrate, load, create the first admin, then serve until interrupted."""

    from courtside.migrations import upgrade

    upgrade()
    print("database migrated", flush=True)

    if data_dir is not None and data_dir.is_dir():
        load_data(data_dir, None if args.no_replay else args.replay_from)
    else:
        print(
            "no NBA data directory found: the API starts empty. Load data with\n"
            "  COURTSIDE_DATA=/path/to/nba make run\n"
            "or\n  make load DATA=/path/to/nba",
            flush=True,
        )

    from local.first_admin import create_first_admin

    create_first_admin(LOCAL_DIR)

    from werkzeug.serving import run_simple

    from courtside.settings import get_settings
    from local.gateway import Gateway

    gateway = Gateway(authorizer_ttl_seconds=get_settings().authorizer_cache_seconds)
    scheduler = start_results_scheduler()
    print(
        f"Courtside is up: web UI http://localhost:{args.port}/  "
        f"API http://localhost:{args.port}/v1  docs http://localhost:{args.port}/v1/docs",
        flush=True,
    )
    try:
        run_simple(args.host, args.port, gateway, threaded=True, use_reloader=False)
    finally:
        if scheduler is not None:
            scheduler.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
