"""A person signs up, follows the emailed link, logs out and back in, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_up_verify_log_out_and_in(new_context, audit, javascript):
    page = new_context(javascript=javascript, width=375).new_page()
    page.goto("/accounts/signup/")
    audit.check(page)
    page.get_by_label("Email").fill("browser.reader@example.org")
    page.get_by_label("Display name").fill("Browser Reader")
    page.get_by_label("Password", exact=True).fill("slow-reading-is-fine")
    page.get_by_label("Password (again)").fill("slow-reading-is-fine")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    audit.check(page)

    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", ""))
    audit.check(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Browser Reader").wait_for()
    audit.check(page)

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Log in").click()
    audit.check(page)
    page.get_by_label("Email").fill("browser.reader@example.org")
    page.get_by_label("Password").fill("slow-reading-is-fine")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Browser Reader").wait_for()
