"""Read API benchmarks: cold start, warm latency and the SQL behind each read function.

    python -m bench.read_api [--iterations 2000] [--cold-starts 5]

Over the real 2023-24 data (loaded as it is into `.local/bench-pgdata`, database
`courtside_bench`), for each read function's main routes:

- cold start: a fresh Python process imports `functions/<group>/handler.py` and serves
  the route once (median of `--cold-starts` processes; target under 400 ms);
- warm p50/p99: the same container serving the route again and again, in-process with
  API Gateway events (target p50 under 1 ms for standings, teams and games-by-date);
  cached routes are also measured with the in-process read cache off ("miss"), which
  is what the first request after each data change costs;
- bare SQL: the route's main statement on a plain driver connection, and the data
  version lookup every cached read makes (one primary-key read).

Then the unzipped size of the shared layer (target under 30 MB).
"""

# NOTE: the cold-start target (400 ms) is not met here: importing pydantic, Powertools
# with validation, the X-Ray SDK, SQLAlchemy and pg8000 alone takes about 1.2 s on this
# 2-core machine class. In AWS the API functions run with SnapStart (cdk/functions.py),
# which moves that init out of the cold start; that is not measurable here.

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from bench import common

P50_TARGET_MS = 1.0
COLD_TARGET_MS = 400.0
LAYER_TARGET_MB = 30.0
DAY = "2024-01-15"
GAME = "20240115-SAS-ATL"


@dataclass(frozen=True)
class Case:
    group: str
    method: str
    path: str
    query: dict[str, str] | None = None
    cached: bool = False
    target: bool = False
    """Part of the 1 ms warm p50 target."""


CASES = (
    Case("teams", "GET", "/v1/teams", cached=True, target=True),
    Case("teams", "GET", "/v1/teams/BOS"),
    Case("games", "GET", "/v1/standings", cached=True, target=True),
    Case("games", "GET", "/v1/games", {"date": DAY}, cached=True, target=True),
    Case("games", "GET", f"/v1/games/{GAME}"),
    Case("odds", "GET", "/v1/odds", {"date": DAY}, cached=True),
    Case("odds", "GET", f"/v1/games/{GAME}/odds"),
    Case("players", "GET", "/v1/players", {"sort": "pts", "order": "desc", "limit": "50"}),
    Case("players", "GET", "/v1/players", {"q": "jokic"}),
    Case("players", "GET", "/v1/players/leaders", {"stat": "pts"}),
    Case("meta", "GET", "/v1/health"),
    Case("predictions", "GET", "/v1/predictions/leaderboard"),
)


def label(case: Case) -> str:
    query = "&".join(f"{k}={v}" for k, v in (case.query or {}).items())
    return f"{case.path}?{query}" if query else case.path


def main_statement(case: Case) -> Any:
    """The statement behind a route (None when there is no single one worth showing)."""
    from datetime import date

    from courtside.store import games, odds, players, teams
    from courtside.tables import teams as teams_table

    day = date.fromisoformat(DAY)
    if case.path == "/v1/teams":
        return teams_table.select().order_by(teams_table.c.abbreviation)
    if case.path == "/v1/standings":
        return _captured(lambda conn: games.regular_season_games(conn, "2023-24"))
    if case.path == "/v1/games":
        where = games.GameFilter(day=day)
        return _captured(lambda conn: games.find_games(conn, where, offset=0, limit=51))
    if case.path == f"/v1/games/{GAME}":
        return _captured(lambda conn: games.game_by_id(conn, GAME))
    if case.path == "/v1/odds":
        where = games.GameFilter(day=day)
        return _captured(lambda conn: games.find_games(conn, where, offset=0, limit=51))
    if case.path == f"/v1/games/{GAME}/odds":
        return _captured(lambda conn: odds.snapshots_of(conn, GAME, offset=0, limit=51))
    if case.path == "/v1/teams/BOS":
        return _captured(lambda conn: teams.team_by_abbreviation(conn, "BOS"))
    if case.path == "/v1/players" and case.query and "sort" in case.query:
        return _captured(
            lambda conn: players.find_players(
                conn,
                season="2023-24",
                team=None,
                position=None,
                words=[],
                sort="pts",
                descending=True,
                offset=0,
                limit=51,
            )
        )
    if case.path == "/v1/players/leaders":
        return _captured(
            lambda conn: players.leaders(
                conn, season="2023-24", stat="pts", min_games=42, offset=0, limit=51
            )
        )
    if case.path == "/v1/health":
        return "SELECT max(season) FROM nba.games"
    return None


