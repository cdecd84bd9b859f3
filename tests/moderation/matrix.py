"""Reporting, blocking and moderation rows of the URL × role matrix (format:
tests/test_url_matrix.py). Members report and block; moderators and up work the queue, hide
posts and lock or move threads; only admins and the owner read the audit log."""

from __future__ import annotations

from bookclub.accounts.models import Block
from bookclub.clubs.models import AuditLog
from discussions.models import Post, Thread
from discussions.moderation import actions as moderation
from discussions.moderation.models import Report
from tests.clubs.matrix import MEMBER_ROLES, MEMBERS_ONLY, World, statuses
from tests.conftest import acting
from tests.discussions.matrix import (
    MEMBERS_REDIRECT,
    MODERATORS,
    MODERATORS_ONLY,
    MODERATORS_POST_ONLY,
    MODERATORS_REDIRECT,
    _others_post_kwargs,
    _thread,
    _thread_kwargs,
)

ADMINS_ONLY = statuses(403, anonymous=302, admin=200, owner=200)


def _report(world: World) -> dict:
    _thread(world)
    report = moderation.report_post(
        actor=acting(world.users["member"], world.extra["other_post"].thread.club),
        post=world.extra["other_post"],
        reason="spam",
    )
    world.extra["report"] = report
    return {"report_id": report.pk}


def _other_post_row(world: World) -> tuple:
    return Post.objects.filter(pk=world.extra["other_post"].pk).values_list("hidden_at").first()


def _blocks(world: World) -> int:
    return Block.objects.count()


def _target_membership(world: World) -> dict:
    return {"membership_id": world.target.pk}


ENTRIES = {
    "moderation:post-report": {
        "setup": _others_post_kwargs,
        "get": MEMBERS_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"reason": "spam", "details": "Matrix"},
        "effect": lambda world: Report.objects.count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "moderation:post-block": {
        "setup": _others_post_kwargs,
        "get": MEMBERS_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _blocks,
        "changes_for": set(MEMBER_ROLES),
    },
    "clubs:membership-block": {
        "setup": _target_membership,
        "get": MEMBERS_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _blocks,
        "changes_for": set(MEMBER_ROLES),
    },
    "moderation:queue": {"get": MODERATORS_ONLY},
    "moderation:audit-log": {"get": ADMINS_ONLY},
    "moderation:report-decide": {
        "setup": _report,
        "get": MODERATORS_POST_ONLY,
        "post": MODERATORS_REDIRECT,
        "post_data": lambda world: {"decision": "hide", "reason": "Matrix", "mute_hours": "24"},
        "effect": lambda world: Report.objects.get(pk=world.extra["report"].pk).status,
        "changes_for": set(MODERATORS),
    },
    "moderation:post-hide": {
        "setup": _others_post_kwargs,
        "get": MODERATORS_ONLY,
        "post": MODERATORS_REDIRECT,
        "post_data": lambda world: {"reason": "Matrix"},
        "effect": _other_post_row,
        "changes_for": set(MODERATORS),
    },
    "moderation:thread-moderate": {
        "setup": _thread_kwargs,
        "get": MODERATORS_ONLY,
        "post": MODERATORS_REDIRECT,
        "post_data": lambda world: {"action": "lock", "reason": "Matrix"},
        "effect": lambda world: (
            Thread.objects.get(pk=world.extra["thread"].pk).is_locked,
            AuditLog.objects.count(),
        ),
        "changes_for": set(MODERATORS),
    },
}
