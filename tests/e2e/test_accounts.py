"""Sign up, log in, log out and the API's error messages, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.support import Site, unique

pytestmark = pytest.mark.e2e


def test_sign_up_logs_in_keeps_the_token_in_session_storage_and_logs_out(betting: Site) -> None:
    page = betting.page
    username = unique("e2e_")

    betting.sign_up(username)

    expect(page.locator("#account")).to_contain_text(username)
    expect(page.get_by_test_id("balance")).to_have_text("Balance 1,000.00")
    assert betting.token() is not None
    assert page.evaluate("localStorage.length") == 0

    page.reload()
    page.wait_for_selector("html[data-ready]")
    expect(page.locator("#account")).to_contain_text(username)

    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#account").get_by_role("link", name="Log in")).to_be_visible()
    assert betting.token() is None
    expect(page.get_by_role("link", name="My bets")).to_have_count(0)


def test_a_taken_username_shows_the_conflict_message(betting: Site) -> None:
    from courtside.domain import accounts

    page = betting.page
    taken = unique("taken_")
    accounts.create_user(taken, "somebody-else-1")

    betting.open("signup")
    page.get_by_label("Username").fill(taken.upper())
    page.get_by_label("Password", exact=True).fill("correct-horse-9")
    page.get_by_label("Repeat password").fill("correct-horse-9")
    page.get_by_role("button", name="Create account").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Could not create the account")
    expect(alert).to_contain_text("is taken")
    expect(page.locator(".field-error").first).to_contain_text("is taken")
    assert betting.token() is None


def test_invalid_fields_show_the_servers_message_under_each_field(betting: Site) -> None:
    page = betting.page
    betting.open("signup")
    page.get_by_label("Username").fill("no spaces allowed")
    page.get_by_label("Email (optional)").fill("not-an-email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("short")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("alert")).to_contain_text("invalid request")
    username = page.get_by_label("Username")
    expect(username).to_have_attribute("aria-invalid", "true")
    errors = page.locator(".field-error:visible")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_contain_text("3 to 32 characters")
    expect(errors.nth(1)).to_contain_text("not a valid email address")
    expect(errors.nth(2)).to_contain_text("at least 8 characters")


def test_repeated_wrong_passwords_lock_the_login_with_the_time_to_wait(betting: Site) -> None:
    from courtside.domain import accounts

    page = betting.page
    username = unique("locked_")
    accounts.create_user(username, "the-right-password")

    betting.open("login")
    page.get_by_label("Username").fill(username)
    password = page.get_by_label("Password")
    for attempt in range(5):
        password.fill(f"wrong-password-{attempt}")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_contain_text("Could not log in")

    password.fill("the-right-password")
    page.get_by_role("button", name="Log in").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Too many attempts")
    # The wait comes from the Retry-After header (900 s window, a second or so gone).
    expect(alert.locator(".retry-after")).to_have_text(
        re.compile(r"^You can try again in 1[45] min( \d+ s)?\.$")
    )
    assert betting.token() is None


@pytest.fixture
def signups_closed(betting_database: str) -> Iterator[None]:
    from courtside.domain import config, flags
    from courtside.domain.audit import Actor

    actor = Actor(user_id=None, username="e2e")
    flags.update_flag(actor, "signups", enabled=False, description=None)
    config.invalidate()
    yield
    flags.update_flag(actor, "signups", enabled=True, description=None)
    config.invalidate()


def test_sign_up_is_hidden_when_the_signups_flag_is_off(
    betting: Site, signups_closed: None, page: Any
) -> None:
    betting.open("standings")
    expect(page.locator("#account").get_by_role("link", name="Log in")).to_be_visible()
    expect(page.locator("#account").get_by_role("link", name="Sign up")).to_have_count(0)

    betting.go("signup")
    expect(page.get_by_text("Sign-ups are closed at the moment")).to_be_visible()
    expect(page.get_by_role("button", name="Create account")).to_have_count(0)
