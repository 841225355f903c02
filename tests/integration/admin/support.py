"""Helpers for the admin API tests: users straight in the database, handler calls, events."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from courtside import clock, db
from courtside.routes import ROUTES, Route
from courtside.tables import audit_log, bets, games, odds_snapshots, staged_results, teams, users
from local.functions import LambdaContext, load_handler
from local.gateway import build_event

ADMIN_DB = "courtside_test_admin"
PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class Account:
    user_id: str
    username: str
    role: str
    password: str = PASSWORD

    @property
    def as_user(self) -> tuple[str, str, str]:
        return (self.user_id, self.username, self.role)


def make_account(username: str, role: str = "Consumer") -> Account:
    from courtside.domain import accounts

    profile = accounts.create_user(username, PASSWORD, role=role)
    return Account(user_id=str(profile.user_id), username=username, role=role)


def login(client: Any, account: Account) -> dict[str, str]:
    """Authorization headers for `account`, logged in through the API."""
    response = client.post(
        "/v1/token", json={"username": account.username, "password": account.password}
    )
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def add_user(
    username: str,
    *,
    role: str = "Consumer",
    disabled: bool = False,
    email: str | None = None,
    created_at: datetime | None = None,
) -> str:
    """A user row inserted directly (no password that works); returns the user id."""
    user_id = uuid.uuid4()
    now = created_at or clock.now()
    with db.transaction() as conn:
        conn.execute(
            insert(users).values(
                user_id=user_id,
                username=username,
                email=email,
                password_hash="not-a-usable-hash",
                role=role,
                created_at=now,
                disabled_at=now if disabled else None,
                balance="1000.00",
            )
        )
    return str(user_id)


def add_game(
    game_id: str,
    *,
    tipoff_at: datetime,
    status: str = "scheduled",
    home: str = "BOS",
    away: str = "NYK",
) -> None:
    """A game (and its two teams, when missing) inserted directly."""
    with db.transaction() as conn:
        for abbr in (home, away):
            exists = conn.execute(select(teams.c.abbreviation).where(teams.c.abbreviation == abbr))
            if exists.first() is None:
                conn.execute(
                    insert(teams).values(
                        team_id=int.from_bytes(abbr.encode(), "big"),
                        abbreviation=abbr,
                        city=abbr,
                        nickname=abbr,
                        full_name=abbr,
                        conference="East",
                        division="Atlantic",
                    )
                )
        conn.execute(
            insert(games).values(
                game_id=game_id,
                season="2023-24",
                season_type="regular",
                game_date=tipoff_at.date(),
                tipoff_at=tipoff_at,
                status=status,
                home_team=home,
                away_team=away,
                updated_at=tipoff_at,
            )
        )


def add_odds(game_id: str, *, home: int, away: int, captured_at: datetime) -> None:
    with db.transaction() as conn:
        conn.execute(
            insert(odds_snapshots).values(
                game_id=game_id,
                source="test-book",
                captured_at=captured_at,
                home_moneyline=home,
                away_moneyline=away,
            )
        )


def stage_result(game_id: str, home_score: int, away_score: int, *, available_at: datetime) -> None:
    with db.transaction() as conn:
        conn.execute(
            insert(staged_results).values(
                game_id=game_id,
                status="final",
                home_score=home_score,
                away_score=away_score,
                available_at=available_at,
            )
        )


def add_bet(
    user_id: str,
    game_id: str,
    *,
    stake: str,
    status: str = "pending",
    odds: int = 150,
    payout: str | None = None,
) -> None:
    """A bet row inserted directly, with the given outcome."""
    with db.transaction() as conn:
        conn.execute(
            insert(bets).values(
                bet_id=uuid.uuid4(),
                user_id=uuid.UUID(user_id),
                game_id=game_id,
                season="2023-24",
                pick="BOS",
                stake=stake,
                odds=odds,
                status=status,
                payout=payout,
                placed_at=clock.now(),
                settled_at=None if status in ("pending", "cancelled") else clock.now(),
            )
        )


@dataclass
class Session:
    """Someone using the API through the local gateway with their bearer token."""

    client: Any
    headers: dict[str, str]

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(path, headers=self.headers, json=body)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, headers=self.headers, json=body)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, headers=self.headers, json=body)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)


def session(client: Any, account: Account) -> Session:
    """`account` logged in through the API."""
    return Session(client, login(client, account))


def user_row(user_id: str) -> Any:
    with db.transaction() as conn:
        return conn.execute(select(users).where(users.c.user_id == uuid.UUID(user_id))).one()


def audit_rows() -> list[Any]:
    with db.transaction() as conn:
        return list(conn.execute(select(audit_log).order_by(audit_log.c.audit_id)).all())


def route(method: str, path: str) -> Route:
    return next(r for r in ROUTES if r.method == method and r.path == path)


def call_admin(
    method: str,
    path: str,
    *,
    as_user: tuple[str, str, str] | None,
    token_version: int = 1,
    body: Any = None,
    query: dict[str, str] | None = None,
    raw_body: str | None = None,
) -> tuple[int, Any]:
    """Call the admin handler directly with an authorizer context (user_id, username, role).

    This plays a request the authorizer let through (as a cached Allow would), to test
    the handler's own checks.
    """
    matched, params = _match(method, path)
    data = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    builder = EnvironBuilder(
        path=path,
        method=method,
        query_string=query,
        data=data,
        content_type="application/json" if data is not None else None,
    )
    request = Request(builder.get_environ())
    context = None
    if as_user is not None:
        user_id, username, role = as_user
        context = {
            "user_id": user_id,
            "username": username,
            "role": role,
            "token_version": str(token_version),
            "principalId": user_id,
        }
    event = build_event(request, matched, params, str(uuid.uuid4()), context)
    result = load_handler("admin")(event, LambdaContext("admin", "test"))
    payload = json.loads(result["body"]) if result.get("body") else None
    return result["statusCode"], payload


def _match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    from werkzeug.routing import Map, Rule

    rules = [
        Rule(r.path.replace("{", "<").replace("}", ">"), methods=[r.method], endpoint=r)
        for r in ROUTES
    ]
    adapter = Map(rules).bind("localhost")
    endpoint, params = adapter.match(path, method=method)
    return endpoint, dict(params)


def make_current(url: str) -> None:
    """Point settings and engine at `url` (as the shared fixtures do) when not already."""
    from courtside.settings import get_settings

    if os.environ.get("DATABASE_URL") != url:
        os.environ["DATABASE_URL"] = url
        get_settings.cache_clear()
        db.reset_engine()


def empty_tables() -> None:
    """Truncate every table of both schemas but the single-row load state."""
    from sqlalchemy import text

    with db.transaction() as conn:
        names = conn.execute(
            text(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                "WHERE schemaname IN ('app', 'nba') AND tablename <> 'load_state'"
            )
        ).scalars()
        conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
