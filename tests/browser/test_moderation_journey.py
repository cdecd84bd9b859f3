"""A member reports a post; a moderator hides it from the queue; members see a placeholder."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_CLUB
from tests.conftest import acting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def unkind_thread(author):
    from discussions import services
    from readings.models import Reading

    reading = Reading.objects.get(club__slug=DEMO_CLUB.strip("/").split("/")[-1])
    return services.create_thread(
        reading=reading,
        actor=acting(author, reading.club),
        title="Thoughts on the meeting",
        body="Whoever spoke last time should stay home.",
        theme=None,
        chapter=None,
        anchor_chapter=None,
        content_warning="",
        idempotency_key=uuid.uuid4(),
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_member_reports_a_post_and_a_moderator_hides_it(new_context, audit, demo, javascript):
    thread = unkind_thread(demo["mei"])
    sol = new_context(javascript=javascript, width=375, as_user=demo["sol"]).new_page()
    sol.goto(thread.get_absolute_url())
    audit.check(sol, state="before report")
    sol.locator("#post-1").get_by_role("link", name="Report").click()
    audit.check(sol)
    sol.get_by_label("Breaks the code of conduct in another way").check()
    sol.get_by_label("Anything the moderators should know").fill("It is aimed at a member.")
    sol.get_by_role("button", name="Send report").click()
    sol.locator("#post-1").wait_for()
    audit.check(sol, state="reported")

    kit = new_context(javascript=javascript, as_user=demo["kit"]).new_page()
    kit.goto(DEMO_CLUB)
    audit.check(kit, state="moderator")
    kit.get_by_role("navigation", name="Not Your Rescue Project reading circle").get_by_role(
        "link", name="Moderation"
    ).click()
    audit.check(kit)
    report = kit.locator("article.report").filter(has_text="Thoughts on the meeting")
    report.get_by_text("It is aimed at a member.").wait_for()
    report.get_by_label("Decision").select_option(label="Hide the post")
    report.get_by_label("Reason").fill("A personal attack on another member.")
    report.get_by_role("button", name="Decide").click()
    kit.get_by_text("No open reports.").wait_for()
    audit.check(kit, state="empty")

    sol.reload()
    expect(sol.locator("#post-1")).to_contain_text("This post was hidden by a moderator.")
    expect(sol.get_by_text("Whoever spoke last time")).to_have_count(0)
    audit.check(sol, state="hidden")
