"""Steps the browser tests share: opening routes, signing up, logging in."""

from __future__ import annotations

import uuid
from typing import Any


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
