"""Who is notified of what, and which emails go out."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.urls import reverse

from bookclub.clubs.models import Membership
from discussions import services
from discussions.notifications import services as notification_services
from discussions.notifications.fanout import notify_new_post, notify_new_thread
from discussions.notifications.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Subscription,
)
from tests.conftest import acting, member_of
from tests.discussions.conftest import mark_read


def start(reading, author, title="A thread", body="Opening words", **fields):
    thread = services.create_thread(
        reading=reading, actor=acting(author, reading.club), title=title, body=body, **fields
    )
    notify_new_thread(thread, thread.posts.get(number=1))
    return thread


def reply(thread, author, body="More words", **fields):
    post = services.create_post(
        thread=thread, actor=acting(author, thread.club), body=body, **fields
    )
    notify_new_post(post)
    return post


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def email_mode(user, *, direct=EmailMode.IMMEDIATE, following=EmailMode.IMMEDIATE) -> None:
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"direct_email": direct, "following_email": following}
    )


def chapter(reading, position):
    return reading.book.chapters.get(position=position)


def theme(reading, slug="sex-work-as-labor"):
    return reading.book.themes.get(slug=slug)


@pytest.fixture
def other(club):
    return member_of(club, "member")


# Who gets what


def test_notify_new_post_mention_notifies_the_mentioned_member(reading, member, other):
    thread = start(reading, member)

    reply(thread, member, body=f"What do you think, @{other.display_name}?")

    assert kinds_for(other) == ["mention"]


def test_notify_new_post_reply_notifies_the_author_replied_to(reading, member, other):
    thread = start(reading, member)
    first = reply(thread, other, body="A point")

    reply(thread, member, body="An answer", reply_to=first)

    assert Notification.objects.get(recipient=other).kind == "reply"


def test_notify_new_post_thread_author_follows_their_thread(reading, member, other):
    thread = start(reading, member)

    post = reply(thread, other)

    note = Notification.objects.get(recipient=member)
    assert (note.kind, note.post, note.actor) == ("new_post", post, other)


def test_notify_new_post_replier_is_subscribed_and_hears_of_later_posts(reading, member, other):
    thread = start(reading, member)
    reply(thread, other)

    reply(thread, member, body="Later")

    assert kinds_for(other) == ["new_post"]


def test_notify_new_thread_tells_followers_of_its_theme(reading, member, other):
    notification_services.set_theme_following(
        actor=acting(other, reading.club), reading=reading, theme=theme(reading), following=True
    )

    thread = start(reading, member, theme=theme(reading))
    start(reading, member, title="Elsewhere", theme=theme(reading, "anti-trafficking-myths"))

    note = Notification.objects.get(recipient=other)
    assert (note.kind, note.thread) == ("new_thread", thread)


def test_notify_never_tells_authors_about_their_own_post(reading, member):
    thread = start(reading, member, body=f"Note to self, @{member.display_name}")
    first = thread.posts.get(number=1)

    reply(thread, member, body=f"@{member.display_name} again", reply_to=first)

    assert not Notification.objects.exists()


def test_notify_mention_that_is_also_a_reply_gives_one_mention(reading, member, other):
    thread = start(reading, other)
    first = thread.posts.get(number=1)

    reply(thread, member, body=f"Yes, @{other.display_name}", reply_to=first)

    assert kinds_for(other) == ["mention"]


def test_notify_non_members_mentioned_get_nothing(reading, member, user):
    thread = start(reading, member)

    post = reply(thread, member, body=f"Hello @{user.display_name}")
    # Even a mention row for an outsider (written some other way) reaches nobody.
    post.mentions.create(user=user)
    notify_new_post(post)

    assert not Notification.objects.filter(recipient=user).exists()


@pytest.mark.parametrize("departure", ["banned", "left"])
def test_notify_banned_or_departed_members_get_nothing(reading, member, other, departure):
    thread = start(reading, member)
    reply(thread, other)
    membership = Membership.objects.get(club=reading.club, user=other)
    if departure == "banned":
        membership.status = Membership.Status.BANNED
        membership.save()
    else:
        membership.delete()

    reply(thread, member, body=f"Still there, @{other.display_name}?")

    assert kinds_for(other) == []


def test_notify_unfollowed_thread_stays_unfollowed_when_posting_again(reading, member, other):
    thread = start(reading, member)
    notification_services.set_thread_following(
        actor=acting(member, thread.club), thread=thread, following=False
    )

    reply(thread, member, body="My own reply")
    reply(thread, other)

    assert kinds_for(member) == []
    assert not Subscription.objects.get(user=member, thread=thread).is_following


def test_notify_unfollowed_thread_still_brings_mentions(reading, member, other):
    thread = start(reading, member)
    notification_services.set_thread_following(
        actor=acting(member, thread.club), thread=thread, following=False
    )

    reply(thread, other, body=f"@{member.display_name} look")

    assert kinds_for(member) == ["mention"]


@pytest.mark.parametrize("followers", [3, 60])
def test_notify_new_post_runs_constant_queries(
    reading, member, followers, monkeypatch, django_assert_max_num_queries
):
    thread = start(reading, member)
    people = [member_of(reading.club) for _ in range(followers)]
    Subscription.objects.bulk_create(Subscription(user=p, thread=thread) for p in people)
    for person in people[::2]:
        email_mode(person)
    mentioned = " ".join(f"@{p.display_name}" for p in people[:3])
    post = services.create_post(
        thread=thread, actor=acting(member, thread.club), body=f"Hi {mentioned}"
    )
    enqueued = []
    monkeypatch.setattr(
        "discussions.notifications.fanout.send_notification_emails",
        SimpleNamespace(enqueue=lambda **kwargs: enqueued.append(kwargs)),
    )

    # Load the post, follow, mentions, followers, active members, settings, one insert.
    with django_assert_max_num_queries(7):
        notify_new_post(post)

    assert Notification.objects.filter(post=post).count() == followers
    assert enqueued == [{"post_id": post.pk}]  # one task emails every immediate recipient


# Wired into the discussions services


def test_create_post_notifies_once_committed(
    reading, member, other, django_capture_on_commit_callbacks
):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="Hi"
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post = services.create_post(
            thread=thread, actor=acting(other, thread.club), body=f"@{member.display_name}"
        )

    assert len(callbacks) == 1
    assert Notification.objects.get(recipient=member).post == post


def test_create_thread_notifies_theme_followers_once_committed(
    reading, member, other, django_capture_on_commit_callbacks
):
    notification_services.set_theme_following(
        actor=acting(other, reading.club), reading=reading, theme=theme(reading), following=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        thread = services.create_thread(
            reading=reading,
            actor=acting(member, reading.club),
            title="T",
            body="Hi",
            theme=theme(reading),
        )

    assert Notification.objects.get(recipient=other).thread == thread
    assert Subscription.objects.get(user=member, thread=thread).is_following


def test_create_post_double_submit_notifies_once(
    reading, member, other, django_capture_on_commit_callbacks
):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="Hi"
    )
    key = uuid.uuid4()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(2):
            services.create_post(
                thread=thread,
                actor=acting(other, thread.club),
                body=f"@{member.display_name}",
                idempotency_key=key,
            )

    assert len(callbacks) == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_reply_form_on_the_thread_page_emails_the_mentioned_member(
    client, reading, member, other, mailoutbox, django_capture_on_commit_callbacks
):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Borders", body="Hi"
    )
    mark_read(reading, member, 1)
    client.force_login(other)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("discussions:post-create", args=[reading.club.slug, thread.pk]),
            {
                "body": f"@{member.display_name} I disagree",
                "anchor_chapter": chapter(reading, 1).pk,
                "idempotency_key": str(uuid.uuid4()),
            },
        )

    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [member.email] and "I disagree" in mail.body


@pytest.mark.parametrize(
    "old_path",
    [
        "discussions.tasks.send_notification_emails",
        "discussions.tasks.send_digest",
        "discussions.moderation_tasks.email_report_closed",
    ],
)
def test_a_task_queued_under_its_old_path_still_runs(old_path):
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult(task_path=old_path, backend_name="default", args_kwargs={})

    assert queued.task.name == old_path.rsplit(".", 1)[1]
