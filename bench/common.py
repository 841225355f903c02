"""The benchmark harness: an embedded Postgres with the real data, handlers invoked the way
Lambda invokes them, and aligned tables.

    from bench import common

    common.quiet_environment()
    common.prepare_nba_database()          # .local/bench-pgdata, migrated, data loaded
    event = common.api_event("GET", "/v1/standings")
    handler = common.load_handler("games")
    print(common.warm(handler, event))     # p50/p99 in ms, in-process
    print(common.cold_start("games", event))  # fresh processes, median of 5
    print(common.bare_sql("SELECT 1"))     # the same statistics for one statement

Timings are wall-clock milliseconds on this machine; no assertion depends on them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYER_SOURCE = ROOT / "layers" / "shared" / "python"
FUNCTIONS_DIR = ROOT / "functions"
PGDATA = ROOT / ".local" / "bench-pgdata"
DATABASE = "courtside_bench"
DATA_DIR = Path(os.environ.get("COURTSIDE_DATA") or ROOT.parent / "shared" / "data" / "nba")


def quiet_environment() -> None:
    """Process settings of a benchmark, before any courtside module reads them."""
    os.environ.setdefault("COURTSIDE_STAGE", "bench")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    for path in (str(ROOT), str(LAYER_SOURCE)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import warnings

    warnings.filterwarnings("ignore", message="No application metrics to publish")


# ------------------------------------------------------------------ statistics


@dataclass(frozen=True)
class Stats:
    """Milliseconds: median, 99th percentile and the number of samples."""

    p50: float
    p99: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        return cls(p50=percentile(samples, 0.50), p99=percentile(samples, 0.99), n=len(samples))

    def __str__(self) -> str:
        return f"p50 {ms(self.p50)} ms, p99 {ms(self.p99)} ms (n={self.n})"


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float | None) -> str:
    """A duration for a table: three significant digits."""
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def timed(call: Callable[[], Any], n: int, *, warmup: int = 0) -> list[float]:
    """Milliseconds per call, after `warmup` untimed calls."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


# ------------------------------------------------------------------ database


def start_database(database: str = DATABASE) -> str:
    """Start (or reuse) the embedded Postgres under .local/bench-pgdata, migrate `database`
    and make it the process's database; returns its URL."""
    from local import pg

    url = pg.start(PGDATA, database=database)
    use_database(url)

    from courtside.migrations import upgrade

    upgrade()
    return url


def use_database(url: str) -> None:
    from courtside import db
    from courtside.settings import get_settings

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    db.reset_engine()


def prepare_nba_database(database: str = DATABASE, data_dir: Path = DATA_DIR) -> str:
    """`start_database` plus the real data, loaded as it is (skipped when unchanged)."""
    url = start_database(database)

    from courtside.load import load_directory

    report = load_directory(data_dir)
    print(f"  {report.summary()}", flush=True)
    return url


