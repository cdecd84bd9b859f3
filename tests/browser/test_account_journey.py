"""A person signs up, follows the emailed link, logs out and back in, in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.steps import PASSWORD, sign_up_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_up_verify_log_out_and_in(new_context, audit, javascript):
    page = new_context(javascript=javascript, width=375).new_page()
    page.goto("/accounts/signup/")
    audit.check(page)
    sign_up_and_confirm(
        page, audit, email="browser.reader@example.org", display_name="Browser Reader"
    )

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Log in").click()
    audit.check(page)
    page.get_by_label("Email").fill("browser.reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Browser Reader").wait_for()
