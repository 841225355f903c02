"""Standings arithmetic on a hand-made league."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from courtside.domain.odds import odds_line
from courtside.domain.standings import compute_standings

TEAMS = {
    "AAA": {"full_name": "A", "conference": "East", "division": "X"},
    "BBB": {"full_name": "B", "conference": "East", "division": "X"},
    "CCC": {"full_name": "C", "conference": "East", "division": "Y"},
    "WWW": {"full_name": "W", "conference": "West", "division": "Z"},
}


def game(home, away, home_score, away_score, status="final"):
    return {
        "home_team": home,
        "away_team": away,
        "home_score": home_score,
        "away_score": away_score,
        "status": status,
    }


def test_records_streaks_and_games_behind():
    games = [
        game("AAA", "BBB", 100, 90),
        game("BBB", "AAA", 95, 99),
        game("CCC", "AAA", 110, 100),
        game("AAA", "WWW", 101, 100),
        game("BBB", "CCC", 80, 70),
        game("CCC", "BBB", None, None, status="scheduled"),
    ]

    rows = {row.team: row for row in compute_standings(TEAMS, games)}

    a = rows["AAA"]
    assert (a.wins, a.losses, a.conference_rank, a.games_behind) == (3, 1, 1, 0.0)
    assert (a.home.wins, a.home.losses, a.away.wins, a.away.losses) == (2, 0, 1, 1)
    assert (a.conference_record.wins, a.conference_record.losses) == (2, 1)
    assert a.streak == "W1" and (a.last_10.wins, a.last_10.losses) == (3, 1)
    # 400 for, 395 against in 4 games: per game 100.0, 98.8 (98.75), differential 1.2 (1.25)
    assert (a.points_for, a.points_against, a.differential) == (100.0, 98.8, 1.2)
    assert a.win_pct == 0.75
    b = rows["BBB"]
    assert (b.wins, b.losses, b.games_behind, b.streak) == (1, 2, 1.5, "W1")
    assert rows["WWW"].conference_rank == 1 and rows["WWW"].streak == "L1"
    # CCC (1-1) is ahead of BBB (1-2): the scheduled game counts for nothing
    assert [r.team for r in compute_standings(TEAMS, games)] == ["AAA", "CCC", "BBB", "WWW"]


def test_ties_break_on_head_to_head_before_conference_record_and_differential():
    # BBB and CCC finish 3-2; CCC has the better conference record and differential,
    # but BBB won their only meeting.
    games = [
        game("BBB", "CCC", 100, 99),
        game("AAA", "BBB", 110, 100),
        game("AAA", "BBB", 110, 100),
        game("BBB", "WWW", 101, 100),
        game("BBB", "WWW", 101, 100),
        game("CCC", "AAA", 130, 100),
        game("CCC", "AAA", 130, 100),
        game("WWW", "CCC", 101, 100),
        game("CCC", "WWW", 130, 100),
    ]

    rows = {r.team: r for r in compute_standings(TEAMS, games)}

    assert (rows["BBB"].wins, rows["CCC"].wins) == (3, 3)
    assert rows["CCC"].conference_record.wins > rows["BBB"].conference_record.wins
    assert (rows["BBB"].conference_rank, rows["CCC"].conference_rank) == (1, 2)
    assert rows["AAA"].conference_rank == 3 and rows["AAA"].games_behind == 0.5


def test_no_vig_probabilities_of_the_opener():
    line = odds_line(
        source="closing",
        captured_at=datetime(2023, 10, 24, 23, 0, tzinfo=UTC),
        home_moneyline=-189,
        away_moneyline=161,
        home_spread=Decimal("-4.5"),
        total=None,
    )

    assert (line.home_implied_probability, line.away_implied_probability) == (0.654, 0.3831)
    assert (line.home_no_vig_probability, line.away_no_vig_probability) == (0.6306, 0.3694)
    assert line.home_spread == -4.5 and line.total is None


def test_no_probabilities_without_both_moneylines():
    line = odds_line(
        source="closing",
        captured_at=datetime(2023, 12, 9, 23, 0, tzinfo=UTC),
        home_moneyline=None,
        away_moneyline=None,
        home_spread=Decimal("-3.5"),
        total=Decimal("242.5"),
    )

    assert line.home_no_vig_probability is None and line.total == 242.5
