"""The loader against a real Postgres: idempotence, corrections, errors, seasons, replay."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import DATA_DIR

pytestmark = pytest.mark.integration

LOADER_DB = "courtside_test_loader"
OPENER = "20231024-LAL-DEN"
NOW = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)  # noon US Eastern


@pytest.fixture(scope="module")
def _loader_database(make_database: Any) -> str:
    url: str = make_database(LOADER_DB)
    return url


@pytest.fixture
def loader_db(_loader_database: str) -> str:
    """The loader's database, emptied for this test."""
    from courtside import db
    from courtside.domain.readcache import cache
    from tests.conftest import use_database

    use_database(_loader_database)
    with db.transaction() as conn:
        conn.execute(
            text(
                "TRUNCATE nba.staged_results, nba.odds_snapshots, nba.games, "
                "nba.player_seasons, nba.players, nba.teams CASCADE"
            )
        )
        conn.execute(
            text(
                "UPDATE nba.load_state SET replay_from = NULL, replay_offset_days = NULL, "
                "file_hashes = '{}', loaded_at = NULL"
            )
        )
    cache.clear()
    return _loader_database


def query(sql: str, **params: Any) -> list[Any]:
    from courtside import db

    with db.transaction() as conn:
        result = conn.execute(text(sql), params)
        return list(result) if result.returns_rows else []


def scalar(sql: str, **params: Any) -> Any:
    return query(sql, **params)[0][0]


def snapshot() -> dict[str, Any]:
    """Everything a failed load must leave exactly as it was."""
    counts = {
        table: scalar(f"SELECT count(*) FROM nba.{table}")
        for table in (
            "teams",
            "games",
            "odds_snapshots",
            "staged_results",
            "players",
            "player_seasons",
        )
    }
    return {
        **counts,
        "state": query("SELECT data_version, file_hashes, replay_from FROM nba.load_state"),
        "games_digest": scalar(
            "SELECT md5(string_agg(g::text, '|' ORDER BY game_id)) FROM nba.games g"
        ),
    }


