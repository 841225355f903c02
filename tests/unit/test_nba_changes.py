"""What a load writes: the rules for games, staged results, odds and player ids."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from courtside.loader.changes import assign_player_ids, plan_games
from courtside.loader.errors import LoadError
from courtside.loader.parse import GameRecord, default_tipoff
from courtside.loader.replay import ReplayPlan, StoredAnchor, mid_season, resolve_plan

NOW = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)


def record(day: date, home: str = "DEN", away: str = "LAL", score=(119, 107), odds=True):
    return GameRecord(
        line=2,
        game_id=f"{day:%Y%m%d}-{away}-{home}",
        season="2023-24",
        season_type="regular",
        game_date=day,
        tipoff_at=default_tipoff(day),
        home_team=home,
        away_team=away,
        home_score=score[0] if score else None,
        away_score=score[1] if score else None,
        home_moneyline=-189 if odds else None,
        away_moneyline=161 if odds else None,
        home_spread=Decimal("-4.5") if odds else None,
        total=None,
    )


def stored(game: GameRecord, **changes):
    row = {
        "game_id": game.game_id,
        "season": game.season,
        "season_type": game.season_type,
        "game_date": game.game_date,
        "tipoff_at": game.tipoff_at,
        "status": "final",
        "home_team": game.home_team,
        "away_team": game.away_team,
        "home_score": game.home_score,
        "away_score": game.away_score,
    }
    row.update(changes)
    return row


def plan(records, games=None, staged=None, odds=None, replay=None):
    return plan_games(
        records,
        stored_games=games or {},
        stored_odds=odds or {},
        stored_staged=staged or {},
        replay=replay,
        loaded_at=NOW,
    )


def test_new_games_load_as_they_are_without_replay():
    played, unplayed = record(date(2023, 10, 24)), record(date(2023, 10, 25), score=None)

    changes = plan([played, unplayed])

    assert [(g["status"], g["home_score"]) for g in changes.games] == [
        ("final", 119),
        ("scheduled", None),
    ]
    assert changes.staged == []
    assert changes.odds_new[0]["captured_at"] == played.tipoff_at  # closing line, at tip-off


def test_reloading_identical_rows_writes_nothing():
    game = record(date(2023, 10, 24))
    odds = {
        game.game_id: {
            "snapshot_id": 1,
            "home_moneyline": -189,
            "away_moneyline": 161,
            "home_spread": Decimal("-4.5"),
            "total": None,
        }
    }

    changes = plan([game], games={game.game_id: stored(game)}, odds=odds)

    assert changes.games == [] and changes.odds_new == [] and changes.odds_changed == []
    assert changes.game_counts.unchanged == 1


def test_a_changed_score_updates_a_final_game():
    game = record(date(2023, 10, 24), score=(120, 107))

    changes = plan([game], games={game.game_id: stored(game, home_score=119)})

    assert [(g["status"], g["home_score"]) for g in changes.games] == [("final", 120)]
    assert changes.game_counts.updated == 1


def test_a_final_game_is_never_unfinalised_by_a_file_without_its_score():
    game = record(date(2023, 10, 24), score=None)

    changes = plan([game], games={game.game_id: stored(game, home_score=119, away_score=107)})

    assert changes.games == []


def test_a_score_for_a_stored_scheduled_game_is_staged_for_the_results_job():
    game = record(date(2023, 10, 24))
    scheduled = stored(game, status="scheduled", home_score=None, away_score=None)

    changes = plan([game], games={game.game_id: scheduled})

    assert changes.games == []
    assert changes.staged == [
        {
            "game_id": game.game_id,
            "status": "final",
            "home_score": 119,
            "away_score": 107,
            "available_at": NOW,
        }
    ]


def test_replay_splits_games_at_now_and_stages_future_results():
    replay = ReplayPlan(date(2024, 1, 15), (date(2026, 3, 1) - date(2024, 1, 15)).days)
    before = record(date(2024, 1, 14))
    after = record(date(2024, 1, 15), home="BOS", away="NYK")

    changes = plan([before, after], replay=replay)

    past, future = changes.games
    assert (past["status"], past["home_score"], past["game_date"]) == (
        "final",
        119,
        date(2026, 2, 28),
    )
    assert (future["status"], future["home_score"], future["game_date"]) == (
        "scheduled",
        None,
        date(2026, 3, 1),
    )
    assert future["tipoff_at"] == datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # 19:00 EST
    (staged,) = changes.staged
    assert staged["game_id"] == after.game_id
    assert staged["available_at"] == future["tipoff_at"] + timedelta(hours=2, minutes=30)
    # real odds for the upcoming game, captured at the load (never after it)
    captured = {o["game_id"]: o["captured_at"] for o in changes.odds_new}
    assert captured == {before.game_id: past["tipoff_at"], after.game_id: NOW}


def test_a_processed_staged_result_is_left_alone():
    replay = ReplayPlan(date(2024, 1, 15), 0)
    game = record(date(2026, 3, 5))
    scheduled = stored(game, status="scheduled", home_score=None, away_score=None)
    processed = {game.game_id: {"processed_at": NOW, "status": "final"}}

    changes = plan([game], games={game.game_id: scheduled}, staged=processed, replay=replay)

    assert changes.staged == []


def test_player_ids_are_slugs_with_a_stable_suffix_on_clashes():
    rows, ids, counts = assign_player_ids(
        ["Nikola Jović", "Nikola Jovic", "Nikola Jokić"], {"Nikola Jokić": "nikola-jokic"}
    )

    assert ids["Nikola Jokić"] == "nikola-jokic"  # known name keeps its id
    assert ids["Nikola Jovic"] == "nikola-jovic"  # first in name order takes the bare slug
    assert ids["Nikola Jović"].startswith("nikola-jovic-") and len(ids["Nikola Jović"]) == 19
    again = assign_player_ids(["Nikola Jović", "Nikola Jovic"], {})[1]
    assert again == {k: v for k, v in ids.items() if k != "Nikola Jokić"}
    assert (counts.inserted, counts.unchanged) == (2, 1)
    assert {r["search_name"] for r in rows} == {"nikola jovic"}


# ------------------------------------------------------------------ replay plans


def test_auto_picks_the_middle_of_the_latest_regular_season():
    games = [record(date(2023, 10, 24) + timedelta(days=d)) for d in range(0, 100, 10)]

    assert mid_season(games) == date(2023, 12, 13)


def test_a_stored_anchor_is_reused_by_auto_and_by_the_same_date():
    anchor = StoredAnchor(date(2024, 1, 15), 776)

    for request in ("auto", date(2024, 1, 15)):
        plan_ = resolve_plan(request, stored=anchor, database_has_games=True, games=[])
        assert plan_ == ReplayPlan(date(2024, 1, 15), 776)


@pytest.mark.parametrize(
    ("request_", "anchor", "has_games", "message"),
    [
        (None, StoredAnchor(date(2024, 1, 15), 7), True, "replays the data from 2024-01-15"),
        (date(2024, 2, 1), StoredAnchor(date(2024, 1, 15), 7), True, "not 2024-02-01"),
        ("auto", None, True, "holds games loaded as they are"),
    ],
)
def test_replay_and_as_is_loads_do_not_mix(request_, anchor, has_games, message):
    with pytest.raises(LoadError) as caught:
        resolve_plan(request_, stored=anchor, database_has_games=has_games, games=[])

    assert message in caught.value.message
