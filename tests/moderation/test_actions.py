"""Moderation actions called directly: a moderator's power stays in their own club."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from bookclub.clubs.models import AuditLog, Membership
from discussions import services
from discussions.models import Post, Thread
from discussions.moderation import actions as moderation
from discussions.moderation.models import Report
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ELSEWHERE_ACTIONS = {
    "report_post": lambda actor, post, report: moderation.report_post(
        actor=actor, post=post, reason="hate"
    ),
    "hide_post": lambda actor, post, report: moderation.hide_post(
        actor=actor, post=post, reason="x"
    ),
    "restore_post": lambda actor, post, report: moderation.restore_post(
        actor=actor, post=post, reason="x"
    ),
    "pin_thread": lambda actor, post, report: moderation.pin_thread(
        actor=actor, thread=post.thread, pinned=True, reason="x"
    ),
    "lock_thread": lambda actor, post, report: moderation.lock_thread(
        actor=actor, thread=post.thread, locked=True, reason="x"
    ),
    "move_thread": lambda actor, post, report: moderation.move_thread(
        actor=actor, thread=post.thread, place="chapter:1", reason="x"
    ),
    "handle_report": lambda actor, post, report: moderation.handle_report(
        actor=actor, report=report, decision="ban", reason="x"
    ),
}


def _state():
    return (
        list(Thread.objects.values_list("pk", "kind", "is_pinned", "is_locked")),
        list(Post.objects.values_list("pk", "hidden_at")),
        list(Report.objects.values_list("pk", "status")),
        list(Membership.objects.values_list("pk", "status")),
        AuditLog.objects.count(),
    )


@pytest.mark.parametrize("action", ELSEWHERE_ACTIONS)
def test_moderation_refuses_a_moderator_of_another_club(club, action):
    moderator = member_of(club, "moderator")
    other_club = ClubFactory()
    # A plain member there: the moderator role here must not carry over.
    MembershipFactory(club=other_club, user=moderator)
    author, reporter = member_of(other_club), member_of(other_club)
    thread = services.create_thread(
        actor=acting(author, other_club), reading=make_reading(other_club), title="T", body="x"
    )
    post = thread.posts.get()
    report = moderation.report_post(actor=acting(reporter, other_club), post=post, reason="hate")
    before = _state()

    with pytest.raises(PermissionDenied):
        ELSEWHERE_ACTIONS[action](acting(moderator, club), post, report)

    assert _state() == before
