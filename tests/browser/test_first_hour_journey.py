"""A club's first hour: its founder finds the way into discussions and starts the first one;
a member opens another member's profile card from a post."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.browser.conftest import DEMO_CLUB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_founder_creates_a_club_and_starts_the_first_discussion(
    new_context, audit, demo, javascript
):
    rowan = new_context(javascript=javascript, width=375, as_user=demo["rowan"]).new_page()
    rowan.goto("/")
    audit.check(rowan)
    rowan.locator("main").get_by_role("link", name="Start a club").click()
    audit.check(rowan)
    rowan.get_by_label("Name").fill("Sunday Porch Readers")
    rowan.get_by_role("button", name="Create the club").click()
    rowan.get_by_role("heading", name="This week").wait_for()
    audit.check(rowan, state="new club")

    # Before any reading, the club nav's Discussions says how to begin.
    rowan.get_by_role("navigation", name="Sunday Porch Readers").get_by_role(
        "link", name="Discussions"
    ).click()
    audit.check(rowan, state="no reading")
    rowan.locator("main").get_by_role("link", name="Start a reading").click()
    audit.check(rowan)
    starts_on = timezone.localdate()
    rowan.get_by_label("Book from the catalogue").select_option(label="Not Your Rescue Project")
    rowan.get_by_label("Start reading on").fill(starts_on.isoformat())
    rowan.get_by_label("Finish by").fill((starts_on + dt.timedelta(days=70)).isoformat())
    rowan.get_by_role("button", name="Start the reading").click()
    rowan.get_by_role("link", name="Edit schedule").first.wait_for()
    audit.check(rowan, state="new reading")

    rowan.get_by_role("link", name="Club home").click()
    audit.check(rowan, state="empty")
    rowan.get_by_role("link", name="Start the first discussion").click()
    audit.check(rowan)
    rowan.get_by_label("Title").fill("Hello, porch readers")
    rowan.get_by_label("First post").fill("What made you pick up this book?")
    rowan.get_by_role("button", name="Start thread").click()
    rowan.get_by_role("heading", name="Hello, porch readers").wait_for()
    audit.check(rowan, state="first thread")

    rowan.goto(rowan.url.split("/t/")[0] + "/")
    rowan.get_by_role("heading", name="Recent threads").wait_for()
    audit.check(rowan, state="with a thread")
    assert rowan.get_by_role("link", name="Start the first discussion").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_member_opens_another_members_profile_card(new_context, audit, demo, javascript):
    from bookclub.accounts.models import User

    User.objects.filter(pk=demo["mei"].pk).update(pronouns="she/her", bio="Reads ahead, always.")
    sol = new_context(javascript=javascript, width=375, as_user=demo["sol"]).new_page()
    sol.goto(DEMO_CLUB)
    audit.check(sol, state="member")
    sol.get_by_role("navigation", name="Not Your Rescue Project").get_by_role(
        "link", name="Members"
    ).click()
    audit.check(sol)
    sol.locator("main").get_by_role("link", name="Mei", exact=True).click()
    sol.get_by_role("heading", name="Mei").wait_for()
    audit.check(sol, state="profile")
    assert "Reads ahead, always." in sol.content()
    assert "she/her" in sol.content()
    assert "@demo.bookclub.test" not in sol.content()

    # From a post: the author's name leads to the same card.
    sol.goto(DEMO_CLUB)
    sol.locator("main").get_by_role("link", name="All discussions").click()
    audit.check(sol)
    sol.locator("main a[href*='/t/']:visible").first.click()
    sol.locator("#post-1").wait_for()
    audit.check(sol, state="thread")
    author = sol.locator(".post-author a").filter(has_not_text="Sol").first
    name = author.inner_text()
    author.click()
    sol.get_by_role("heading", name=name, exact=True).wait_for()
    sol.get_by_role("heading", name="Clubs you share").wait_for()
    audit.check(sol, state="author card")
