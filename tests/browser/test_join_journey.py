"""A newcomer signs up, asks to join the demo club, and its owner approves them."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_CLUB
from tests.browser.steps import sign_up_and_confirm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_newcomer_signs_up_asks_to_join_and_is_approved(new_context, audit, demo, javascript):
    newcomer = new_context(javascript=javascript, width=375).new_page()
    newcomer.goto(DEMO_CLUB)
    audit.check(newcomer)
    newcomer.locator("main").get_by_role("link", name="Sign up").click()
    audit.check(newcomer)
    sign_up_and_confirm(newcomer, audit, email="ada.reader@example.org", display_name="Ada")

    newcomer.goto(DEMO_CLUB)
    audit.check(newcomer, state="signed in")
    newcomer.locator("main").get_by_role("link", name="Ask to join").click()
    audit.check(newcomer)
    newcomer.get_by_label("A message to the admins").fill("I run a reading group at the library.")
    newcomer.get_by_label("I accept the code of conduct").check()
    newcomer.get_by_role("button", name="Send my request").click()
    newcomer.get_by_text("Your request is pending.").first.wait_for()
    audit.check(newcomer, state="pending")

    rowan = new_context(javascript=javascript, as_user=demo["rowan"]).new_page()
    rowan.goto(DEMO_CLUB)
    audit.check(rowan, state="owner")
    rowan.locator("main").get_by_role("link", name="Join requests").click()
    audit.check(rowan)
    request = rowan.get_by_role("listitem").filter(has_text="Ada")
    request.get_by_text("I run a reading group at the library.").wait_for()
    request.get_by_label("Note to Ada").fill("Welcome!")
    request.get_by_role("button", name="Approve").click()
    rowan.get_by_role("cell", name="Ada").wait_for()
    audit.check(rowan, state="decided")

    newcomer.reload()
    newcomer.get_by_text("You are a member since").wait_for()
    audit.check(newcomer, state="member")
