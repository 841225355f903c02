"""Betting in a real browser: place, see it in My bets, cancel, settle, chart and CSV.

The betting database replays 2023-24 onto today's calendar, so the open games are real
games with their real closing moneylines, and their real results are staged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.e2e.support import (
    MINUS,
    Site,
    money,
    odds_text,
    payout,
    place_home_bet,
    stat,
    unique,
)

pytestmark = pytest.mark.e2e


def test_place_a_bet_and_find_it_in_my_bets_with_the_balance_reduced(betting: Site) -> None:
    page = betting.page
    betting.sign_up(unique("bettor_"))

    game = place_home_bet(betting, "100")

    balance = page.get_by_test_id("balance")
    expect(balance).to_have_text("Balance 900.00")
    expect(page.get_by_test_id("bet-balance")).to_have_text("900.00")

    page.get_by_role("link", name="My bets").click()
    row = page.locator("tbody tr").filter(has_text=f"{game.away_team} at {game.home_team}")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(game.home_team)
    expect(row).to_contain_text(odds_text(game.home_moneyline))
    expect(row).to_contain_text("100.00")
    expect(row).to_contain_text("pending")
    expected = payout(Decimal("100"), game.home_moneyline)
    expect(row).to_contain_text(f"pays {money(expected)}")

    expect(stat(page, "Balance")).to_have_text("900.00")
    expect(stat(page, "Pending")).to_have_text("1 · 100.00")
    expect(balance).to_have_text("Balance 900.00")


def test_a_stake_over_the_maximum_is_refused_with_the_servers_message(betting: Site) -> None:
    page = betting.page
    betting.sign_up(unique("bold_"))
    betting.go("bet")
    card = page.locator("article.game").first
    card.locator("button.pick").first.click()
    card.get_by_label("Stake").fill("999.99")
    card.get_by_role("button", name="Place bet").click()

    alert = card.get_by_role("alert")
    expect(alert).to_contain_text("The bet was not placed")
    expect(alert).to_contain_text("the maximum stake is 500.00")
    expect(page.get_by_test_id("balance")).to_have_text("Balance 1,000.00")


def test_cancelling_a_bet_refunds_the_stake(betting: Site) -> None:
    page = betting.page
    betting.sign_up(unique("cancel_"))
    game = place_home_bet(betting, "40.50")
    expect(page.get_by_test_id("balance")).to_have_text("Balance 959.50")

    betting.go("my-bets")
    row = page.locator("tbody tr").filter(has_text=f"{game.away_team} at {game.home_team}")
    row.get_by_role("button", name="Cancel").click()

    expect(page.get_by_test_id("balance")).to_have_text("Balance 1,000.00")
    expect(row).to_contain_text("cancelled")
    expect(row.get_by_role("button", name="Cancel")).to_have_count(0)


@pytest.fixture
def leaderboard_from_one_bet(betting_database: str) -> Iterator[None]:
    """Everyone with a settled bet is on the leaderboard (the default asks for 5)."""
    from courtside.domain import admin_settings, config
    from courtside.domain.audit import Actor

    actor = Actor(user_id=None, username="e2e")
    admin_settings.update_settings(actor, {"leaderboard_min_bets": 1})
    config.invalidate()
    yield
    admin_settings.update_settings(actor, {"leaderboard_min_bets": None})
    config.invalidate()


def test_settled_bet_shows_profit_record_chart_leaderboard_and_csv(
    betting: Site, leaderboard_from_one_bet: None
) -> None:
    from courtside import clock
    from courtside.domain.results import run_results

    page = betting.page
    username = unique("settle_")
    betting.sign_up(username)
    game = place_home_bet(betting, "100")

    # Time passes past the game's result; the results job settles the bet.
    clock.advance(game.available_at - clock.now() + timedelta(minutes=1))
    report = run_results(trigger="e2e")
    assert report.bets_settled >= 1

    home_won = game.home_score > game.away_score
    stake = Decimal("100.00")
    profit = payout(stake, game.home_moneyline) - stake if home_won else -stake
    balance = Decimal("1000.00") + profit

    # The token was issued before the clock moved on, so it has expired by now.
    betting.log_in(username)
    betting.go("my-bets")
    row = page.locator("tbody tr").filter(has_text=f"{game.away_team} at {game.home_team}")
    expect(row).to_contain_text("won" if home_won else "lost")
    profit_text = f"+{money(profit)}" if profit > 0 else f"{MINUS}{money(-profit)}"
    expect(row).to_contain_text(profit_text)
    expect(row).to_contain_text(f"{game.away_score}-{game.home_score}")

    expect(stat(page, "Record")).to_have_text("1-0" if home_won else "0-1")
    expect(stat(page, "Profit")).to_have_text(profit_text)
    expect(stat(page, "Accuracy")).to_have_text("100.0%" if home_won else "0.0%")
    expect(stat(page, "Streak")).to_have_text("W1" if home_won else "L1")
    expect(page.get_by_test_id("balance")).to_have_text(f"Balance {money(balance)}")

    chart = page.locator("svg.chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute(
        "aria-label", re.compile(rf"^Cumulative profit from .* ends at {re.escape(profit_text)},")
    )
    assert chart.locator("path.series").count() == 1

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"courtside-bets-{username}.csv"
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert len(rows) == 1
    assert rows[0]["game_id"] == game.game_id
    assert rows[0]["status"] == ("won" if home_won else "lost")

    page.get_by_role("link", name="Community").click()
    board = page.get_by_role("region", name="Leaderboard by profit")
    mine = board.locator("tbody tr").filter(has_text=username)
    expect(mine).to_contain_text("1-0" if home_won else "0-1")
    expect(mine).to_contain_text(profit_text)
