"""A member proposes a book and votes by ranked choice; the owner closes the poll, reads the
rounds and starts the winning book in one click."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import DEMO_CLUB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BORDER = "Border and Rule: Global Migration, Capitalism, and the Rise of Racist Nationalism"
PLAYING = "Playing the Whore: The Work of Sex Work"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_member_votes_and_owner_starts_the_winning_book(new_context, audit, demo, javascript):
    mei = new_context(javascript=javascript, width=375, as_user=demo["mei"]).new_page()
    mei.goto(DEMO_CLUB)
    mei.get_by_role("heading", name="Choose the next book").wait_for()
    audit.check(mei, state="poll open, not voted")
    mei.locator("main").get_by_role("link", name="Vote").click()
    audit.check(mei)
    mei.get_by_label(f"{PLAYING} by Melissa Gira Grant").select_option("1")
    mei.get_by_label(f"{BORDER} by Harsha Walia").select_option("2")
    mei.get_by_role("button", name="Cast my ballot").click()
    mei.get_by_text("Ballot saved.").wait_for()
    audit.check(mei, state="voted")
    mei.get_by_role("button", name="Change my ballot").wait_for()

    mei.get_by_role("navigation", name="Not Your Rescue Project").get_by_role(
        "link", name="Next book"
    ).click()
    audit.check(mei)
    mei.get_by_role("link", name="Propose a book").click()
    audit.check(mei)
    mei.get_by_label("Title").fill("Revolting prostitutes")
    mei.get_by_label("Authors").fill("Molly Smith")
    mei.get_by_role("button", name="Propose it").click()
    mei.get_by_text("looks like a book already proposed").wait_for()
    audit.check(mei, state="duplicate")
    mei.get_by_label("Title").fill("We Too: Essays on Sex Work and Survival")
    mei.get_by_label("Authors").fill("Natalie West with Tina Horn")
    mei.get_by_label("Why this book?").fill("Many voices, many kinds of work.")
    mei.get_by_role("button", name="Propose it").click()
    mei.get_by_role("heading", name="We Too: Essays on Sex Work and Survival").wait_for()
    audit.check(mei, state="proposed")

    rowan = new_context(javascript=javascript, as_user=demo["rowan"]).new_page()
    rowan.goto(DEMO_CLUB + "next-book/")
    audit.check(rowan, state="admin")
    rowan.get_by_role("link", name="Our next book").click()
    audit.check(rowan, state="admin")
    rowan.get_by_role("button", name="Close the poll now").click()
    rowan.get_by_role("heading", name="Round 2").wait_for()
    audit.check(rowan, state="closed")
    assert "Eliminated: " + PLAYING in rowan.locator("main").inner_text()
    rowan.get_by_role("heading", name=f"The next book: {BORDER} by Harsha Walia").wait_for()
    rowan.get_by_role("link", name="Start reading it").click()
    audit.check(rowan, state="from the winner")
    assert rowan.get_by_label("Title", exact=True).input_value() == BORDER
    starts_on = timezone.localdate()
    rowan.get_by_label("Start reading on").fill(starts_on.isoformat())
    rowan.get_by_label("Finish by").fill((starts_on + dt.timedelta(days=56)).isoformat())
    rowan.get_by_label("…or just the number of chapters").fill("8")
    rowan.get_by_role("button", name="Start the reading").click()
    rowan.get_by_role("heading", name="Edit the schedule").wait_for()
    audit.check(rowan)
