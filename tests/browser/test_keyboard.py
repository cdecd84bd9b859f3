"""The reply form and the schedule editor work with Tab and Enter alone, focus always visible."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_CLUB

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        id: el.id, tag: el.tagName.toLowerCase(),
        // A date or time field's own picker button takes a Tab stop the page cannot style.
        browserPart: !el.matches(":focus"),
        text: (el.innerText || el.value || el.name || "").trim().slice(0, 60),
        visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
                 || style.boxShadow !== "none",
    };
}"""


def tab_to(page, matches, *, limit: int = 120) -> dict:
    """Press Tab until the focused element satisfies `matches`; every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"] or focused["browserPart"], f"focus is not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached the element after {limit} presses")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reply_form_with_keyboard_only(new_context, audit, demo, javascript):
    from discussions.models import Thread

    thread = Thread.objects.filter(club__slug=DEMO_CLUB.strip("/").split("/")[-1]).first()
    mei = new_context(javascript=javascript, as_user=demo["mei"]).new_page()
    mei.goto(thread.get_absolute_url())
    audit.check(mei, state="keyboard")
    tab_to(mei, lambda el: el["tag"] == "textarea")
    mei.keyboard.type("Typed and sent without a mouse.")
    tab_to(mei, lambda el: el["text"] == "Post reply")
    mei.keyboard.press("Enter")
    expect(mei.locator(".post").last).to_contain_text("Typed and sent without a mouse.")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_schedule_editor_with_keyboard_only(new_context, audit, demo, javascript):
    rowan = new_context(javascript=javascript, as_user=demo["rowan"]).new_page()
    rowan.goto(DEMO_CLUB)
    audit.check(rowan, state="owner")
    tab_to(rowan, lambda el: el["text"] == "Edit the schedule")
    rowan.keyboard.press("Enter")
    rowan.get_by_role("heading", name="Edit the schedule").wait_for()
    audit.check(rowan, state="published")

    tab_to(rowan, lambda el: el["text"].startswith("Unpublish"))
    rowan.keyboard.press("Enter")
    rowan.get_by_role("heading", name="Draft it in one step").wait_for()
    audit.check(rowan, state="draft")
    weekly = rowan.locator(".curation-entry").count()
    tab_to(rowan, lambda el: el["id"].endswith("every_days"))
    rowan.keyboard.press("ControlOrMeta+a")
    rowan.keyboard.type("14")
    tab_to(rowan, lambda el: el["text"] == "Spread the chapters")
    rowan.keyboard.press("Enter")
    expect(rowan.locator(".curation-entry")).not_to_have_count(weekly)
    assert 0 < rowan.locator(".curation-entry").count() < weekly
    tab_to(rowan, lambda el: el["text"] == "Publish schedule")
    rowan.keyboard.press("Enter")
    expect(rowan.get_by_text("Members see this schedule")).to_be_visible()