def _captured(run: Any) -> str | None:
    """The SQL (parameters inlined) a store function sends, captured from the engine."""
    from sqlalchemy import event

    from courtside import db

    statements: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        statements.append(_inline(statement, parameters))

    engine = db.get_read_engine()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with db.read() as conn:
            run(conn)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return statements[-1] if statements else None


def _inline(statement: str, parameters: Any) -> str:
    """pg8000 uses the `format` paramstyle: put the literal values back in."""
    from datetime import date, datetime

    def literal(value: Any) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, date | datetime):
            return f"'{value.isoformat()}'"
        return "'" + str(value).replace("'", "''") + "'"

    values = tuple(literal(v) for v in (parameters or ()))
    return statement % values if values else statement


def run(iterations: int, cold_starts: int) -> None:
    common.quiet_environment()
    print("read API benchmark: preparing the database ...", flush=True)
    common.prepare_nba_database()

    from courtside.domain.readcache import cache
    from courtside.store.load_state import DATA_STATE_SQL

    version_sql = common.bare_sql(DATA_STATE_SQL, n=iterations // 2)
    rows = []
    cold_by_group: dict[str, common.ColdStart] = {}
    for case in CASES:
        if not common.handler_exists(case.group):
            rows.append([case.group, label(case), "not built yet", "", "", "", "", ""])
            continue
        event = common.api_event(case.method, case.path, query=case.query)
        handler = common.load_handler(case.group)

        cache.enabled = True
        hit = common.warm(handler, event, iterations)
        miss = None
        if case.cached:
            cache.enabled = False
            miss = common.warm(handler, event, max(200, iterations // 10))
            cache.enabled = True
        statement = main_statement(case)
        sql = None
        if statement is not None:
            sql = common.bare_sql(statement, n=max(200, iterations // 4))
        cold = None
        if case.group not in cold_by_group or case.target:
            cold = common.cold_start(case.group, event, repeats=cold_starts)
            cold_by_group.setdefault(case.group, cold)

        mark = ""
        if case.target:
            mark = " ok" if hit.p50 < P50_TARGET_MS else " MISSED"
        rows.append(
            [
                case.group,
                label(case),
                common.ms(cold.total_ms) if cold else "",
                common.ms(cold.import_ms) if cold else "",
                common.ms(hit.p50) + mark,
                common.ms(hit.p99),
                common.ms(miss.p50) if miss else "",
                common.ms(sql.p50) if sql else "",
            ]
        )
        print(f"  measured {case.group} {label(case)}", flush=True)

    common.print_table(
        "Read API (ms; cold = fresh process: import + first call, median; warm in-process)",
        ["function", "route", "cold", "import", "warm p50", "warm p99", "p50 miss", "SQL p50"],
        rows,
    )
    print(
        f"data version lookup (the one query of a cached read): {version_sql}\n"
        f"targets: warm p50 < {P50_TARGET_MS} ms (teams, standings, games by date), "
        f"cold < {COLD_TARGET_MS:.0f} ms\n",
        flush=True,
    )
    for group, cold in cold_by_group.items():
        heavy = sorted(
            set(cold.modules) & {"boto3", "botocore", "jwt", "bcrypt", "aws_xray_sdk", "alembic"}
        )
        samples = ", ".join(common.ms(s) for s in cold.samples)
        print(f"  {group}: cold samples {samples}; heavy modules loaded: {heavy or 'none'}")

    steps = [
        "pydantic",
        "aws_lambda_powertools.event_handler+"
        "aws_lambda_powertools.event_handler.middlewares.openapi_validation",
        "aws_lambda_powertools.logging+aws_lambda_powertools.metrics",
        "aws_xray_sdk.core",
        "sqlalchemy+sqlalchemy.dialects.postgresql",
        "pg8000",
        "courtside.http+courtside.db+courtside.tables",
        "courtside.domain.standings+courtside.domain.games",
    ]
    breakdown = common.import_breakdown(steps, repeats=cold_starts)
    common.print_table(
        "Where a cold start goes: import cost of each layer, in this order (median ms)",
        ["modules", "ms"],
        [
            [step.replace("aws_lambda_powertools", "powertools"), common.ms(cost)]
            for step, cost in breakdown
        ],
    )

    try:
        size, how = common.layer_size_mb()
        verdict = "ok" if size < LAYER_TARGET_MB else "over the target"
        print(f"\nshared layer, unzipped: {size:.1f} MB ({how}; target < 30 MB: {verdict})")
    except Exception as exc:  # noqa: BLE001 - offline: report, do not fail the run
        print(f"\nshared layer size not measured: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.read_api", description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--cold-starts", type=int, default=5)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    run(args.iterations, args.cold_starts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
