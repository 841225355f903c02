"""The public pages in a real browser, over the real 2023-24 data as it was played."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.support import Site

pytestmark = pytest.mark.e2e


def test_standings_put_boston_64_18_at_the_top_of_the_east(public: Site) -> None:
    page = public.open("standings?season=2023-24")

    east = page.get_by_role("region", name="Eastern Conference standings")
    first = east.locator("tbody tr").first
    expect(first).to_contain_text("Boston Celtics")
    cells = first.locator("td")
    expect(cells.nth(0)).to_have_text("1")
    expect(cells.nth(2)).to_have_text("64")
    expect(cells.nth(3)).to_have_text("18")
    expect(cells.nth(4)).to_have_text(".780")

    west = page.get_by_role("region", name="Western Conference standings")
    expect(west.locator("tbody tr")).to_have_count(15)
    last_east = east.locator("tbody tr").last
    expect(last_east).to_contain_text("Detroit Pistons")
    expect(last_east.locator("td").nth(2)).to_have_text("14")
    expect(last_east.locator("td").nth(3)).to_have_text("68")

    page.get_by_label("Conference", exact=True).select_option("West")
    expect(page.get_by_role("region", name="Eastern Conference standings")).to_have_count(0)
    expect(west.locator("tbody tr").first).to_contain_text("Oklahoma City Thunder")


def test_the_opener_shows_the_score_odds_and_local_tipoff(public: Site) -> None:
    page = public.open("games?date=2023-10-24")

    game = page.get_by_role("article", name="Los Angeles Lakers at Denver Nuggets")
    expect(game).to_contain_text("Final")
    # Tip-off 23:00 UTC, shown in the browser's time zone (America/New_York).
    expect(game.locator("time")).to_have_text("7:00 PM EDT")

    home = game.locator('.game-row[data-team="DEN"]')
    away = game.locator('.game-row[data-team="LAL"]')
    expect(home.locator(".score")).to_have_text("119")
    expect(away.locator(".score")).to_have_text("107")
    expect(home).to_have_class(re.compile(r"\bwinner\b"))
    expect(home.locator(".line")).to_have_text("-189 (65.4%)")
    expect(away.locator(".line")).to_have_text("+161 (38.3%)")
    expect(game).to_contain_text("Spread DEN -4.5")
    expect(game).to_contain_text("Total 228.5")

    page.get_by_role("button", name="Next day").click()
    expect(page).to_have_url(re.compile(r"date=2023-10-25"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Wed, Oct 25, 2023")


def test_games_in_another_time_zone_show_the_local_tipoff(browser: Any, site: str) -> None:
    context = browser.new_context(timezone_id="Europe/Paris", locale="en-GB")
    try:
        page = context.new_page()
        page.goto(f"{site}/#/games?date=2023-10-24")
        game = page.get_by_role("article", name="Los Angeles Lakers at Denver Nuggets")
        expect(game.locator("time")).to_have_text(re.compile(r"^01:00 CEST$|^01:00 GMT\+2$"))
    finally:
        context.close()


def test_player_search_ignores_accents(public: Site) -> None:
    page = public.open("players")

    page.get_by_label("Search players").fill("jokic")
    results = page.get_by_role("region", name="Players")
    expect(results.locator("tbody tr")).to_have_count(1)
    row = results.locator("tbody tr").first
    expect(row).to_contain_text("Nikola Jokić")
    expect(row).to_contain_text("DEN")
    expect(page).to_have_url(re.compile(r"q=jokic"))

    row.get_by_role("link", name="Nikola Jokić").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nikola Jokić")
    expect(page.locator("tbody tr").first).to_contain_text("26.4")


def test_players_sort_by_a_stat_and_leaders(public: Site) -> None:
    page = public.open("players")

    leaders = page.get_by_role("region", name=re.compile("Points per game, 2023-24"))
    expect(leaders.locator("tbody tr").first).to_contain_text("Luka Dončić")
    expect(leaders.locator("tbody tr").first).to_contain_text("33.9")

    page.get_by_label("Leaders in").select_option("ast")
    leaders = page.get_by_role("region", name=re.compile("Assists per game, 2023-24"))
    expect(leaders.locator("tbody tr")).to_have_count(10)

    page.get_by_label("Sort by").select_option("trb")
    page.get_by_label("Order").select_option("desc")
    table = page.get_by_role("region", name="Players")
    expect(page).to_have_url(re.compile(r"sort=trb"))
    first = table.locator("tbody tr").first
    second = table.locator("tbody tr").nth(1)
    rebounds = first.locator("td.sorted")
    expect(rebounds).to_have_count(1)
    assert float(rebounds.inner_text()) >= float(second.locator("td.sorted").inner_text())


def test_team_page_shows_the_record_and_game_log(public: Site) -> None:
    page = public.open("standings?season=2023-24")
    page.get_by_role("link", name="Boston Celtics").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Boston Celtics")
    record = page.get_by_label("2023-24 regular season")
    expect(record.locator(".stat").filter(has_text="Record").locator("dd")).to_have_text("64-18")
    expect(record.locator(".stat").filter(has_text="Home").locator("dd")).to_have_text("37-4")

    log = page.get_by_role("region", name="BOS game log")
    first = log.locator("tbody tr").first
    expect(first).to_contain_text("Wed, Oct 25, 2023")
    expect(first).to_contain_text("@ NYK")
    expect(first).to_contain_text("W 108-104")
    expect(first).to_contain_text("-169")

    page.get_by_label("Games").select_option("playoffs")
    expect(log.locator("tbody tr").first).to_contain_text("MIA")


def test_odds_page_lists_implied_and_no_vig_probabilities(public: Site) -> None:
    page = public.open("odds?date=2023-10-24")

    row = page.locator("tbody tr").filter(has_text="LAL at DEN")
    expect(row).to_contain_text("+161")
    expect(row).to_contain_text("38.3% · no-vig 36.9%")
    expect(row).to_contain_text("-189")
    expect(row).to_contain_text("65.4% · no-vig 63.1%")
    expect(row).to_contain_text("DEN -4.5")

    row.get_by_text("History").click()
    expect(row.locator(".snapshots li")).to_have_count(1)
    expect(row.locator(".snapshots li")).to_contain_text("LAL +161, DEN -189")


def test_footer_credits_the_data_sources_and_links_the_api_docs(public: Site) -> None:
    page = public.open("standings")

    footer = page.get_by_role("contentinfo")
    expect(footer).to_contain_text("nba_api")
    expect(footer).to_contain_text("NBA Betting Data 2007-2025")
    expect(footer).to_contain_text("OddsPortal")
    expect(footer).to_contain_text("Basketball-Reference")
    docs = footer.get_by_role("link", name="API docs")
    expect(docs).to_have_attribute("href", "/v1/docs")

    docs.click()
    expect(page).to_have_title("Courtside API")


def test_pages_work_on_a_phone_sized_screen(public: Site) -> None:
    page = public.page
    page.set_viewport_size({"width": 390, "height": 844})
    public.open("standings?season=2023-24")

    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Games").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Games")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def test_the_ui_runs_under_a_strict_content_security_policy(public: Site) -> None:
    """No inline script or style and nothing from another origin: CloudFront can send a
    strict CSP header with the S3 site."""
    page = public.page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def add_csp(route: object) -> None:
        response = route.fetch()  # type: ignore[attr-defined]
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)  # type: ignore[attr-defined]

    page.route(f"{public.base_url}/", add_csp)
    public.open("games?date=2023-10-24")
    game = page.get_by_role("article", name="Los Angeles Lakers at Denver Nuggets")
    expect(game.locator(".score")).to_have_count(2)
    public.go("standings?season=2023-24")
    expect(page.get_by_role("region", name="Eastern Conference standings")).to_be_visible()

    assert violations == []
