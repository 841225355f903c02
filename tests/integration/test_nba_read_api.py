"""The public read API over the real 2023-24 data, through the local gateway."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

OPENER = "20231024-LAL-DEN"


def standings_by_team(api, **params):
    response = api.get("/v1/standings", query_string=params)
    assert response.status_code == 200, response.json
    return {row["team"]: row for row in response.json["items"]}


# ------------------------------------------------------------------ standings


def test_standings_match_the_2023_24_regular_season(api):
    rows = standings_by_team(api, season="2023-24")

    records = {team: (rows[team]["wins"], rows[team]["losses"]) for team in rows}
    assert records["BOS"] == (64, 18)
    assert records["DEN"] == (57, 25)
    assert records["OKC"] == (57, 25)
    assert records["MIN"] == (56, 26)
    assert records["DET"] == (14, 68)
    assert len(rows) == 30
    assert sum(w for w, _ in records.values()) == 1230  # every regular-season game, once


def test_standings_rank_within_conferences_like_the_official_seeding(api):
    response = api.get("/v1/standings")  # default: the latest season loaded
    body = response.json

    assert body["season"] == "2023-24"
    west = [row["team"] for row in body["items"] if row["conference"] == "West"]
    east = [row["team"] for row in body["items"] if row["conference"] == "East"]
    assert west[:6] == ["OKC", "DEN", "MIN", "LAC", "DAL", "PHX"]
    assert east[:6] == ["BOS", "NYK", "MIL", "CLE", "ORL", "IND"]
    assert [row["conference"] for row in body["items"][:15]] == ["East"] * 15


def test_standings_row_has_records_streak_and_points(api):
    boston = standings_by_team(api)["BOS"]
    detroit = standings_by_team(api)["DET"]

    assert boston["conference_rank"] == 1 and boston["games_behind"] == 0.0
    assert boston["win_pct"] == 0.78
    assert boston["home"] == {"wins": 37, "losses": 4}
    assert boston["away"] == {"wins": 27, "losses": 14}
    assert boston["points_for"] == 120.6 and boston["points_against"] == 109.2
    assert boston["differential"] == 11.3
    assert detroit["conference_rank"] == 15 and detroit["games_behind"] == 50.0
    assert sum(boston["last_10"].values()) == 10
    assert boston["streak"][0] in "WL" and int(boston["streak"][1:]) >= 1


def test_standings_of_one_conference(api):
    response = api.get("/v1/standings?conference=west")

    assert response.status_code == 200
    assert {row["conference"] for row in response.json["items"]} == {"West"}
    assert len(response.json["items"]) == 15


def test_standings_of_an_unknown_season_is_404(api):
    response = api.get("/v1/standings?season=1990-91")

    assert response.status_code == 404
    assert response.json["error"]["code"] == "season_not_found"


# ------------------------------------------------------------------ games


def test_the_opener(api):
    response = api.get(f"/v1/games/{OPENER}")
    game = response.json

    assert response.status_code == 200
    assert game["status"] == "final" and game["date"] == "2023-10-24"
    assert game["home"] == {"team": "DEN", "name": "Denver Nuggets", "score": 119}
    assert game["away"] == {"team": "LAL", "name": "Los Angeles Lakers", "score": 107}
    assert game["winner"] == "DEN"
    assert game["tipoff_at"] == "2023-10-24T23:00:00Z"  # 19:00 US Eastern (daylight time)
    assert (game["odds"]["home_moneyline"], game["odds"]["away_moneyline"]) == (-189, 161)
    assert game["odds"]["home_spread"] == -4.5 and game["odds"]["total"] == 228.5


def test_games_by_date(api):
    response = api.get("/v1/games?date=2023-10-24")

    assert response.status_code == 200
    assert [g["game_id"] for g in response.json["items"]] == [OPENER, "20231024-PHX-GSW"]
    assert response.json["next_cursor"] is None


def test_there_are_1230_regular_season_games(api):
    seen: list[str] = []
    cursor = None
    while True:
        params = {"season": "2023-24", "season_type": "regular", "limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/v1/games", query_string=params).json
        seen += [g["game_id"] for g in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert len(seen) == 1230 and len(set(seen)) == 1230


def test_games_pagination_walks_the_list_without_gaps(api):
    first = api.get("/v1/games?team=BOS&season_type=playoffs&limit=5").json
    second = api.get(
        f"/v1/games?team=BOS&season_type=playoffs&limit=5&cursor={first['next_cursor']}"
    )
    whole = api.get("/v1/games?team=BOS&season_type=playoffs&limit=500").json

    ids = [g["game_id"] for g in first["items"] + second.json["items"]]
    assert ids == [g["game_id"] for g in whole["items"][:10]]
    assert len(whole["items"]) == 19  # Boston's 2024 title run: 16 wins, 3 losses
    assert first["limit"] == 5 and whole["next_cursor"] is None


def test_games_date_range_and_status(api):
    response = api.get("/v1/games?from=2024-06-06&to=2024-06-17&status=final")

    finals = response.json["items"]
    assert [g["game_id"][:8] for g in finals] == [
        "20240606",
        "20240609",
        "20240612",
        "20240614",
        "20240617",
    ]
    assert finals[-1]["winner"] == "BOS"


def test_cup_final_has_no_moneyline_but_a_spread(api):
    game = api.get("/v1/games?date=2023-12-09").json["items"][0]

    assert game["season_type"] == "cup_final"
    assert game["odds"]["home_moneyline"] is None
    assert game["odds"]["home_no_vig_probability"] is None
    assert game["odds"]["home_spread"] == -3.5


def test_unknown_game_is_json_404(api):
    response = api.get("/v1/games/20231024-XXX-YYY")

    assert response.status_code == 404
    assert response.json["error"]["code"] == "game_not_found"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("limit=abc", {"limit"}),
        ("date=2024-13-45", {"date"}),
        ("limit=0", {"limit"}),
        ("limit=501", {"limit"}),
        ("season=2023", {"season"}),
        ("status=done", {"status"}),
        ("season_type=preseason", {"season_type"}),
        ("limit=abc&date=2024-13-45", {"limit", "date"}),
    ],
)
def test_malformed_parameters_are_422_naming_them(api, query, fields):
    response = api.get(f"/v1/games?{query}")

    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_failed"
    assert {d["field"] for d in error["details"]} == fields
    assert all(field in error["message"] for field in fields)


def test_from_after_to_is_refused(api):
    response = api.get("/v1/games?from=2024-02-01&to=2024-01-01")

    assert response.status_code == 422
    assert response.json["error"]["details"] == {"field": "from"}


def test_an_unreadable_cursor_is_400(api):
    response = api.get("/v1/games?cursor=not-a-cursor!")

    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize(
    "position",
    [{"offset": 99999999999999999999}, {"offset": True}, {"offset": -1}, {"offset": "5"}],
)
@pytest.mark.parametrize("path", ["/v1/games", "/v1/players", "/v1/players/leaders"])
def test_a_forged_offset_cursor_is_400(api, path, position):
    from courtside.pagination import encode_cursor

    response = api.get(f"{path}?cursor={encode_cursor(position)}")

    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_cursor"


def test_a_body_nested_too_deeply_is_400_not_a_crash(api):
    body = "[" * 100_000 + "]" * 100_000

    response = api.post("/v1/users", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_body"


# ------------------------------------------------------------------ odds


def test_odds_of_a_day_with_no_vig_probabilities(api):
    response = api.get("/v1/odds?date=2023-10-24")

    first = response.json["items"][0]
    assert first["game_id"] == OPENER
    odds = first["odds"]
    assert (odds["home_moneyline"], odds["away_moneyline"]) == (-189, 161)
    assert odds["home_implied_probability"] == 0.654
    assert odds["away_implied_probability"] == 0.3831
    assert odds["home_no_vig_probability"] == 0.6306
    assert odds["away_no_vig_probability"] == 0.3694
    assert odds["source"] == "closing" and odds["captured_at"] == "2023-10-24T23:00:00Z"


def test_odds_default_to_today_which_has_no_games_in_2023_24_data(api):
    response = api.get("/v1/odds")

    assert response.status_code == 200
    assert response.json["items"] == []


def test_odds_history_of_a_game(api):
    response = api.get(f"/v1/games/{OPENER}/odds")

    assert response.status_code == 200
    assert [o["home_moneyline"] for o in response.json["items"]] == [-189]
    assert api.get("/v1/games/20231024-XXX-YYY/odds").status_code == 404


# ------------------------------------------------------------------ teams


def test_teams_list_and_filters(api):
    everyone = api.get("/v1/teams").json["items"]
    atlantic = api.get("/v1/teams?division=atlantic").json["items"]
    west = api.get("/v1/teams?conference=West&limit=100").json["items"]

    assert len(everyone) == 30 and everyone[0]["abbreviation"] == "ATL"
    assert [t["abbreviation"] for t in atlantic] == ["BKN", "BOS", "NYK", "PHI", "TOR"]
    assert len(west) == 15 and {t["conference"] for t in west} == {"West"}


def test_team_with_its_record(api):
    response = api.get("/v1/teams/det")  # any case
    team = response.json

    assert response.status_code == 200
    assert team["name"] == "Detroit Pistons" and team["team_id"] == 1610612765
    assert team["season"] == "2023-24"
    assert (team["record"]["wins"], team["record"]["losses"]) == (14, 68)


def test_team_game_log(api):
    log = api.get("/v1/teams/DEN/games?limit=2").json["items"]

    assert log[0] == {
        "game_id": OPENER,
        "date": "2023-10-24",
        "tipoff_at": "2023-10-24T23:00:00Z",
        "season_type": "regular",
        "status": "final",
        "home_away": "home",
        "opponent": "LAL",
        "result": "W",
        "team_score": 119,
        "opponent_score": 107,
        "moneyline": -189,
    }
    lakers = api.get("/v1/teams/LAL/games?limit=1").json["items"][0]
    assert (lakers["home_away"], lakers["result"], lakers["moneyline"]) == ("away", "L", 161)


def test_unknown_team_is_404_and_bad_abbreviation_422(api):
    assert api.get("/v1/teams/XYZ").status_code == 404
    assert api.get("/v1/teams/XYZ/games").status_code == 404
    assert api.get("/v1/teams/TOOLONG").status_code == 422


# ------------------------------------------------------------------ players


def test_name_search_ignores_case_and_accents(api):
    for q in ("jokic", "JOKIĆ", "nikola jok"):
        items = api.get("/v1/players", query_string={"q": q}).json["items"]
        assert [p["name"] for p in items] == ["Nikola Jokić"], q

    jokic = api.get("/v1/players?q=jokic").json["items"][0]
    assert jokic["player_id"] == "nikola-jokic"
    assert (jokic["team"], jokic["pts"], jokic["trb"], jokic["ast"]) == ("DEN", 26.4, 12.4, 9.0)


def test_traded_players_appear_once_with_their_totals(api):
    items = api.get("/v1/players?q=achiuwa").json["items"]
    lines = api.get("/v1/players?q=achiuwa&team=NYK").json["items"]

    assert [(p["team"], p["games"]) for p in items] == [("TOT", 74.0)]
    assert [(p["team"], p["games"]) for p in lines] == [("NYK", 49.0)]


def test_players_sort_filter_and_paginate(api):
    first = api.get("/v1/players?sort=pts&order=desc&limit=3").json
    second = api.get(f"/v1/players?sort=pts&order=desc&limit=3&cursor={first['next_cursor']}")
    centers = api.get("/v1/players?team=DEN&position=C&sort=minutes&order=desc").json["items"]

    assert [p["name"] for p in first["items"]] == [
        "Joel Embiid",
        "Luka Dončić",
        "Giannis Antetokounmpo",
    ]
    assert second.json["items"][0]["name"] == "Shai Gilgeous-Alexander"
    assert centers[0]["name"] == "Nikola Jokić"
    assert all("C" in p["position"].split("-") for p in centers)


def test_player_detail_and_404(api):
    response = api.get("/v1/players/precious-achiuwa")

    assert [s["team"] for s in response.json["seasons"]] == ["TOT", "NYK", "TOR"]
    assert api.get("/v1/players/nobody-at-all").status_code == 404
    assert api.get("/v1/players/filip-petrusev").json["name"] == "Filip Petrušev"


def test_leaders_qualify_by_games(api):
    body = api.get("/v1/players/leaders?stat=pts&limit=3").json
    everyone = api.get("/v1/players/leaders?stat=pts&limit=1&min_games=0").json

    assert body["season"] == "2023-24" and body["min_games"] == 42
    assert [(p["rank"], p["name"], p["value"]) for p in body["items"]] == [
        (1, "Luka Dončić", 33.9),
        (2, "Giannis Antetokounmpo", 30.4),
        (3, "Shai Gilgeous-Alexander", 30.1),
    ]
    assert everyone["items"][0]["name"] == "Joel Embiid"  # 34.7 in 39 games


def test_players_bad_parameters(api):
    assert api.get("/v1/players?sort=height").status_code == 422
    assert api.get("/v1/players?order=sideways").status_code == 422
    assert api.get("/v1/players/leaders?stat=height").status_code == 422
    response = api.get("/v1/players?q=!!!")
    assert response.status_code == 422 and response.json["error"]["details"] == {"field": "q"}


# ------------------------------------------------------------------ HTTP behaviour


@pytest.mark.parametrize(
    "path",
    [
        "/v1/teams",
        "/v1/teams/BOS",
        "/v1/standings",
        "/v1/games?date=2023-10-24",
        f"/v1/games/{OPENER}",
        "/v1/odds?date=2023-10-24",
        "/v1/players?q=jokic",
        "/v1/players/leaders",
    ],
)
def test_public_reads_are_cacheable(api, path):
    response = api.get(path)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_a_database_outage_is_a_json_503(nba_db, gateway_factory, tmp_path):
    from tests.conftest import use_database

    use_database(f"postgresql+pg8000://postgres@/nowhere?unix_sock={tmp_path}/.s.PGSQL.5432")
    try:
        response = gateway_factory(authorizer_ttl_seconds=0).get("/v1/standings")
    finally:
        use_database(nba_db)

    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unavailable"
    assert response.headers["Cache-Control"] == "no-store"
