"""An organiser starts a club, drafts a weekly schedule, publishes it and invites a reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_admin_starts_club_publishes_schedule_and_invites(new_context, audit, demo, javascript):
    rowan = new_context(javascript=javascript, as_user=demo["rowan"]).new_page()
    rowan.goto("/")
    audit.check(rowan)
    rowan.locator("main").get_by_role("link", name="Start a club").click()
    audit.check(rowan)
    rowan.get_by_label("Name").fill("Tuesday Night Readers")
    rowan.get_by_label("Invitation only").check()
    rowan.get_by_role("button", name="Create the club").click()
    rowan.get_by_role("heading", name="This week").wait_for()
    audit.check(rowan, state="new club")

    rowan.get_by_role("link", name="Start one").click()
    audit.check(rowan)
    starts_on = timezone.localdate()
    rowan.get_by_label("Book from the catalogue").select_option(label="Not Your Rescue Project")
    rowan.get_by_label("Start reading on").fill(starts_on.isoformat())
    rowan.get_by_label("Finish by").fill((starts_on + dt.timedelta(days=77)).isoformat())
    rowan.get_by_role("button", name="Start the reading").click()

    rowan.get_by_role("link", name="Edit schedule").click()
    rowan.get_by_role("heading", name="Edit the schedule").wait_for()
    audit.check(rowan, state="empty")
    rowan.get_by_label("Every how many days").fill("7")
    rowan.get_by_role("button", name="Spread the chapters").click()
    entries = rowan.locator(".curation-entry")
    entries.first.wait_for()
    assert entries.count() > 1
    audit.check(rowan, state="draft")
    rowan.get_by_role("button", name="Publish schedule").click()
    rowan.get_by_text("Members see this schedule").wait_for()
    audit.check(rowan, state="published")

    rowan.get_by_role("link", name="Manage").click()
    audit.check(rowan)
    rowan.get_by_role("navigation", name="Manage the club").get_by_role(
        "link", name="Invitations"
    ).click()
    audit.check(rowan)
    rowan.get_by_role("button", name="Create invitation").click()
    link = rowan.get_by_label("Invitation link").first.input_value()
    audit.check(rowan, state="with link")

    mei = new_context(javascript=javascript, width=375, as_user=demo["mei"]).new_page()
    mei.goto(link.replace("http://testserver", ""))
    audit.check(mei)
    mei.get_by_label("I accept the code of conduct").check()
    mei.get_by_role("button", name="Join the club").click()
    mei.get_by_text("You are a member since").wait_for()
    mei.get_by_text("Welcome to Tuesday Night Readers.").wait_for()
    audit.check(mei, state="member")
    mei.locator("main").get_by_role("link", name="Not Your Rescue Project").first.click()
    mei.get_by_role("heading", name="Schedule").wait_for()
    audit.check(mei)
