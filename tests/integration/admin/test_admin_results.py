"""Results runs on demand (in process locally, through the results function in AWS)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from courtside import clock
from courtside.domain import admin_results
from courtside.settings import get_settings
from tests.integration.admin.support import (
    add_bet,
    add_game,
    add_odds,
    audit_rows,
    call_admin,
    make_account,
    stage_result,
)

pytestmark = pytest.mark.integration

FUNCTION = "courtside-test-results"
REPORT = {
    "run_id": 41,
    "trigger": "admin",
    "triggered_by": "boss",
    "started_at": "2024-01-02T03:00:00Z",
    "finished_at": "2024-01-02T03:00:01Z",
    "games_finalised": 3,
    "bets_settled": 7,
    "bets_won": 4,
    "bets_lost": 2,
    "bets_voided": 1,
    "duration_ms": 812,
}


def streaming(payload: object) -> StreamingBody:
    raw = json.dumps(payload).encode()
    return StreamingBody(io.BytesIO(raw), len(raw))


@pytest.fixture
def results_function(monkeypatch) -> Iterator[Stubber]:
    """Settings naming the results function, and a stubbed Lambda client to invoke it."""
    client = boto3.client("lambda", region_name="us-east-1")
    stubber = Stubber(client)
    monkeypatch.setenv("RESULTS_FUNCTION_NAME", FUNCTION)
    monkeypatch.setattr(admin_results, "lambda_client", lambda: client)
    get_settings.cache_clear()
    with stubber:
        yield stubber
    monkeypatch.delenv("RESULTS_FUNCTION_NAME")
    get_settings.cache_clear()


def expected_invoke(username: str) -> dict:
    payload = json.dumps({"trigger": "admin", "triggered_by": username}).encode()
    return {"FunctionName": FUNCTION, "InvocationType": "RequestResponse", "Payload": payload}


def test_in_aws_the_results_function_is_invoked_synchronously(boss, results_function):
    results_function.add_response(
        "invoke", {"StatusCode": 200, "Payload": streaming(REPORT)}, expected_invoke("boss")
    )

    status, outcome = call_admin("POST", "/v1/admin/results/run", as_user=boss.as_user)

    assert status == 200
    assert outcome["ran_in"] == "lambda"
    assert outcome["report"]["run_id"] == 41
    assert outcome["report"]["bets_settled"] == 7
    results_function.assert_no_pending_responses()
    [entry] = audit_rows()
    assert (entry.kind, entry.target, entry.actor, entry.before) == (
        "results.run",
        "41",
        "boss",
        None,
    )
    assert entry.after["games_finalised"] == 3


def test_a_failing_results_function_is_503_and_not_audited(boss, results_function):
    error = {"errorType": "Unavailable", "errorMessage": "the database is unavailable"}
    results_function.add_response(
        "invoke",
        {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": streaming(error)},
        expected_invoke("boss"),
    )

    status, body = call_admin("POST", "/v1/admin/results/run", as_user=boss.as_user)

    assert status == 503
    assert body["error"]["code"] == "results_failed"
    assert body["error"]["details"] == {"error": "Unavailable"}
    assert audit_rows() == []


def test_an_unreachable_results_function_is_503(boss, results_function):
    results_function.add_client_error(
        "invoke", service_error_code="TooManyRequestsException", http_status_code=429
    )

    status, body = call_admin("POST", "/v1/admin/results/run", as_user=boss.as_user)

    assert status == 503
    assert body["error"]["code"] == "results_unavailable"
    assert audit_rows() == []


def test_runs_are_listed_newest_first_in_pages(boss):
    from sqlalchemy import insert

    from courtside import db
    from courtside.tables import results_runs

    with db.transaction() as conn:
        for hour in range(3):
            conn.execute(
                insert(results_runs).values(
                    trigger="schedule",
                    started_at=datetime(2024, 1, 2, hour, tzinfo=UTC),
                    finished_at=datetime(2024, 1, 2, hour, 0, 1, tzinfo=UTC),
                    games_finalised=hour,
                    bets_settled=hour * 2,
                    duration_ms=100 + hour,
                )
            )

    status, first = call_admin(
        "GET", "/v1/admin/results/runs", as_user=boss.as_user, query={"limit": "2"}
    )
    _, second = call_admin(
        "GET",
        "/v1/admin/results/runs",
        as_user=boss.as_user,
        query={"limit": "2", "cursor": first["next_cursor"]},
    )

    assert status == 200
    assert [run["run_id"] for run in first["items"]] == [3, 2]
    assert [run["run_id"] for run in second["items"]] == [1]
    assert second["next_cursor"] is None
    assert first["items"][0]["games_finalised"] == 2
    assert first["items"][0]["trigger"] == "schedule"


def test_a_results_function_answer_that_is_no_report_is_503(boss, results_function):
    results_function.add_response(
        "invoke", {"StatusCode": 200, "Payload": streaming({"ok": True})}, expected_invoke("boss")
    )

    status, body = call_admin("POST", "/v1/admin/results/run", as_user=boss.as_user)

    assert status == 503
    assert body["error"]["code"] == "results_failed"
    assert audit_rows() == []


def test_locally_the_run_happens_in_process_and_settles_bets(boss):
    tipoff = datetime(2024, 1, 2, 0, 30, tzinfo=UTC)
    clock.freeze(tipoff - timedelta(hours=1))
    alice = make_account("alice")
    add_game("g1", tipoff_at=tipoff, home="BOS", away="NYK")
    add_odds("g1", home=-200, away=170, captured_at=tipoff - timedelta(hours=3))
    add_bet(alice.user_id, "g1", stake="100.00", odds=-200)
    stage_result("g1", 110, 99, available_at=tipoff + timedelta(hours=3))
    clock.freeze(tipoff + timedelta(hours=4))

    status, outcome = call_admin("POST", "/v1/admin/results/run", as_user=boss.as_user)

    assert status == 200
    assert outcome["ran_in"] == "local"
    report = outcome["report"]
    assert (report["games_finalised"], report["bets_settled"], report["bets_won"]) == (1, 1, 1)
    assert (report["trigger"], report["triggered_by"]) == ("admin", "boss")
    _, runs = call_admin("GET", "/v1/admin/results/runs", as_user=boss.as_user)
    assert [run["run_id"] for run in runs["items"]] == [report["run_id"]]
    assert runs["items"][0]["bets_settled"] == 1
    [entry] = audit_rows()
    assert (entry.kind, entry.target) == ("results.run", str(report["run_id"]))
    assert entry.after["bets_won"] == 1
