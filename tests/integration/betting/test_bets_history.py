"""History, summary and CSV export, checked against a season worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from courtside import clock
from courtside.domain.results import run_results
from tests.integration.betting.support import add_game, sign_up, stage_result

pytestmark = pytest.mark.integration

DAY1 = datetime(2024, 1, 10, 0, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)
DAY3 = DAY1 + timedelta(days=2)
DAY4 = DAY1 + timedelta(days=3)


def at(day, hour, minute=0):
    return day + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def season(betting_db, client):
    """Alice's bets, by hand:

    | game | day | pick (odds) | stake | result | profit |
    | G1 | 1 | DEN (-189) | 100.00 | won | +52.91 |
    | G2 | 1 | NYK (+205) | 50.00 | lost | -50.00 |
    | G3 | 2 | MIA (+110) | 40.00 | won | +44.00 |
    | G4 | 2 | LAL (-110) | 20.00 | void (cancelled game) | 0 |
    | G5 | 3 | BOS (+130) | 30.00 | lost | -30.00 |
    | G6 | 3 | NYK (+120) | 25.00 | lost | -25.00 |
    | G7 | 4 | DEN (-150) | 10.00 | pending | |
    | G8 | 4 | GSW (+100) | 15.00 | cancelled by her | |

    Decided 5 (2 won, 3 lost), staked 245.00, profit -8.09, accuracy 0.4000,
    ROI -8.09 / 245 = -0.0330, streak lost 2, biggest win 52.91 on G1.
    Balance 1000 - 290 staked + 152.91 + 84.00 + 20.00 (void) + 15.00 (cancel) = 981.91.
    """
    add_game("G1", "DEN", "LAL", at(DAY1, 20), odds=(-189, 161))
    add_game("G2", "BOS", "NYK", at(DAY1, 23), odds=(-250, 205))
    add_game("G3", "MIA", "GSW", at(DAY2, 20), odds=(110, -130))
    add_game("G4", "GSW", "LAL", at(DAY2, 23), odds=(-110, -110))
    add_game("G5", "DEN", "BOS", at(DAY3, 20), odds=(-150, 130))
    add_game("G6", "MIA", "NYK", at(DAY3, 23), odds=(-140, 120))
    add_game("G7", "DEN", "NYK", at(DAY4, 20), odds=(-150, 130))
    add_game("G8", "GSW", "MIA", at(DAY4, 23), odds=(-120, 100))
    stage_result("G1", 119, 107, available_at=at(DAY1, 22, 30))
    stage_result("G2", 110, 100, available_at=at(DAY2, 1, 30))
    stage_result("G3", 104, 99, available_at=at(DAY2, 22, 30))
    stage_result("G4", None, None, available_at=at(DAY2, 23), status="cancelled")
    stage_result("G5", 120, 101, available_at=at(DAY3, 22, 30))
    stage_result("G6", 98, 90, available_at=at(DAY4, 1, 30))

    alice = sign_up(client, "alice")
    bob = sign_up(client, "bob")
    picks = [("G1", "DEN", "100.00"), ("G2", "NYK", "50.00"), ("G3", "MIA", "40.00")]
    picks += [("G4", "LAL", "20.00")]
    for game_id, pick, stake in picks:  # placed on day 1 at 12:00, 12:01, ...
        assert alice.bet(game_id, pick, stake).status_code == 201
        clock.advance(timedelta(minutes=1))
    assert bob.bet("G1", "LAL", "60.00").status_code == 201

    clock.freeze(at(DAY2, 12))
    run_results(trigger="schedule")
    alice.login()
    for game_id, pick, stake in [("G5", "BOS", "30.00"), ("G6", "NYK", "25.00")]:
        assert alice.bet(game_id, pick, stake).status_code == 201
        clock.advance(timedelta(minutes=1))
    assert alice.bet("G7", "DEN", "10.00").status_code == 201
    clock.advance(timedelta(minutes=1))
    cancelled = alice.bet("G8", "GSW", "15.00").json["bet"]["bet_id"]
    assert alice.delete(f"/v1/bets/{cancelled}").status_code == 200

    clock.freeze(at(DAY4, 12))
    run_results(trigger="schedule")
    alice.login()
    return alice


def test_history_is_newest_first_and_pages_without_gaps(season):
    seen = []
    cursor = None
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        response = season.get("/v1/bets", query_string=query)
        assert response.status_code == 200, response.json
        page = response.json
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert [b["game_id"] for b in seen] == ["G8", "G7", "G6", "G5", "G4", "G3", "G2", "G1"]
    assert [b["status"] for b in seen] == [
        "cancelled",
        "pending",
        "lost",
        "lost",
        "void",
        "won",
        "lost",
        "won",
    ]
    g1 = seen[-1]
    assert (g1["payout"], g1["profit"], g1["odds"]) == ("152.91", "52.91", -189)
    assert g1["game"]["home_score"] == 119 and g1["game"]["status"] == "final"
    assert seen[1]["profit"] is None and seen[1]["payout"] is None


@pytest.mark.parametrize(
    ("query", "games"),
    [
        ({"status": "won"}, ["G3", "G1"]),
        ({"status": "pending"}, ["G7"]),
        ({"status": "void"}, ["G4"]),
        ({"from": "2024-01-11"}, ["G8", "G7", "G6", "G5"]),
        ({"to": "2024-01-10"}, ["G4", "G3", "G2", "G1"]),
        ({"from": "2024-01-11", "to": "2024-01-11", "status": "lost"}, ["G6", "G5"]),
        ({"season": "2023-24", "status": "cancelled"}, ["G8"]),
        ({"season": "2022-23"}, []),
    ],
)
def test_history_filters(season, query, games):
    response = season.get("/v1/bets", query_string=query)

    assert response.status_code == 200
    assert [b["game_id"] for b in response.json["items"]] == games


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"status": "winning"}, 422, "validation_failed"),
        ({"season": "2024"}, 422, "validation_failed"),
        ({"from": "yesterday"}, 422, "validation_failed"),
        ({"from": "2024-01-12", "to": "2024-01-11"}, 422, "invalid_range"),
        ({"cursor": "not-a-cursor"}, 400, "invalid_cursor"),
        ({"limit": 0}, 422, "validation_failed"),
    ],
)
def test_history_refuses_bad_queries(season, query, status, code):
    response = season.get("/v1/bets", query_string=query)

    assert response.status_code == status
    assert response.json["error"]["code"] == code


def test_history_shows_only_the_callers_bets(season, client):
    bob = sign_up(client, "carol")

    assert bob.get("/v1/bets").json["items"] == []


def test_summary_matches_the_hand_calculation(season):
    summary = season.get("/v1/bets/summary").json

    assert summary["balance"] == "981.91"
    assert (summary["settled"], summary["won"], summary["lost"], summary["voided"]) == (5, 2, 3, 1)
    assert (summary["pending"], summary["pending_stake"]) == (1, "10.00")
    assert summary["staked"] == "245.00"
    assert summary["profit"] == "-8.09"
    assert summary["accuracy"] == "0.4000"
    assert summary["roi"] == "-0.0330"
    assert summary["streak"] == {"result": "lost", "length": 2}
    biggest = summary["biggest_win"]
    assert (biggest["game_id"], biggest["pick"], biggest["odds"]) == ("G1", "DEN", -189)
    assert (biggest["stake"], biggest["profit"]) == ("100.00", "52.91")
    teams = {
        t["team"]: (t["settled"], t["won"], t["staked"], t["profit"]) for t in summary["teams"]
    }
    assert teams == {
        "DEN": (1, 1, "100.00", "52.91"),
        "MIA": (1, 1, "40.00", "44.00"),
        "BOS": (1, 0, "30.00", "-30.00"),
        "NYK": (2, 0, "75.00", "-75.00"),
    }
    assert [t["team"] for t in summary["teams"]] == ["DEN", "MIA", "BOS", "NYK"]
    assert [(t["accuracy"], t["roi"]) for t in summary["teams"]] == [
        ("1.0000", "0.5291"),
        ("1.0000", "1.1000"),
        ("0.0000", "-1.0000"),
        ("0.0000", "-1.0000"),
    ]
    assert summary["daily"] == [
        {
            "day": "2024-01-10",
            "settled": 2,
            "won": 1,
            "lost": 1,
            "profit": "2.91",
            "cumulative_profit": "2.91",
        },
        {
            "day": "2024-01-11",
            "settled": 1,
            "won": 1,
            "lost": 0,
            "profit": "44.00",
            "cumulative_profit": "46.91",
        },
        {
            "day": "2024-01-12",
            "settled": 2,
            "won": 0,
            "lost": 2,
            "profit": "-55.00",
            "cumulative_profit": "-8.09",
        },
    ]


def test_summary_of_a_new_user_is_empty(season, client):
    summary = sign_up(client, "carol").get("/v1/bets/summary").json

    assert summary["balance"] == "1000.00"
    assert (summary["settled"], summary["pending"], summary["profit"]) == (0, 0, "0.00")
    assert summary["accuracy"] is None and summary["roi"] is None
    assert summary["streak"] == {"result": None, "length": 0}
    assert summary["biggest_win"] is None
    assert summary["teams"] == [] and summary["daily"] == []


def test_csv_export_is_a_download_of_every_bet(season):
    response = season.get("/v1/bets/export.csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="courtside-bets-alice.csv"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.DictReader(io.StringIO(response.data.decode("utf-8"))))
    assert [row["game_id"] for row in table] == ["G1", "G2", "G3", "G4", "G5", "G6", "G7", "G8"]
    g1 = table[0]
    assert (g1["pick"], g1["odds"], g1["stake"], g1["status"]) == ("DEN", "-189", "100.00", "won")
    assert (g1["payout"], g1["profit"]) == ("152.91", "52.91")
    assert (g1["home_team"], g1["away_team"], g1["home_score"], g1["away_score"]) == (
        "DEN",
        "LAL",
        "119",
        "107",
    )
    assert g1["placed_at"] == "2024-01-10T12:00:00+00:00"
    assert g1["game_date"] == "2024-01-10"
    pending = table[6]
    assert (pending["status"], pending["payout"], pending["profit"], pending["settled_at"]) == (
        "pending",
        "",
        "",
        "",
    )
    assert (table[7]["status"], table[7]["payout"], table[7]["profit"]) == (
        "cancelled",
        "15.00",
        "0.00",
    )
    assert sum(float(row["profit"] or 0) for row in table) == pytest.approx(-8.09)
    assert response.data.decode("utf-8").startswith("bet_id,placed_at,game_id,")
