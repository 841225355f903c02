"""Helpers of the betting tests: a small league in the database, accounts, API calls."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from courtside import clock, db

PASSWORD = "correct-horse-battery"
ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = Path(os.environ.get("COURTSIDE_DATA") or ROOT.parent / "shared" / "data" / "nba")
T0 = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
"""The frozen 'now' most tests start at."""

TEAMS = {
    "DEN": (1610612743, "Denver", "Nuggets", "West", "Northwest"),
    "LAL": (1610612747, "Los Angeles", "Lakers", "West", "Pacific"),
    "BOS": (1610612738, "Boston", "Celtics", "East", "Atlantic"),
    "NYK": (1610612752, "New York", "Knicks", "East", "Atlantic"),
    "MIA": (1610612748, "Miami", "Heat", "East", "Southeast"),
    "GSW": (1610612744, "Golden State", "Warriors", "West", "Pacific"),
}


def use_database(url: str) -> None:
    """Point this process's settings and engine at `url`."""
    from courtside.settings import get_settings

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    db.reset_engine()


def add_teams() -> None:
    with db.transaction() as conn:
        for abbr, (team_id, city, nickname, conference, division) in TEAMS.items():
            conn.execute(
                text(
                    """
                    INSERT INTO nba.teams
                        (team_id, abbreviation, city, nickname, full_name, conference, division)
                    VALUES (:id, :abbr, :city, :nick, :full, :conf, :div)
                    """
                ),
                {
                    "id": team_id,
                    "abbr": abbr,
                    "city": city,
                    "nick": nickname,
                    "full": f"{city} {nickname}",
                    "conf": conference,
                    "div": division,
                },
            )


def add_game(
    game_id: str,
    home: str,
    away: str,
    tipoff_at: datetime,
    *,
    odds: tuple[int | None, int | None] | None = None,
    captured_at: datetime | None = None,
    status: str = "scheduled",
    season: str = "2023-24",
) -> None:
    """A game, and an odds snapshot (home, away moneylines) captured before T0 by default."""
    with db.transaction() as conn:
        conn.execute(
            text(
                """
                INSERT INTO nba.games (game_id, season, season_type, game_date, tipoff_at,
                                       status, home_team, away_team)
                VALUES (:game_id, :season, 'regular', :day, :tipoff, :status, :home, :away)
                """
            ),
            {
                "game_id": game_id,
                "season": season,
                "day": tipoff_at.date(),
                "tipoff": tipoff_at,
                "status": status,
                "home": home,
                "away": away,
            },
        )
        if odds is not None:
            add_odds(conn, game_id, odds, captured_at or min(tipoff_at, T0) - timedelta(hours=2))


def add_odds(
    conn: Any, game_id: str, odds: tuple[int | None, int | None], captured_at: datetime
) -> None:
    conn.execute(
        text(
            """
            INSERT INTO nba.odds_snapshots
                (game_id, source, captured_at, home_moneyline, away_moneyline)
            VALUES (:game_id, 'test-book', :at, :home, :away)
            """
        ),
        {"game_id": game_id, "at": captured_at, "home": odds[0], "away": odds[1]},
    )


def stage_result(
    game_id: str,
    home_score: int | None,
    away_score: int | None,
    *,
    available_at: datetime,
    status: str = "final",
) -> None:
    with db.transaction() as conn:
        conn.execute(
            text(
                """
                INSERT INTO nba.staged_results
                    (game_id, status, home_score, away_score, available_at)
                VALUES (:game_id, :status, :home, :away, :available_at)
                """
            ),
            {
                "game_id": game_id,
                "status": status,
                "home": home_score,
                "away": away_score,
                "available_at": available_at,
            },
        )


def scalar(sql: str, **params: Any) -> Any:
    with db.transaction() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(sql: str, **params: Any) -> list[Any]:
    with db.transaction() as conn:
        return list(conn.execute(text(sql), params).all())


def balance_and_ledger(user_id: str) -> tuple[Decimal, Decimal]:
    """The stored balance and the sum of the user's ledger (they must always agree)."""
    with db.transaction() as conn:
        balance = conn.execute(
            text("SELECT balance FROM app.users WHERE user_id = :u"), {"u": uuid.UUID(user_id)}
        ).scalar_one()
        total = conn.execute(
            text("SELECT coalesce(sum(amount), 0) FROM app.ledger WHERE user_id = :u"),
            {"u": uuid.UUID(user_id)},
        ).scalar_one()
    return balance, total


@dataclass
class Bettor:
    """A signed-up user of the API and their bearer token."""

    client: Any
    username: str
    user_id: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def login(self) -> Bettor:
        response = self.client.post(
            "/v1/token", json={"username": self.username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.json
        self.headers = {"Authorization": f"Bearer {response.json['access_token']}"}
        return self

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(path, headers=self.headers, json=body)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)

    def bet(self, game_id: str, pick: str, stake: Any) -> Any:
        return self.post("/v1/bets", {"game_id": game_id, "pick": pick, "stake": stake})

    def balance(self) -> Decimal:
        balance, ledger = balance_and_ledger(self.user_id)
        assert balance == ledger
        return balance


def sign_up(client: Any, username: str) -> Bettor:
    """Sign up through the API and log in."""
    response = client.post("/v1/users", json={"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.json
    bettor = Bettor(client=client, username=username, user_id=response.json["user_id"])
    return bettor.login()


def freeze(at: datetime = T0) -> None:
    clock.freeze(at)


def set_setting(key: str, value: Any) -> None:
    """Store a project setting (as an admin would) and drop the cached settings."""
    import json

    from courtside.domain import config

    with db.transaction() as conn:
        conn.execute(
            text(
                """
                INSERT INTO app.settings (key, value) VALUES (:key, CAST(:value AS jsonb))
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                """
            ),
            {"key": key, "value": json.dumps(value)},
        )
    config.invalidate()


def set_flag(name: str, enabled: bool) -> None:
    from courtside.domain import config

    with db.transaction() as conn:
        conn.execute(
            text(
                """
                INSERT INTO app.feature_flags (name, enabled) VALUES (:name, :enabled)
                ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled
                """
            ),
            {"name": name, "enabled": enabled},
        )
    config.invalidate()


def principal_of(bettor: Bettor) -> Any:
    """The authorizer's principal of a bettor, for calling domain functions directly."""
    from courtside.http import Principal

    return Principal(
        user_id=bettor.user_id, username=bettor.username, role="Consumer", token_version=1
    )
