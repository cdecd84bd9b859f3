"""Steps several journeys share, written once."""

from __future__ import annotations

import re

from django.core import mail

PASSWORD = "slow-reading-is-fine"


def sign_up_and_confirm(page, audit, *, email: str, display_name: str) -> None:
    """From the sign-up page: fill it in, follow the emailed link, confirm; ends signed in."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    audit.check(page)

    link = re.search(r"http://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", ""))
    audit.check(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name=display_name).wait_for()
    audit.check(page)
