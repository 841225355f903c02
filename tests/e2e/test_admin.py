"""The admin page in a real browser: hidden from Consumers, working for an Admin."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.support import Site, unique

pytestmark = pytest.mark.e2e

PASSWORD = "admin-password-9"


@pytest.fixture
def admin_name(betting_database: str) -> Iterator[str]:
    """An Admin account; flags and settings are put back as they were afterwards."""
    from courtside.domain import accounts, admin_settings, config, flags
    from courtside.domain.audit import Actor

    username = unique("admin_")
    accounts.create_admin(username, PASSWORD)
    yield username

    actor = Actor(user_id=None, username="e2e-cleanup")
    for name in config.DEFAULT_FLAGS:
        flags.update_flag(actor, name, enabled=True, description=None)
    admin_settings.update_settings(actor, {"max_stake": None})
    config.invalidate()


def test_the_admin_page_is_hidden_from_a_consumer(betting: Site) -> None:
    page = betting.page
    betting.sign_up(unique("consumer_"))

    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My bets")).to_be_visible()
    expect(nav.get_by_role("link", name="Admin")).to_have_count(0)

    betting.go("admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Admin")
    expect(page.get_by_text("does not have the Admin role")).to_be_visible()
    expect(page.get_by_role("tab")).to_have_count(0)

    # The API refuses the Consumer's token too, whatever the page shows.
    status = page.evaluate(
        """async () => (await fetch('/v1/admin/overview', {headers: {Authorization:
            'Bearer ' + sessionStorage.getItem('courtside.token')}})).status"""
    )
    assert status == 403


def test_an_admin_switches_betting_off_and_the_bet_page_goes(
    betting: Site, admin_name: str
) -> None:
    page = betting.page
    betting.log_in(admin_name, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Bet", exact=True)).to_be_visible()

    nav.get_by_role("link", name="Admin").click()
    expect(page.get_by_role("tab", name="Overview")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("New this week")).to_be_visible()

    page.get_by_role("tab", name="Feature flags").click()
    betting_switch = page.locator('input[data-flag="betting"]')
    expect(betting_switch).to_be_checked()
    betting_switch.uncheck()
    expect(page.locator("#toasts")).to_contain_text("betting is now off")
    expect(nav.get_by_role("link", name="Bet", exact=True)).to_have_count(0)

    page.get_by_role("tab", name="Audit log").click()
    entry = page.locator("tbody tr").filter(has_text="flag.update").first
    expect(entry).to_contain_text(admin_name)
    expect(entry).to_contain_text("betting")


def test_an_admin_adds_and_deletes_a_flag(betting: Site, admin_name: str) -> None:
    page = betting.page
    betting.log_in(admin_name, PASSWORD)
    betting.go("admin?tab=flags")

    name = unique("e2e-")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Description").fill("A flag made by the browser tests")
    page.get_by_role("button", name="Add flag").click()
    row = page.locator("tbody tr").filter(has_text=name)
    expect(row).to_contain_text("A flag made by the browser tests")
    expect(row).to_contain_text("added")

    page.get_by_label("Name").fill("Not Lowercase!")
    page.get_by_role("button", name="Add flag").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_attribute("aria-invalid", "true")

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Delete flag {name}").click()
    expect(page.locator("tbody tr").filter(has_text=name)).to_have_count(0)
    built_in = page.locator("tbody tr").filter(has_text="signups")
    expect(built_in).to_contain_text("Cannot be deleted")


def test_settings_show_the_servers_validation_message_and_save(
    betting: Site, admin_name: str
) -> None:
    page = betting.page
    betting.log_in(admin_name, PASSWORD)
    betting.go("admin?tab=settings")

    max_stake = page.get_by_label("Max stake", exact=True)
    max_stake.fill("0.50")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("The settings were not saved")
    expect(max_stake).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error:visible")).to_contain_text(
        "min_stake must not be greater than max_stake"
    )

    max_stake.fill("250.00")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved: Max stake.")).to_be_visible()
    expect(page.get_by_label("Max stake", exact=True)).to_have_value("250.00")
    expect(page.get_by_text(re.compile(f"Changed by {admin_name}"))).to_be_visible()


def test_an_admin_disables_a_user_and_runs_results(betting: Site, admin_name: str) -> None:
    from courtside.domain import accounts

    page = betting.page
    victim = unique("victim_")
    accounts.create_user(victim, "victim-password-1")
    betting.log_in(admin_name, PASSWORD)
    betting.go("admin?tab=users")

    page.get_by_label("Search").fill(victim)
    page.get_by_role("button", name="Filter").click()
    row = page.locator("tbody tr").filter(has_text=victim)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    expect(row).to_contain_text("Disabled")
    expect(page.locator("#toasts")).to_contain_text(f"{victim}: Consumer, disabled")

    # An admin cannot disable themself: the 409 is shown as the server words it.
    page.get_by_label("Search").fill(admin_name)
    page.get_by_role("button", name="Filter").click()
    own = page.locator("tbody tr").filter(has_text=admin_name)
    own.get_by_role("checkbox").check()
    expect(page.get_by_role("alert")).to_contain_text("you cannot disable your own account")
    expect(own.get_by_role("checkbox")).not_to_be_checked()

    page.get_by_role("tab", name="Results").click()
    page.get_by_role("button", name="Run results now").click()
    expect(page.get_by_text("Results processed")).to_be_visible()
    runs = page.get_by_role("region", name="Results runs")
    expect(runs.locator("tbody tr").first).to_contain_text(admin_name)