def bare_sql(sql: Any, params: dict[str, Any] | None = None, *, n: int = 500) -> Stats:
    """One statement on a plain driver connection in autocommit (execute and fetch all):
    the floor under any handler that needs it. `sql` is text or a SQLAlchemy statement,
    which is compiled with its parameters inlined."""
    if not isinstance(sql, str):
        from sqlalchemy.dialects import postgresql

        sql = str(sql.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    from courtside import db

    connection = db.get_read_engine().raw_connection()
    try:
        cursor = connection.cursor()

        def run() -> None:
            cursor.execute(sql, params) if params else cursor.execute(sql)
            cursor.fetchall()

        return Stats.of(timed(run, n, warmup=min(50, n)))
    finally:
        connection.close()


# ------------------------------------------------------------------ handlers and events


class LambdaContext:
    """Just enough of Lambda's context object for Powertools."""

    def __init__(self, group: str) -> None:
        self.function_name = f"courtside-bench-{group}"
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:eu-west-1:000000000000:function:{group}"
        self.memory_limit_in_mb = 1024
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 30_000


def handler_exists(group: str) -> bool:
    return (FUNCTIONS_DIR / group / "handler.py").is_file()


def load_handler(group: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The group's `lambda_handler`, bound to a context: call it with an event."""
    from local.functions import load_module

    handler = load_module(group).lambda_handler
    context = LambdaContext(group)

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = handler(event, context)
        return result

    return invoke


def api_event(
    method: str,
    path: str,
    *,
    query: dict[str, str] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    authorizer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event for `path`, its resource found in the route table."""
    from courtside.routes import ROUTES

    route, params = _match(ROUTES, method, path)
    all_headers = {"Accept": "application/json", **(headers or {})}
    raw_body = None if body is None else (body if isinstance(body, str) else json.dumps(body))
    if raw_body is not None:
        all_headers.setdefault("Content-Type", "application/json")
    request_id = str(uuid.uuid4())
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": params or None,
        "stageVariables": None,
        "body": raw_body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourceId": "bench",
            "resourcePath": route.path,
            "httpMethod": method,
            "path": f"/prod{path}",
            "stage": "prod",
            "requestId": request_id,
            "accountId": "000000000000",
            "apiId": "bench",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "bench"},
            "authorizer": authorizer,
        },
    }


def _match(routes: Sequence[Any], method: str, path: str) -> tuple[Any, dict[str, str]]:
    parts = path.strip("/").split("/")
    for route in routes:
        pattern = route.path.strip("/").split("/")
        if route.method != method or len(pattern) != len(parts):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("{"):
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            return route, params
    raise ValueError(f"no route for {method} {path}")


def warm(
    handler: Callable[[dict[str, Any]], dict[str, Any]],
    event: dict[str, Any],
    n: int = 2000,
    *,
    warmup: int = 100,
) -> Stats:
    """In-process latency of one route, after `warmup` calls (the container is warm)."""
    status = handler(event)["statusCode"]
    if not 200 <= status < 300:
        raise RuntimeError(f"{event['httpMethod']} {event['path']} answered {status}")
    return Stats.of(timed(lambda: handler(event), n, warmup=warmup))


_COLD_START = r"""
import json, sys, time
started = time.perf_counter()
sys.path[:0] = [sys.argv[1], sys.argv[2], sys.argv[3]]
import handler
imported = time.perf_counter()

class Context:
    function_name = "courtside-bench-cold"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:000000000000:function:cold"
    memory_limit_in_mb = 1024
    aws_request_id = "cold-start"
    log_group_name = "/aws/lambda/cold"
    log_stream_name = "bench"
    def get_remaining_time_in_millis(self):
        return 30000

event = json.loads(sys.stdin.read())
result = handler.lambda_handler(event, Context())
finished = time.perf_counter()
print(json.dumps({
    "import_ms": (imported - started) * 1000,
    "first_ms": (finished - imported) * 1000,
    "status": result["statusCode"],
    "modules": sorted(name for name in sys.modules if "." not in name),
}))
"""


@dataclass(frozen=True)
class ColdStart:
    """Medians over fresh processes: import of the handler, its first invocation, both."""

    import_ms: float
    first_ms: float
    total_ms: float
    samples: tuple[float, ...]
    modules: tuple[str, ...]


def cold_start(group: str, event: dict[str, Any], *, repeats: int = 5) -> ColdStart:
    """A fresh `python` per sample imports `functions/<group>/handler.py` (Lambda's init)
    and serves `event` once; measured inside the process, so the interpreter's own start
    is not counted (Lambda's runtime start is not part of a function's init either)."""
    imports, firsts, totals = [], [], []
    modules: tuple[str, ...] = ()
    for _ in range(repeats):
        completed = subprocess.run(
            [
                sys.executable,
                "-c",
                _COLD_START,
                str(FUNCTIONS_DIR / group),
                str(LAYER_SOURCE),
                str(ROOT),
            ],
            input=json.dumps(event),
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"cold start of {group} failed:\n{completed.stderr[-2000:]}")
        sample = json.loads(completed.stdout.strip().splitlines()[-1])
        if not 200 <= sample["status"] < 300:
            raise RuntimeError(f"cold start of {group} answered {sample['status']}")
        imports.append(sample["import_ms"])
        firsts.append(sample["first_ms"])
        totals.append(sample["import_ms"] + sample["first_ms"])
        modules = tuple(sample["modules"])
    return ColdStart(
        import_ms=statistics.median(imports),
        first_ms=statistics.median(firsts),
        total_ms=statistics.median(totals),
        samples=tuple(totals),
        modules=modules,
    )


_IMPORT_STEPS = r"""
import json, sys, time
sys.path[:0] = sys.argv[1:3]
steps = json.loads(sys.stdin.read())
out = []
for step in steps:
    started = time.perf_counter()
    for module in step.split("+"):
        __import__(module)
    out.append((step, (time.perf_counter() - started) * 1000))
print(json.dumps(out))
"""


def import_breakdown(steps: Sequence[str], *, repeats: int = 5) -> list[tuple[str, float]]:
    """Median milliseconds each step adds when `steps` are imported in order in a fresh
    process (a step is a module, or several joined by `+`): where a cold start goes."""
    runs: list[list[float]] = []
    for _ in range(repeats):
        completed = subprocess.run(
            [sys.executable, "-c", _IMPORT_STEPS, str(LAYER_SOURCE), str(ROOT)],
            input=json.dumps(list(steps)),
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            check=True,
        )
        runs.append([ms for _, ms in json.loads(completed.stdout)])
    return [(step, statistics.median(r[i] for r in runs)) for i, step in enumerate(steps)]


# ------------------------------------------------------------------ layer


def layer_size_mb() -> tuple[float, str]:
    """Unzipped size of the shared layer in MB and how it was measured.

    Uses `cdk.layer.build_layer` (the layer the stack deploys) when present; otherwise a
    `pip install --target` of requirements.txt for the Lambda platform plus the package.
    """
    output = ROOT / ".local" / "bench-layer"
    try:
        from cdk.layer import build_layer
    except ImportError:
        return _pip_layer_size_mb(), "pip install --target (manylinux2014_x86_64, cp312)"
    built = build_layer(output)
    size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    return size / 1_000_000, "cdk.layer.build_layer"


def _pip_layer_size_mb() -> float:
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "python"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-compile",
                "--disable-pip-version-check",
                "--platform",
                "manylinux2014_x86_64",
                "--only-binary=:all:",
                "--python-version",
                "3.12",
                "--implementation",
                "cp",
                "--target",
                str(site),
                "--requirement",
                str(ROOT / "requirements.txt"),
            ],
            check=True,
            capture_output=True,
        )
        shutil.copytree(LAYER_SOURCE / "courtside", site / "courtside")
        return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1_000_000


# ------------------------------------------------------------------ tables


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as an aligned text table (first column left-aligned, the rest right)."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    print(f"\n{title}\n\n{table(headers, rows)}\n", flush=True)
