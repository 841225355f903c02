"""Auth benchmarks: the authorizer's cold start and warm latency, and `POST /v1/token`.

    python -m bench.auth [--iterations 5000] [--logins 20] [--cold-starts 5]

Runs the real handlers in-process (as the local gateway does) over an embedded
Postgres under `.local/bench-pgdata`, database `courtside_bench_auth`.

- Authorizer cold start: a fresh Python process imports the handler (the Lambda init
  phase) and serves one token (first invocation: key file, database connection).
- Authorizer warm p50/p99: one container serving the same valid token; reported with
  the user-state cache on (the normal case) and off (one primary-key query each time).
  Target: p50 under 0.5 ms.
- `POST /v1/token` at the configured bcrypt cost (`BCRYPT_ROUNDS`, default 12): the
  whole handler call, the time inside bcrypt, and everything else. Target: everything
  else under 3 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / ".local" / "bench-pgdata"
DATABASE = "courtside_bench_auth"
USERNAME = "bench-user"
PASSWORD = "bench-password-123"
METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/me"
AUTHORIZER_P50_TARGET_MS = 0.5
TOKEN_OVERHEAD_TARGET_MS = 3.0


def quiet_environment(key_file: Path) -> None:
    """Settings of the benchmark, before any courtside module reads them."""
    os.environ.setdefault("COURTSIDE_STAGE", "bench")
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    os.environ.setdefault("JWT_KEY_FILE", str(key_file))
    sys.path[:0] = [str(ROOT / "layers" / "shared" / "python"), str(ROOT)]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(call: Callable[[], Any], iterations: int) -> list[float]:
    """Milliseconds per call."""
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def prepare_database() -> str:
    """A migrated, empty benchmark database with one user; returns its URL."""
    from local import pg

    url = pg.start(DATA_DIR, database=DATABASE)
    os.environ["DATABASE_URL"] = url

    from sqlalchemy import text

    from courtside import db
    from courtside.migrations import upgrade

    upgrade()
    with db.transaction() as conn:
        conn.execute(
            text("TRUNCATE app.users, app.ledger, app.login_attempts RESTART IDENTITY CASCADE")
        )

    from courtside.domain import accounts

    accounts.create_user(USERNAME, PASSWORD)
    return url


def authorizer_event(token: str) -> dict[str, Any]:
    return {"type": "TOKEN", "authorizationToken": f"Bearer {token}", "methodArn": METHOD_ARN}


def bench_authorizer_warm(token: str, iterations: int) -> dict[str, float]:
    from courtside.domain import accounts, tokens
    from local.functions import LambdaContext, load_handler

    handler = load_handler("authorizer")
    event = authorizer_event(token)
    context = LambdaContext("authorizer", str(uuid.uuid4()))

    def call() -> None:
        handler(event, context)

    timed(call, 200)  # warm up: imports, key set, connection pool
    cpu_started = time.process_time()
    cached = timed(call, iterations)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / iterations

    default_ttl = accounts.STATE_CACHE_SECONDS
    accounts.STATE_CACHE_SECONDS = 0.0
    accounts.forget_user_state()
    try:
        uncached = timed(call, max(200, iterations // 5))
    finally:
        accounts.STATE_CACHE_SECONDS = default_ttl
    decode_only = timed(lambda: tokens.decode_token(token), iterations)
    return {
        "p50_ms": statistics.median(cached),
        "p99_ms": percentile(cached, 0.99),
        "cpu_mean_ms": cpu_ms,
        "uncached_p50_ms": statistics.median(uncached),
        "uncached_p99_ms": percentile(uncached, 0.99),
        "decode_only_p50_ms": statistics.median(decode_only),
    }


def bench_authorizer_cold(token: str, runs: int) -> dict[str, float]:
    inits, firsts = [], []
    for _ in range(runs):
        output = subprocess.run(  # one fresh interpreter per cold start
            [sys.executable, "-m", "bench.auth", "--cold-child", token],
            cwd=ROOT,
            env=os.environ.copy(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        inits.append(figures["init_ms"])
        firsts.append(figures["first_ms"])
    return {
        "init_ms": statistics.median(inits),
        "first_invocation_ms": statistics.median(firsts),
        "total_ms": statistics.median([i + f for i, f in zip(inits, firsts, strict=True)]),
    }


def cold_child(token: str) -> None:
    """Inside a fresh process: time the handler import and its first invocation."""
    started = time.perf_counter()
    from local.functions import LambdaContext, load_handler

    handler = load_handler("authorizer")
    imported = time.perf_counter()
    handler(authorizer_event(token), LambdaContext("authorizer", str(uuid.uuid4())))
    finished = time.perf_counter()
    figures = {"init_ms": (imported - started) * 1000, "first_ms": (finished - imported) * 1000}
    print(json.dumps(figures))


def token_event() -> dict[str, Any]:
    body = f"grant_type=password&username={USERNAME}&password={PASSWORD}"
    request_id = str(uuid.uuid4())
    return {
        "resource": "/v1/token",
        "path": "/v1/token",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/x-www-form-urlencoded"},
        "multiValueHeaders": {"Content-Type": ["application/x-www-form-urlencoded"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": "/v1/token",
            "httpMethod": "POST",
            "path": "/v1/token",
            "stage": "prod",
            "requestId": request_id,
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": None,
        },
    }


def bench_token(logins: int) -> dict[str, float]:
    import bcrypt

    from courtside.settings import get_settings
    from local.functions import LambdaContext, load_handler

    handler = load_handler("auth")
    context = LambdaContext("auth", str(uuid.uuid4()))
    inside_bcrypt: list[float] = []
    real_checkpw = bcrypt.checkpw

    def timed_checkpw(password: bytes, hashed: bytes) -> bool:
        started = time.perf_counter()
        try:
            return real_checkpw(password, hashed)
        finally:
            inside_bcrypt.append((time.perf_counter() - started) * 1000)

    bcrypt.checkpw = timed_checkpw  # type: ignore[assignment]
    try:
        totals, bcrypt_times = [], []
        for attempt in range(logins + 2):
            inside_bcrypt.clear()
            started = time.perf_counter()
            response = handler(token_event(), context)
            total = (time.perf_counter() - started) * 1000
            if response["statusCode"] != 200:
                raise RuntimeError(f"login failed: {response['statusCode']} {response['body']}")
            if attempt >= 2:  # the first calls warm imports and the connection pool
                totals.append(total)
                bcrypt_times.append(sum(inside_bcrypt))
    finally:
        bcrypt.checkpw = real_checkpw

    rest = [t - b for t, b in zip(totals, bcrypt_times, strict=True)]
    return {
        "bcrypt_rounds": float(get_settings().bcrypt_rounds),
        "total_p50_ms": statistics.median(totals),
        "bcrypt_p50_ms": statistics.median(bcrypt_times),
        "rest_p50_ms": statistics.median(rest),
        "rest_p99_ms": percentile(rest, 0.99),
    }


def report(results: dict[str, dict[str, float]]) -> str:
    warm, cold, token = results["authorizer_warm"], results["authorizer_cold"], results["token"]
    ok_warm = "ok" if warm["p50_ms"] < AUTHORIZER_P50_TARGET_MS else "MISSED"
    ok_rest = "ok" if token["rest_p50_ms"] < TOKEN_OVERHEAD_TARGET_MS else "MISSED"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return "\n".join(
        [
            f"auth benchmarks (load average {load} on {os.cpu_count()} CPUs: wall times grow"
            " with load)",
            f"  authorizer cold start   init {cold['init_ms']:.0f} ms + first call "
            f"{cold['first_invocation_ms']:.1f} ms = {cold['total_ms']:.0f} ms (median)",
            f"  authorizer warm         p50 {warm['p50_ms']:.3f} ms  p99 {warm['p99_ms']:.3f} ms"
            f"  [target p50 < {AUTHORIZER_P50_TARGET_MS} ms: {ok_warm}]",
            f"    CPU per call          mean {warm['cpu_mean_ms']:.3f} ms",
            f"    without state cache   p50 {warm['uncached_p50_ms']:.3f} ms  "
            f"p99 {warm['uncached_p99_ms']:.3f} ms (one query per call)",
            f"    token decode alone    p50 {warm['decode_only_p50_ms']:.3f} ms",
            f"  POST /v1/token          cost {token['bcrypt_rounds']:.0f}: total p50 "
            f"{token['total_p50_ms']:.1f} ms = bcrypt {token['bcrypt_p50_ms']:.1f} ms + rest "
            f"{token['rest_p50_ms']:.2f} ms (p99 {token['rest_p99_ms']:.2f} ms)"
            f"  [target rest < {TOKEN_OVERHEAD_TARGET_MS} ms: {ok_rest}]",
        ]
    )


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Run the auth benchmarks, print the report and return the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.auth", description=__doc__)
    parser.add_argument("--iterations", type=int, default=5000)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--cold-starts", type=int, default=5)
    parser.add_argument("--cold-child", metavar="TOKEN", help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    if args.cold_child:
        quiet_environment(Path(os.environ.get("JWT_KEY_FILE", "")))
        cold_child(args.cold_child)
        return {}

    with tempfile.TemporaryDirectory() as keys_dir:
        quiet_environment(Path(keys_dir) / "jwt-keys.json")
        prepare_database()

        from courtside.domain import accounts

        token = accounts.authenticate(USERNAME, PASSWORD).access_token
        results = {
            "authorizer_warm": bench_authorizer_warm(token, args.iterations),
            "authorizer_cold": bench_authorizer_cold(token, args.cold_starts),
            "token": bench_token(args.logins),
        }
    print(report(results), flush=True)
    return results


if __name__ == "__main__":
    main()
