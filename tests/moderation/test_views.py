"""Reporting, the moderation queue, hidden posts, mutes and blocks, as members see them."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from bookclub.accounts.models import Block
from bookclub.clubs import services as clubs
from bookclub.clubs.models import AuditLog, Membership
from discussions import services
from discussions.moderation import actions as moderation
from discussions.moderation.models import Report
from discussions.notifications.models import Notification
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(club):
    reading = make_reading(club)
    author, reporter = member_of(club), member_of(club)
    moderator = member_of(club, "moderator")
    thread = services.create_thread(
        reading=reading, actor=acting(reporter, reading.club), title="Borders", body="Hi"
    )
    post = services.create_post(
        thread=thread, actor=acting(author, thread.club), body="Something cruel"
    )
    return {"club": club, "thread": thread, "post": post, "author": author,
            "reporter": reporter, "moderator": moderator, "reading": reading}  # fmt: skip


def test_member_reports_a_post_and_moderator_sees_it_in_queue(client, world):
    club, post = world["club"], world["post"]
    client.force_login(world["reporter"])
    url = reverse("moderation:post-report", args=[club.slug, post.pk])
    response = client.post(url, {"reason": "harassment", "details": "Targets me"})
    assert response.status_code == 302
    client.force_login(world["moderator"])
    page = client.get(reverse("moderation:queue", args=[club.slug])).content.decode()
    assert "Harassment or a personal attack" in page and "Targets me" in page
    assert "Something cruel" in page


def test_report_without_reason_keeps_text_and_says_why(client, world):
    client.force_login(world["reporter"])
    url = reverse("moderation:post-report", args=[world["club"].slug, world["post"].pk])
    response = client.post(url, {"details": "my words"})
    assert response.status_code == 400
    assert "my words" in response.content.decode()
    assert not Report.objects.exists()


def test_handling_a_report_hides_post_logs_and_tells_reporter_only_that(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    report = moderation.report_post(
        actor=acting(world["reporter"], world["post"].thread.club),
        post=world["post"],
        reason="hate",
    )
    client.force_login(world["moderator"])
    url = reverse("moderation:report-decide", args=[world["club"].slug, report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "warn", "reason": "Cruel words", "mute_hours": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "handled"
    assert list(AuditLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "hide_post",
        "warn",
    ]
    to_reporter = [m for m in mailoutbox if world["reporter"].email in m.to]
    assert len(to_reporter) == 1
    assert "Cruel words" not in to_reporter[0].body
    assert world["moderator"].display_name not in to_reporter[0].body


def test_decision_needs_a_reason(client, world):
    report = moderation.report_post(
        actor=acting(world["reporter"], world["post"].thread.club),
        post=world["post"],
        reason="hate",
    )
    client.force_login(world["moderator"])
    url = reverse("moderation:report-decide", args=[world["club"].slug, report.pk])
    response = client.post(url, {"decision": "hide", "reason": ""}, follow=True)
    assert "Give a reason" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "open"


def test_hidden_post_is_a_placeholder_for_members_and_full_for_moderators(client, world):
    moderation.hide_post(
        actor=acting(world["moderator"], world["post"].thread.club),
        post=world["post"],
        reason="Cruel",
    )
    url = world["thread"].get_absolute_url()
    client.force_login(world["reporter"])
    page = client.get(url).content.decode()
    assert "hidden by a moderator" in page and "Something cruel" not in page
    client.force_login(world["moderator"])
    page = client.get(url).content.decode()
    assert "Something cruel" in page and "Hidden by a moderator" in page


def test_hidden_post_is_left_out_of_search(client, world):
    moderation.hide_post(
        actor=acting(world["moderator"], world["post"].thread.club),
        post=world["post"],
        reason="Cruel",
    )
    client.force_login(world["reporter"])
    url = reverse("discussions:thread-search", args=[world["club"].slug])
    assert client.get(url, {"q": "cruel"}).context["results"] == []


def test_restore_brings_the_post_back(world):
    moderation.hide_post(
        actor=acting(world["moderator"], world["post"].thread.club), post=world["post"], reason="x"
    )
    moderation.restore_post(
        actor=acting(world["moderator"], world["post"].thread.club),
        post=world["post"],
        reason="Appeal",
    )
    world["post"].refresh_from_db()
    assert not world["post"].is_hidden
    assert AuditLog.objects.filter(action="restore_post", reason="Appeal").exists()


def test_muted_member_cannot_post_and_is_told_until_when(client, world):
    club = world["club"]
    author = Membership.objects.get(club=club, user=world["author"])
    clubs.mute_member(
        actor=acting(world["moderator"], club), membership_id=author.pk,
        duration=timedelta(hours=3), reason="Cool off",
    )  # fmt: skip
    client.force_login(world["author"])
    url = reverse("discussions:post-create", args=[club.slug, world["thread"].pk])
    response = client.post(
        url, {"body": "Let me speak", "idempotency_key": "7b6c0a0e-6f0e-4c39-a1c3-5e0b3e1f9d11"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "muted you in this club until" in page and "Cool off" in page
    assert "Let me speak" in page
    react = reverse("discussions:post-react", args=[club.slug, world["thread"].last_post_id])
    assert client.post(react, {"kind": "like"}).status_code == 403


def test_moderator_moves_and_locks_a_thread_with_reason(client, world):
    client.force_login(world["moderator"])
    url = reverse("moderation:thread-moderate", args=[world["club"].slug, world["thread"].pk])
    client.post(url, {"action": "move", "place": "chapter:2", "reason": "Belongs there"})
    client.post(url, {"action": "lock", "reason": "Heated"})
    world["thread"].refresh_from_db()
    assert world["thread"].chapter.position == 2 and world["thread"].is_locked
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert actions == {"move_thread", "lock_thread"}


def test_move_to_unknown_place_is_a_clear_message(client, world):
    client.force_login(world["moderator"])
    url = reverse("moderation:thread-moderate", args=[world["club"].slug, world["thread"].pk])
    response = client.post(url, {"action": "move", "place": "chapter:99", "reason": "x"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_blocked_authors_posts_collapse_and_they_cannot_notify(client, world):
    Block.objects.create(blocker=world["reporter"], blocked=world["author"])
    client.force_login(world["reporter"])
    page = client.get(world["thread"].get_absolute_url()).content.decode()
    assert "Post by someone you blocked" in page
    before = Notification.objects.filter(recipient=world["reporter"]).count()
    name = world["reporter"].display_name
    from discussions.notifications import fanout as notifications

    post = services.create_post(
        thread=world["thread"],
        actor=acting(world["author"], world["thread"].club),
        body=f"@{name} hi",
    )
    notifications.notify_new_post(post)
    assert Notification.objects.filter(recipient=world["reporter"]).count() == before


def test_blocked_person_sees_no_difference(client, world):
    client.force_login(world["author"])
    url = world["thread"].get_absolute_url()
    before = client.get(url).content.decode()
    Block.objects.create(blocker=world["reporter"], blocked=world["author"])
    after = client.get(url).content.decode()
    strip = lambda page: page.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert "blocked" not in after.lower() or strip(before).count("blocked") == strip(after).count(
        "blocked"
    )


def test_audit_log_page_for_admins_only(client, world):
    moderation.hide_post(
        actor=acting(world["moderator"], world["post"].thread.club),
        post=world["post"],
        reason="Cruel",
    )
    url = reverse("moderation:audit-log", args=[world["club"].slug])
    client.force_login(world["moderator"])
    assert client.get(url).status_code == 403
    client.force_login(member_of(world["club"], "admin"))
    page = client.get(url).content.decode()
    assert "Hid a post" in page and "Cruel" in page


# Pin and lock: one audited path each, reached from the thread page.


def _moderate(client, world, **data):
    url = reverse("moderation:thread-moderate", args=[world["club"].slug, world["thread"].pk])
    return client.post(url, data)


def test_thread_page_pin_and_lock_forms_go_to_the_audited_action(client, world):
    client.force_login(world["moderator"])
    page = client.get(world["thread"].get_absolute_url()).content.decode()
    moderate = reverse("moderation:thread-moderate", args=[world["club"].slug, world["thread"].pk])

    assert page.count(f'action="{moderate}"') == 2
    assert 'value="pin"' in page and 'value="lock"' in page and 'name="reason"' in page


@pytest.mark.parametrize(("action", "flag"), [("pin", "is_pinned"), ("lock", "is_locked")])
def test_pin_and_lock_are_recorded_with_their_reason_both_ways(client, world, action, flag):
    client.force_login(world["moderator"])

    assert _moderate(client, world, action=action, reason="Weekly guide").status_code == 302
    world["thread"].refresh_from_db()
    assert getattr(world["thread"], flag)
    _moderate(client, world, action=action, reason="Week is over")
    world["thread"].refresh_from_db()

    assert not getattr(world["thread"], flag)
    entries = list(AuditLog.objects.order_by("pk").values_list("action", "reason", "actor"))
    assert entries == [
        (f"{action}_thread", "Weekly guide", world["moderator"].pk),
        (f"un{action}_thread", "Week is over", world["moderator"].pk),
    ]


@pytest.mark.parametrize("action", ["pin", "lock"])
def test_pin_or_lock_without_a_reason_says_why_and_changes_nothing(client, world, action):
    client.force_login(world["moderator"])

    response = _moderate(client, world, action=action, reason="  ")

    assert response.status_code == 400
    assert "Give a reason: it goes into the club's audit log." in unescape(response.text)
    world["thread"].refresh_from_db()
    assert not world["thread"].is_pinned and not world["thread"].is_locked
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize("old", ["pin", "lock"])
def test_the_old_unaudited_pin_and_lock_urls_change_nothing(client, world, old):
    client.force_login(world["moderator"])

    client.post(f"/c/{world['club'].slug}/t/{world['thread'].pk}/{old}/")

    world["thread"].refresh_from_db()
    assert not world["thread"].is_pinned and not world["thread"].is_locked
    assert not AuditLog.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),  # a visitor is sent to sign in
        ("outsider", 403),
        ("member", 403),
        ("moderator", 302),
        ("admin", 302),
        ("owner", 302),
    ],
)
@pytest.mark.parametrize("action", ["pin", "lock"])
def test_only_moderators_and_above_pin_or_lock(client, world, role, status, action):
    if role == "outsider":
        client.force_login(UserFactory())
    elif role is not None:
        client.force_login(member_of(world["club"], role))

    response = _moderate(client, world, action=action, reason="Because")

    assert response.status_code == status
    world["thread"].refresh_from_db()
    changed = world["thread"].is_pinned or world["thread"].is_locked
    assert changed == (role in {"moderator", "admin", "owner"})
    assert AuditLog.objects.exists() == changed
