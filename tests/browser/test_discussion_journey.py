"""Two members of the demo club talk about the book: progress, threads, replies, quotes,
reactions, mentions, spoiler gating, notifications and search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_CLUB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_thread(page, audit, *, place_link: str, title: str, body: str, anchor=None) -> None:
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=re.compile("^Discussions")
    ).click()
    page.locator("main").get_by_role("link", name=place_link, exact=True).click()
    audit.check(page)
    page.get_by_role("link", name="Start a thread here").click()
    audit.check(page)
    page.get_by_label("Title").fill(title)
    page.get_by_label("First post").fill(body)
    if anchor:
        page.get_by_label("Discusses up to").select_option(label=anchor)
    page.get_by_role("button", name="Start thread").click()
    page.get_by_role("heading", name=title).wait_for()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_members_discuss_the_book_without_spoiling_it(new_context, audit, demo, javascript):
    # Sol is behind in the book: he marks Chapter 1 read on the schedule.
    sol = new_context(javascript=javascript, width=375, as_user=demo["sol"]).new_page()
    sol.goto(DEMO_CLUB)
    audit.check(sol, state="member")
    sol.locator(".this-week").get_by_role("link", name="Not Your Rescue Project").click()
    audit.check(sol)
    sol.get_by_role("button", name=re.compile(r"^Chapter 1\b.*mark read")).first.click()
    expect(
        sol.get_by_role("button", name=re.compile(r"^Chapter 1\b.*press to unmark")).first
    ).to_be_visible()
    audit.check(sol, state="progress")

    # Mei, ahead, starts a theme thread mentioning Sol and a thread on Chapter 3.
    mei = new_context(javascript=javascript, as_user=demo["mei"]).new_page()
    mei.goto(DEMO_CLUB)
    audit.check(mei, state="member")
    mei.locator("main").get_by_role("link", name="All discussions").click()
    audit.check(mei)
    start_thread(
        mei,
        audit,
        place_link="Sex Work as Labor",
        title="Who gets to be called a worker?",
        body="The introduction frames it as labour from the first page. @Sol, how did it land?",
        anchor="No particular chapter",
    )
    audit.check(mei, state="author")
    start_thread(
        mei,
        audit,
        place_link="Chapter 3",
        title="Borders in the third chapter",
        body="This chapter changed how I think about border checks.",
    )

    # Sol is told of the mention, reacts, replies and quotes.
    sol.get_by_role("navigation", name="Site").get_by_role("link", name="Notifications").click()
    audit.check(sol)
    note = sol.get_by_role("listitem").filter(has_text="Mei mentioned you in")
    note.get_by_role("link", name="Who gets to be called a worker?").click()
    first_post = sol.locator("#post-1")
    first_post.wait_for()
    audit.check(sol, state="reader")
    first_post.get_by_role("button", name=re.compile("^like")).click()
    expect(
        sol.locator("#post-1").get_by_role("button", name=re.compile("^like"))
    ).to_have_attribute("aria-pressed", "true")

    sol.locator("#post-1").get_by_role("link", name="Reply").click()
    audit.check(sol)
    sol.get_by_label("Your reply").fill("It landed as hopeful. Organising comes first.")
    sol.get_by_role("button", name="Post reply").click()
    expect(sol.locator("#post-2")).to_contain_text("It landed as hopeful")

    sol.locator("#post-1").get_by_role("link", name="Quote").click()
    audit.check(sol)
    reply = sol.get_by_label("Your reply")
    quoted = reply.input_value()
    assert "> The introduction frames it as labour" in quoted
    reply.fill(quoted + "And the framing holds up later, I hear.")
    sol.get_by_role("button", name="Post reply").click()
    expect(sol.locator("#post-3 blockquote")).to_contain_text("labour from the first page")
    expect(sol.locator("#post-3 .mention").first).to_have_text("@Mei")

    # Mei is told of the reply and the mention.
    mei.get_by_role("navigation", name="Site").get_by_role("link", name="Notifications").click()
    expect(mei.get_by_text("Sol mentioned you in").first).to_be_visible()
    expect(mei.get_by_text("Sol replied to your post in").first).to_be_visible()
    audit.check(mei)

    # The chapter thread is beyond Sol's progress: title and post stay collapsed until revealed.
    sol.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=re.compile("^Discussions")
    ).click()
    audit.check(sol, state="gated titles")
    hidden_title = sol.locator("details.gated-title").filter(has_text="Chapter 3").first
    expect(hidden_title.get_by_role("link", name="Borders in the third chapter")).to_be_hidden()
    hidden_title.locator("summary").click()
    hidden_title.get_by_role("link", name="Borders in the third chapter").click()
    body = sol.get_by_text("This chapter changed how I think about border checks.")
    expect(body).to_be_hidden()
    audit.check(sol, state="gated")
    sol.get_by_text("Discusses up to Chapter 3 — reveal").click()
    expect(body).to_be_visible()

    # Search finds Sol's reply.
    search = sol.get_by_role("search").first
    search.get_by_label("Search discussions").fill("hopeful")
    search.get_by_role("button", name="Search").click()
    results = sol.locator(".search-results")
    expect(
        results.get_by_role("link", name=re.compile("Who gets to be called a worker"))
    ).to_be_visible()
    audit.check(sol)
