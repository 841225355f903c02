"""Steps the browser tests share: opening routes, signing up, logging in."""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from playwright.sync_api import expect

MINUS = "\u2212"
"""The UI writes losses with a real minus sign."""


def unique(prefix: str) -> str:
    """A username no other test of the session uses."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


class Site:
    """One page on the live site, with the steps several tests share."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, route: str = "") -> Any:
        """Load the app at `#/route` and wait until it has rendered."""
        self.page.goto(f"{self.base_url}/#/{route}")
        self.page.wait_for_selector("html[data-ready]")
        return self.page

    def go(self, route: str) -> Any:
        """Navigate inside the app (no reload), as a click on a link would."""
        self.page.evaluate("route => { window.location.hash = '#/' + route; }", route)
        return self.page

    def sign_up(self, username: str, password: str = "correct-horse-9") -> None:
        self.open("signup")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_label("Repeat password").fill(password)
        self.page.get_by_role("button", name="Create account").click()
        self._wait_until_away_from("#/signup")

    def log_in(self, username: str, password: str = "correct-horse-9") -> None:
        self.open("login")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        self._wait_until_away_from("#/login")

    def _wait_until_away_from(self, route: str) -> None:
        """Signed in, and moved on from the form (the app navigates after logging in)."""
        self.page.get_by_role("button", name="Log out").wait_for()
        self.page.wait_for_function("r => !location.hash.startsWith(r)", arg=route)

    def token(self) -> str | None:
        token: str | None = self.page.evaluate("sessionStorage.getItem('courtside.token')")
        return token


def payout(stake: Decimal, odds: int) -> Decimal:
    """What a win returns (stake back plus profit), computed independently of the app."""
    profit = stake * odds / 100 if odds > 0 else stake * 100 / -odds
    return stake + profit.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def odds_text(odds: int) -> str:
    return f"+{odds}" if odds > 0 else str(odds)


def stat(page: Any, label: str) -> Any:
    """The value of one figure of the My bets summary."""
    figure = (
        page.get_by_label("Summary").locator(".stat").filter(has=page.locator("dt", has_text=label))
    )
    return figure.locator("dd")


def game_row(game_id: str) -> Any:
    """The game row and its staged result, straight from the database."""
    from sqlalchemy import select

    from courtside import db
    from courtside.tables import games, odds_snapshots, staged_results

    with db.transaction() as conn:
        query = (
            select(
                games.c.game_id,
                games.c.home_team,
                games.c.away_team,
                games.c.tipoff_at,
                staged_results.c.home_score,
                staged_results.c.away_score,
                staged_results.c.available_at,
                odds_snapshots.c.home_moneyline,
                odds_snapshots.c.away_moneyline,
            )
            .join(staged_results, staged_results.c.game_id == games.c.game_id)
            .join(odds_snapshots, odds_snapshots.c.game_id == games.c.game_id)
            .where(games.c.game_id == game_id)
            .order_by(odds_snapshots.c.captured_at.desc())
            .limit(1)
        )
        return conn.execute(query).one()


def place_home_bet(betting: Site, stake: str) -> Any:
    """Place a bet on the home side of the first open game; returns that game's row."""
    page = betting.page
    betting.go("bet")
    card = page.locator("article.game").first
    card.wait_for()
    game = game_row(card.get_attribute("data-game-id") or "")

    card.locator(f'button[data-pick="{game.home_team}"]').click()
    card.get_by_label("Stake").fill(stake)
    expected = payout(Decimal(stake), game.home_moneyline)
    expect(card.locator("[aria-live=polite]")).to_contain_text(
        f"{game.home_team} at {odds_text(game.home_moneyline)}: a win pays {money(expected)}"
    )
    card.get_by_role("button", name="Place bet").click()
    expect(card).to_contain_text(f"Your bet: {game.home_team} {money(Decimal(stake))}")
    return game
