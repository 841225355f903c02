"""Validation of the pipeline's files: every problem names its file, line and reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from courtside.loader.errors import LoadError, Problems
from courtside.loader.parse import (
    default_tipoff,
    game_id,
    parse_games,
    parse_players,
    parse_teams,
    shift_days,
)
from courtside.loader.source import DataFile, is_season

TEAMS = {"BOS", "DEN", "LAL", "NYK"}
GAMES_HEADER = "game_date,season_type,home_team,away_team,home_score,away_score"


def games_file(*rows: str, header: str = GAMES_HEADER) -> DataFile:
    return DataFile("2023-24/games.csv", "\n".join([header, *rows]).encode())


def parse(file: DataFile):
    problems = Problems()
    games = parse_games(file, "2023-24", TEAMS, problems)
    return games, problems.found


def test_game_id_uses_the_original_date_away_then_home():
    assert game_id(date(2023, 10, 24), "LAL", "DEN") == "20231024-LAL-DEN"


def test_missing_tipoff_is_seven_pm_eastern():
    # Daylight time in October (UTC-4), standard time in January (UTC-5).
    assert default_tipoff(date(2023, 10, 24)) == datetime(2023, 10, 24, 23, 0, tzinfo=UTC)
    assert default_tipoff(date(2024, 1, 15)) == datetime(2024, 1, 16, 0, 0, tzinfo=UTC)


def test_shift_keeps_the_eastern_wall_clock_across_daylight_saving():
    tipoff = default_tipoff(date(2024, 1, 15))  # 19:00 EST

    moved = shift_days(tipoff, 100)  # 2024-04-24, daylight time

    assert moved == datetime(2024, 4, 24, 23, 0, tzinfo=UTC)


def test_a_minimal_file_parses_with_optional_columns_absent():
    games, problems = parse(games_file("2023-10-24,regular,DEN,LAL,119,107"))

    assert problems == []
    (game,) = games
    assert (game.game_id, game.home_score, game.away_score) == ("20231024-LAL-DEN", 119, 107)
    assert game.home_moneyline is None and game.total is None
    assert game.tipoff_at == datetime(2023, 10, 24, 23, 0, tzinfo=UTC)


def test_optional_columns_parse_when_present():
    header = GAMES_HEADER + ",home_moneyline,away_moneyline,home_spread,total,tipoff_utc"
    file = games_file(
        "2023-10-24,regular,DEN,LAL,119,107,-189,+161,-4.5,228.5,2023-10-25T02:30:00Z",
        "2023-10-25,regular,BOS,NYK,,,,,,,",
        header=header,
    )

    games, problems = parse(file)

    assert problems == []
    assert games[0].home_moneyline == -189 and games[0].away_moneyline == 161
    assert games[0].home_spread == Decimal("-4.5") and games[0].total == Decimal("228.5")
    assert games[0].tipoff_at == datetime(2023, 10, 25, 2, 30, tzinfo=UTC)
    assert not games[1].played and not games[1].has_line


@pytest.mark.parametrize(
    ("row", "line", "reason"),
    [
        ("2023-10-24,regular,DEN,XXX,119,107", 2, "away_team: unknown team 'XXX'"),
        ("2023-13-45,regular,DEN,LAL,119,107", 2, "game_date: '2023-13-45' is not a valid date"),
        ("24/10/2023,regular,DEN,LAL,119,107", 2, "is not a date like 2023-10-24"),
        ("2023-10-24,preseason,DEN,LAL,119,107", 2, "season_type 'preseason' is not one of"),
        ("2023-10-24,regular,DEN,LAL,11x,107", 2, "home_score: '11x' is not a whole number"),
        ("2023-10-24,regular,DEN,LAL,119,", 2, "must both be given or both be empty"),
        ("2023-10-24,regular,DEN,DEN,119,107", 2, "are both DEN"),
        ("2021-10-24,regular,DEN,LAL,119,107", 2, "is outside season 2023-24"),
        ("2023-10-24,regular,DEN,LAL,119", 2, "expected 6 fields, found 5"),
    ],
)
def test_bad_rows_are_reported_with_line_and_reason(row, line, reason):
    _, problems = parse(games_file(row))

    assert problems, "the row should have been refused"
    assert problems[0].file == "2023-24/games.csv"
    assert problems[0].line == line
    assert reason in problems[0].reason


def test_line_numbers_count_the_header_and_earlier_rows():
    file = games_file(
        "2023-10-24,regular,DEN,LAL,119,107",
        "2023-10-25,regular,BOS,NYK,108,104",
        "2023-10-26,regular,BOS,ZZZ,108,104",
    )

    _, problems = parse(file)

    assert [(p.line, p.reason) for p in problems] == [(4, "away_team: unknown team 'ZZZ'")]


def test_bad_moneyline_and_spread_are_refused():
    header = GAMES_HEADER + ",home_moneyline,away_moneyline,home_spread"
    file = games_file("2023-10-24,regular,DEN,LAL,119,107,-50,161,-4.25", header=header)

    _, problems = parse(file)

    reasons = [p.reason for p in problems]
    assert any("home_moneyline: -50 is not an American moneyline" in r for r in reasons)
    assert any("home_spread: -4.25 has more than 1 decimal place" in r for r in reasons)


def test_missing_required_column_is_reported_on_the_header_line():
    file = games_file(
        "2023-10-24,regular,DEN,119,107", header=GAMES_HEADER.replace(",away_team", "")
    )

    games, problems = parse(file)

    assert games == []
    assert [(p.line, p.reason) for p in problems] == [(1, "missing required column(s): away_team")]


def test_duplicate_game_names_the_first_line():
    file = games_file("2023-10-24,regular,DEN,LAL,119,107", "2023-10-24,regular,DEN,LAL,119,107")

    _, problems = parse(file)

    assert [(p.line, p.reason) for p in problems] == [
        (3, "game 20231024-LAL-DEN already appears on line 2")
    ]


def test_invalid_utf8_is_reported_with_its_line():
    file = DataFile(
        "2023-24/games.csv", (GAMES_HEADER + "\n2023-10-24,regular,D\xff").encode("latin-1")
    )

    _, problems = parse(file)

    assert [(p.line, p.reason) for p in problems] == [(2, "not valid UTF-8 text")]


def test_load_error_message_names_file_line_and_reason():
    error = LoadError(
        [
            *parse(games_file("2023-10-24,regular,DEN,XXX,119,107"))[1],
            *parse(games_file("2023-10-24,regular,DEN,YYY,119,107"))[1],
        ]
    )

    assert error.message == (
        "2023-24/games.csv line 2: away_team: unknown team 'XXX' (and 1 more problem(s))"
    )
    assert (error.file, error.line) == ("2023-24/games.csv", 2)
    assert error.status == 422
    assert len(error.details["problems"]) == 2


def test_teams_file_validates_conference_and_duplicates():
    content = (
        "team_id,abbreviation,city,nickname,full_name,conference,division,year_founded\n"
        "1,BOS,Boston,Celtics,Boston Celtics,East,Atlantic,1946\n"
        "2,DEN,Denver,Nuggets,Denver Nuggets,Mountain,Northwest,\n"
        "3,BOS,Boston,Again,Boston Again,East,Atlantic,1946\n"
    )
    problems = Problems()

    teams = parse_teams(DataFile("teams.csv", content.encode()), problems)

    assert list(teams) == ["BOS"]
    assert teams["BOS"].year_founded == 1946
    assert [(p.line, p.reason) for p in problems.found] == [
        (3, "conference 'Mountain' is not East or West"),
        (4, "team BOS appears twice"),
    ]


def test_players_file_allows_totals_rows_and_empty_percentages():
    content = (
        "player,position,age,team,games,fg_pct,pts\n"
        "Precious Achiuwa,PF-C,24,TOT,74,0.501,7.6\n"
        "Precious Achiuwa,C,24,NYK,49,,7.6\n"
        "Nobody,C,24,XXX,1,0.5,1\n"
        "Somebody,C,24,BOS,1,1.5,1\n"
    )
    problems = Problems()

    lines = parse_players(
        DataFile("2023-24/players.csv", content.encode()), "2023-24", TEAMS, problems
    )

    assert [(line.name, line.team) for line in lines] == [
        ("Precious Achiuwa", "TOT"),
        ("Precious Achiuwa", "NYK"),
    ]
    assert lines[1].stats["fg_pct"] is None and lines[1].stats["minutes"] is None
    assert lines[0].stats["pts"] == Decimal("7.600")
    assert [(p.line, p.reason) for p in problems.found] == [
        (4, "team: unknown team 'XXX'"),
        (5, "fg_pct: 1.5 is outside 0..1"),
    ]


def test_season_directory_names():
    assert is_season("2023-24") and is_season("1999-00")
    assert not is_season("2023-25") and not is_season("2023")
