"""The admin API's acceptance scenario, end to end through the local gateway."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from courtside import clock
from tests.integration.admin.support import (
    PASSWORD,
    Account,
    Session,
    add_game,
    add_odds,
    login,
    make_account,
    session,
    stage_result,
)

pytestmark = pytest.mark.integration

NOW = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
TIPOFF = NOW + timedelta(hours=6)


def test_admin_switches_betting_caps_stakes_demotes_and_runs_results(boss, gateway):
    clock.freeze(NOW)
    for game_id, home, away in (("g1", "BOS", "NYK"), ("g2", "LAL", "DEN")):
        add_game(game_id, tipoff_at=TIPOFF, home=home, away=away)
        add_odds(game_id, home=-150, away=130, captured_at=NOW - timedelta(hours=1))
    stage_result("g1", 112, 104, available_at=TIPOFF + timedelta(hours=3))
    admin = session(gateway, boss)
    signed_up = gateway.post("/v1/users", json={"username": "alice", "password": PASSWORD})
    assert signed_up.status_code == 201
    alice_account = Account(user_id=signed_up.json["user_id"], username="alice", role="Consumer")
    alice = Session(gateway, login(gateway, alice_account))
    carol_account = make_account("carol", "Admin")
    carol = session(gateway, carol_account)
    assert carol.get("/v1/admin/overview").status_code == 200

    # Betting off: alice's bet is refused; back on, it is taken.
    assert admin.patch("/v1/admin/feature-flags/betting", {"enabled": False}).status_code == 200
    refused = alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "60.00"})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "betting_disabled"
    assert admin.patch("/v1/admin/feature-flags/betting", {"enabled": True}).status_code == 200

    # A lower maximum stake applies to the very next bet.
    assert admin.put("/v1/admin/settings", {"max_stake": "50.00"}).status_code == 200
    over = alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "60.00"})
    assert over.status_code == 422
    assert over.json["error"]["code"] == "stake_above_maximum"
    placed = alice.post("/v1/bets", {"game_id": "g1", "pick": "BOS", "stake": "50.00"})
    assert placed.status_code == 201

    # Demoting carol revokes her token although the gateway cached its Allow.
    demoted = admin.patch(f"/v1/admin/users/{carol_account.user_id}", {"role": "Consumer"})
    assert demoted.status_code == 200
    assert carol.get("/v1/admin/overview").status_code == 401
    assert carol.get("/v1/me").status_code == 401

    # After the game, a manual results run settles alice's bet and is listed and audited.
    clock.freeze(TIPOFF + timedelta(hours=4))
    ran = admin.post("/v1/admin/results/run")
    assert ran.status_code == 200
    report = ran.json["report"]
    assert (report["games_finalised"], report["bets_settled"], report["bets_won"]) == (1, 1, 1)

    runs = admin.get("/v1/admin/results/runs").json["items"]
    assert runs[0]["run_id"] == report["run_id"]
    assert (runs[0]["trigger"], runs[0]["triggered_by"]) == ("admin", "boss")

    audit = admin.get("/v1/admin/audit", query_string={"actor": "boss"}).json["items"]
    assert [(entry["kind"], entry["target"]) for entry in audit] == [
        ("results.run", str(report["run_id"])),
        ("user.update", carol_account.user_id),
        ("settings.update", "settings"),
        ("flag.update", "betting"),
        ("flag.update", "betting"),
    ]
    assert audit[1]["before"]["role"] == "Admin"
    assert audit[1]["after"]["role"] == "Consumer"
    assert audit[2]["after"] == {"max_stake": "50.00"}

    overview = admin.get("/v1/admin/overview").json
    assert overview["last_results_run"]["run_id"] == report["run_id"]
    assert overview["bets"]["settled"] == 1
    assert overview["settings"]["max_stake"] == "50.00"
    assert alice.get("/v1/bets").json["items"][0]["status"] == "won"
