"""Community pages in a real browser: picks per game and the leaderboard flag."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.support import Site, place_home_bet, unique

pytestmark = pytest.mark.e2e


def test_a_new_bet_shows_in_the_community_picks_of_its_game(betting: Site) -> None:
    page = betting.page
    betting.sign_up(unique("picker_"))
    game = place_home_bet(betting, "60")

    tipoff_day = page.evaluate(
        "iso => new Date(iso).toLocaleDateString('en-CA', {timeZone: 'America/New_York'})",
        game.tipoff_at.isoformat(),
    )
    betting.go(f"community?date={tipoff_day}")
    card = page.locator(f'article[data-game-id="{game.game_id}"]')
    home = card.locator(f'.game-row[data-team="{game.home_team}"]')

    # Other tests bet on the same game: compare with what the API counts right now.
    picks: Any = page.evaluate(
        "async id => (await (await fetch('/v1/predictions/games/' + id)).json())",
        game.game_id,
    )
    side = next(s for s in picks["sides"] if s["team"] == game.home_team)
    assert side["users"] >= 1
    assert float(side["stake"]) >= 60
    label = "pick" if side["users"] == 1 else "picks"
    expect(home).to_contain_text(f"{side['users']} {label}")
    expect(home).to_contain_text(f"{float(side['stake']):,.2f}")
    share = (Decimal(str(side["stake_share"])) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    expect(card.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(rf"^Stake share: .*, {game.home_team} {share}%$")
    )


@pytest.fixture
def leaderboard_off(betting_database: str) -> Iterator[None]:
    from courtside.domain import config, flags
    from courtside.domain.audit import Actor

    actor = Actor(user_id=None, username="e2e")
    flags.update_flag(actor, "leaderboard", enabled=False, description=None)
    config.invalidate()
    yield
    flags.update_flag(actor, "leaderboard", enabled=True, description=None)
    config.invalidate()


def test_the_leaderboard_shows_while_its_flag_is_on(betting: Site) -> None:
    page = betting.open("community")
    expect(page.get_by_role("heading", name="Leaderboard")).to_be_visible()


def test_the_leaderboard_section_goes_when_the_flag_is_off(
    betting: Site, leaderboard_off: None
) -> None:
    page = betting.open("community")
    expect(page.get_by_role("heading", name="Community picks")).to_be_visible()
    expect(page.get_by_role("heading", name="Leaderboard")).to_have_count(0)
