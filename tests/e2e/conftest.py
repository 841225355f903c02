"""Browser fixtures: Debian's chromium driven by Playwright, against a live local gateway.

One browser per session; a fresh context (cookies, sessionStorage) per test. The gateway
runs in a background thread of this process, so it serves whichever database the test
made current (the read-only NBA database, or the betting database of these tests).
Without chromium the tests skip locally, and fail when CI is set.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import Site

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEZONE = "America/New_York"
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/courtside-e2e"))
DATA_DIR = Path(
    os.environ.get("COURTSIDE_DATA") or Path(__file__).resolve().parents[3] / "shared/data/nba"
)
REPLAY_FROM = date(2024, 1, 15)
"""Betting database: the season replayed so that 2024-01-15 is today."""


def _chromium_or_skip() -> str:
    path = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if path:
        return path
    reason = f"chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: the e2e tests must run in CI", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium_or_skip()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed", pytrace=False)
        pytest.skip("playwright is not installed")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def one_at_a_time_loader() -> Any:
    """Handlers that each serve one request at a time, as one warm Lambda container does.

    A handler module's Powertools resolver keeps the current event on itself, so two
    threads calling the same handler at once would read each other's requests; the
    browser does send parallel requests (My bets loads its summary and history together).
    """
    from local.functions import load_handler

    locks: dict[str, threading.Lock] = {}
    guard = threading.Lock()

    def load(group: str) -> Any:
        handler = load_handler(group)
        with guard:
            lock = locks.setdefault(group, threading.Lock())

        def serve(event: Any, context: Any) -> Any:
            with lock:
                return handler(event, context)

        return serve

    return load


class LiveServer:
    """The local gateway served over HTTP from a background thread."""

    def __init__(self) -> None:
        from werkzeug.serving import make_server

        from local.gateway import Gateway

        self.gateway = Gateway(authorizer_ttl_seconds=0, loader=one_at_a_time_loader())
        self.server = make_server("127.0.0.1", 0, self.gateway, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = LiveServer().start()
    yield server
    server.stop()


def _use_database(url: str) -> None:
    """Make `url` the process's database (as tests/conftest.py's `use_database` does)."""
    from courtside import db
    from courtside.settings import get_settings

    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    db.reset_engine()


def _forget_cached_config() -> None:
    """Flags, settings and public reads are cached per process; a database switch must not
    reuse them (read caches key on a data version that two databases can share)."""
    from courtside.domain import config, readcache

    config.invalidate()
    readcache.cache.clear()


@pytest.fixture
def site(nba_db: str, live_server: LiveServer) -> Iterator[str]:
    """The live site over the read-only NBA database (real 2023-24 data as it is)."""
    _forget_cached_config()
    yield live_server.url
    _forget_cached_config()


@pytest.fixture(scope="session")
def betting_database(make_database: Any) -> str:
    """A database of its own with the season replayed onto today's calendar."""
    from courtside.load import load_directory

    url: str = make_database("courtside_test_e2e")
    load_directory(DATA_DIR, replay_from=REPLAY_FROM)
    return url


@pytest.fixture
def betting_site(betting_database: str, live_server: LiveServer) -> Iterator[str]:
    """The live site over the betting database, made current for this test; the caches
    are emptied again afterwards so that tests over other databases start clean."""
    _use_database(betting_database)
    _forget_cached_config()
    yield live_server.url
    _forget_cached_config()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page in a fresh context (its own sessionStorage), US Eastern time, English."""
    context = browser.new_context(
        timezone_id=TIMEZONE,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    if os.environ.get("E2E_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def public(page: Any, site: str) -> Site:
    """The public site over the read-only NBA database."""
    return Site(page, site)


@pytest.fixture
def betting(page: Any, betting_site: str) -> Site:
    """The site over the replayed betting database."""
    return Site(page, betting_site)