def copy_data(tmp_path: Path) -> Path:
    """A writable copy of the shipped data in a temporary directory (never in the repo)."""
    target = tmp_path / "nba"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def rewrite_games(path: Path, change: Any) -> None:
    """Apply `change(rows)` to a games.csv in place."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    fields = change(rows) or fields
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def load(data_dir: Path = DATA_DIR, **kwargs: Any) -> Any:
    from courtside.load import load_directory

    return load_directory(data_dir, **kwargs)


# ------------------------------------------------------------------ as it is


def test_loads_the_shipped_season_as_it_is(loader_db):
    report = load()

    assert (report.teams.inserted, report.games.inserted) == (30, 1319)
    assert (report.final, report.scheduled) == (1319, 0)
    assert report.players.inserted == 572 and report.player_seasons.inserted == 735
    assert scalar("SELECT count(*) FROM nba.games WHERE season_type = 'regular'") == 1230
    assert query(
        "SELECT home_score, away_score, status, tipoff_at FROM nba.games WHERE game_id = :id",
        id=OPENER,
    ) == [(119, 107, "final", datetime(2023, 10, 24, 23, 0, tzinfo=UTC))]
    assert query(
        "SELECT home_moneyline, away_moneyline, source, captured_at FROM nba.odds_snapshots "
        "WHERE game_id = :id",
        id=OPENER,
    ) == [(-189, 161, "closing", datetime(2023, 10, 24, 23, 0, tzinfo=UTC))]
    assert query("SELECT player_id, search_name FROM nba.players WHERE name = 'Nikola Jokić'") == [
        ("nikola-jokic", "nikola jokic")
    ]
    assert query("SELECT latest_season FROM nba.load_state") == [("2023-24",)]
    assert "1319 new" in report.summary()


def test_loading_twice_changes_nothing(loader_db):
    load()
    before = snapshot()
    updated = scalar("SELECT max(updated_at) FROM nba.games")

    skipped = load()
    forced = load(force=True)

    assert skipped.files_loaded == [] and "unchanged" in skipped.summary()
    assert forced.games.unchanged == 1319 and not forced.changed
    assert forced.player_seasons.unchanged == 735 and forced.odds.unchanged == 1319
    assert snapshot() == before  # counts, contents and the data version
    assert scalar("SELECT max(updated_at) FROM nba.games") == updated


def test_a_changed_score_updates_the_game(loader_db, tmp_path, api_client):
    data = copy_data(tmp_path)
    load(data)
    version = scalar("SELECT data_version FROM nba.load_state")
    opener = "/v1/games?date=2023-10-24"
    assert api_client.get(opener).json["items"][0]["home"]["score"] == 119  # now cached

    def correct_opener(rows: list[dict[str, str]]) -> None:
        rows[0]["home_score"] = "120"

    rewrite_games(data / "2023-24" / "games.csv", correct_opener)
    report = load(data)

    assert report.files_loaded == ["2023-24/games.csv"]
    assert (report.games.updated, report.games.unchanged) == (1, 1318)
    assert query("SELECT home_score FROM nba.games WHERE game_id = :id", id=OPENER) == [(120,)]
    assert scalar("SELECT data_version FROM nba.load_state") > version
    # the read cache keys on the data version, so the correction shows at once
    assert api_client.get(opener).json["items"][0]["home"]["score"] == 120


def test_a_score_for_a_scheduled_game_is_staged_for_the_results_job(loader_db, tmp_path):
    from courtside import clock

    data = copy_data(tmp_path)
    games_csv = data / "2023-24" / "games.csv"

    def unplay_finals(rows: list[dict[str, str]]) -> None:
        for row in rows[-3:]:
            row["home_score"] = row["away_score"] = ""

    original = games_csv.read_bytes()
    rewrite_games(games_csv, unplay_finals)
    load(data)
    assert scalar("SELECT count(*) FROM nba.games WHERE status = 'scheduled'") == 3

    games_csv.write_bytes(original)
    clock.freeze(NOW)
    report = load(data)

    assert report.staged.inserted == 3 and report.games.updated == 0
    assert scalar("SELECT count(*) FROM nba.games WHERE status = 'scheduled'") == 3
    assert query(
        "SELECT home_score, away_score, available_at FROM nba.staged_results "
        "WHERE game_id = '20240617-DAL-BOS'"
    ) == [(106, 88, NOW)]


# ------------------------------------------------------------------ bad files

BAD_GAMES = [
    (
        "missing column",
        lambda rows: [k for k in rows[0] if k != "away_team"],
        1,
        "missing required column(s): away_team",
    ),
    (
        "unknown team",
        lambda rows: rows[4].update(home_team="XYZ"),
        6,
        "home_team: unknown team 'XYZ'",
    ),
    (
        "malformed date",
        lambda rows: rows[9].update(game_date="2024-02-30"),
        11,
        "game_date: '2024-02-30' is not a valid date",
    ),
    (
        "malformed number",
        lambda rows: rows[99].update(away_score="1O7"),
        101,
        "away_score: '1O7' is not a whole number",
    ),
    (
        "bad season type",
        lambda rows: rows[1299].update(season_type="finals"),
        1301,
        "season_type 'finals' is not one of",
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "line", "reason"), BAD_GAMES, ids=[b[0] for b in BAD_GAMES]
)
def test_a_bad_games_file_names_file_and_line_and_changes_nothing(
    loader_db, tmp_path, name, change, line, reason
):
    from courtside.load import LoadError

    data = copy_data(tmp_path)
    load(data)
    before = snapshot()

    def spoil(rows: list[dict[str, str]]) -> list[str] | None:
        result = change(rows)
        if isinstance(result, list):
            for row in rows:
                row.pop("away_team", None)
            return result
        rows[0]["home_score"] = "121"  # a valid change that must not be written either
        return None

    rewrite_games(data / "2023-24" / "games.csv", spoil)
    with pytest.raises(LoadError) as caught:
        load(data)

    error = caught.value
    assert (error.file, error.line) == ("2023-24/games.csv", line)
    assert reason in error.reason
    assert error.message.startswith(f"2023-24/games.csv line {line}: ")
    assert snapshot() == before


def test_a_bad_second_file_leaves_the_first_unwritten(loader_db, tmp_path):
    from courtside.load import LoadError

    data = copy_data(tmp_path)
    load(data)
    before = snapshot()
    teams_csv = data / "teams.csv"
    teams_csv.write_text(teams_csv.read_text().replace("Boston,Celtics", "Boston,Green"))
    players_csv = data / "2023-24" / "players.csv"
    lines = players_csv.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",24,NYK,", ",24,NYX,")
    players_csv.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(LoadError) as caught:
        load(data)

    assert str(caught.value.problems[0]) == "2023-24/players.csv line 4: team: unknown team 'NYX'"
    assert snapshot() == before
    assert scalar("SELECT nickname FROM nba.teams WHERE abbreviation = 'BOS'") == "Celtics"


def test_a_missing_season_or_directory_is_a_load_error(loader_db, tmp_path):
    from courtside.load import LoadError

    with pytest.raises(LoadError, match="season not found"):
        load(seasons=["2019-20"])
    with pytest.raises(LoadError, match="does not exist"):
        load(tmp_path / "nowhere")


# ------------------------------------------------------------------ another season


def write_season(root: Path) -> Path:
    """A small made-up 2024-25 season: played and unplayed games, tip-offs, players."""
    season = root / "2024-25"
    season.mkdir(parents=True)
    (season / "games.csv").write_text(
        "game_date,season_type,home_team,away_team,home_score,away_score,home_moneyline,"
        "away_moneyline,tipoff_utc\n"
        "2024-10-22,regular,BOS,NYK,132,109,-205,170,2024-10-22T23:30:00Z\n"
        "2024-10-22,regular,LAL,MIN,110,103,,,2024-10-23T02:00:00Z\n"
        "2024-10-23,regular,DEN,OKC,,,-110,-110,\n",
        encoding="utf-8",
    )
    (season / "players.csv").write_text(
        "player,position,age,team,games,pts\n"
        "Nikola Jokić,C,29,DEN,70,29.6\n"
        "Nikola Jovic,PF,21,MIA,46,10.8\n",
        encoding="utf-8",
    )
    return root


def test_a_second_season_loads_and_becomes_the_default(loader_db, tmp_path, api_client):
    load()
    root = copy_data(tmp_path)
    write_season(root)

    report = load(root)

    assert report.files_loaded == ["2024-25/games.csv", "2024-25/players.csv"]
    assert (report.games.inserted, report.final, report.scheduled) == (3, 2, 1)
    assert query("SELECT status, tipoff_at FROM nba.games WHERE game_id = '20241023-OKC-DEN'") == [
        ("scheduled", datetime(2024, 10, 23, 23, 0, tzinfo=UTC))
    ]
    # "Nikola Jovic" is not the stored "Nikola Jović" (nikola-jovic): its slug clashes,
    # so it gets a suffix derived from the name.
    assert scalar("SELECT player_id FROM nba.players WHERE name = 'Nikola Jović'") == (
        "nikola-jovic"
    )
    assert scalar("SELECT player_id FROM nba.players WHERE name = 'Nikola Jovic'") == (
        "nikola-jovic-6994db"
    )
    assert scalar("SELECT count(*) FROM nba.player_seasons WHERE player_id = 'nikola-jokic'") == 2

    standings = api_client.get("/v1/standings").json
    assert standings["season"] == "2024-25"
    rows = {r["team"]: (r["wins"], r["losses"]) for r in standings["items"]}
    assert rows["BOS"] == (1, 0) and rows["DEN"] == (0, 0)
    older = api_client.get("/v1/standings?season=2023-24").json["items"]
    assert {r["team"]: r["wins"] for r in older}["BOS"] == 64
    assert api_client.get("/v1/teams/BOS").json["record"]["wins"] == 1


@pytest.fixture
def api_client(gateway_factory: Any) -> Any:
    return gateway_factory(authorizer_ttl_seconds=0)


# ------------------------------------------------------------------ replay


def test_replay_maps_the_anchor_date_onto_today(loader_db):
    from courtside import clock

    clock.freeze(NOW)  # 2026-03-01, noon in New York
    anchor = date(2024, 1, 15)
    offset = (date(2026, 3, 1) - anchor).days

    report = load(replay_from=anchor)

    assert report.replay is not None and report.replay.offset_days == offset
    before = scalar("SELECT count(*) FROM nba.games WHERE game_date < '2026-03-01'")
    final = scalar("SELECT count(*) FROM nba.games WHERE status = 'final'")
    scheduled = scalar("SELECT count(*) FROM nba.games WHERE status = 'scheduled'")
    assert final == before and final + scheduled == 1319 and scheduled > 500
    assert (
        scalar(
            "SELECT count(*) FROM nba.games WHERE status = 'scheduled' AND tipoff_at <= :now",
            now=NOW,
        )
        == 0
    )
    # the opener moved by the offset, at the same Eastern wall-clock time
    assert query("SELECT game_date, status FROM nba.games WHERE game_id = :id", id=OPENER) == [
        (date(2023, 10, 24) + timedelta(days=offset), "final")
    ]
    # upcoming games: real odds captured now, real results staged for after the game
    assert scalar("SELECT max(captured_at) FROM nba.odds_snapshots") == NOW
    assert scalar("SELECT count(*) FROM nba.staged_results") == scheduled
    assert (
        scalar(
            "SELECT count(*) FROM nba.staged_results s JOIN nba.games g USING (game_id) "
            "WHERE s.available_at <> g.tipoff_at + interval '150 minutes' "
            "OR g.home_score IS NOT NULL"
        )
        == 0
    )
    today = query(
        "SELECT g.game_id, s.home_score FROM nba.games g JOIN nba.staged_results s "
        "USING (game_id) WHERE g.game_date = '2026-03-01' ORDER BY g.game_id"
    )
    assert today and all(gid.startswith("20240115-") for gid, _ in today)
    assert query("SELECT replay_from, replay_offset_days FROM nba.load_state") == [(anchor, offset)]


def test_replay_reuses_its_anchor_and_never_unfinalises(loader_db):
    from courtside import clock
    from courtside.load import LoadError

    clock.freeze(NOW)
    load(replay_from=date(2024, 1, 15))
    upcoming = query(
        "SELECT game_id FROM nba.games WHERE status = 'scheduled' ORDER BY tipoff_at LIMIT 1"
    )[0][0]
    # the results job finishes the first upcoming game two days later
    clock.advance(timedelta(days=2))
    query(
        "WITH s AS (UPDATE nba.staged_results SET processed_at = :now WHERE game_id = :id "
        "RETURNING home_score, away_score) UPDATE nba.games g SET status = 'final', "
        "home_score = s.home_score, away_score = s.away_score FROM s WHERE g.game_id = :id "
        "RETURNING g.game_id",
        now=clock.now(),
        id=upcoming,
    )
    before = snapshot()

    again = load(replay_from="auto", force=True)

    assert again.replay is not None and again.replay.replay_from == date(2024, 1, 15)
    assert not again.changed  # same offset: nothing moved, nothing un-finalised
    assert snapshot() == before
    assert query("SELECT status FROM nba.games WHERE game_id = :id", id=upcoming) == [("final",)]
    with pytest.raises(LoadError, match="replays the data from 2024-01-15"):
        load(force=True)
    with pytest.raises(LoadError, match="not 2024-02-01"):
        load(replay_from=date(2024, 2, 1), force=True)


def test_auto_replay_picks_mid_season_and_refuses_data_loaded_as_it_is(loader_db):
    from courtside import clock
    from courtside.load import LoadError

    clock.freeze(NOW)
    report = load(replay_from="auto")

    assert report.replay is not None and report.replay.replay_from == date(2024, 1, 19)
    assert load(replay_from="auto").files_loaded == []  # second `make run`: skipped

    query("TRUNCATE nba.games CASCADE")
    load()  # emptied: loads again, now as it is
    with pytest.raises(LoadError, match="loaded as they are"):
        load(replay_from="auto", force=True)


# ------------------------------------------------------------------ CLI


def test_cli_reports_success_and_failure(loader_db, tmp_path, capsys):
    from courtside.load import main

    assert main(["--data", str(DATA_DIR), "--season", "2023-24"]) == 0
    assert "loaded" in capsys.readouterr().out

    data = copy_data(tmp_path)
    rewrite_games(data / "2023-24" / "games.csv", lambda rows: rows[2].update(home_team="ZZZ"))
    assert main(["--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "nothing was written: 2023-24/games.csv line 4: home_team: unknown team 'ZZZ'" in err


def test_cli_refuses_a_bad_replay_date(capsys):
    from courtside.load import main

    with pytest.raises(SystemExit):
        main(["--data", str(DATA_DIR), "--replay-from", "soon"])
    assert "is not 'auto' or a YYYY-MM-DD date" in capsys.readouterr().err
