"""Who is told about a new post or thread, and how.

The discussions services call `notify_new_post` / `notify_new_thread` once the post is
committed. Each runs a fixed number of queries whatever the number of recipients: the
notifications are written with one bulk insert and the immediate emails go out in one task.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Value

from discussions.models import Mention, Post, Thread
from discussions.notifications.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Subscription,
    filter_recipients,
)
from discussions.notifications.tasks import send_notification_emails

Kind = Notification.Kind

_EMAIL_STATE = {
    EmailMode.OFF: Notification.Email.NONE,
    EmailMode.IMMEDIATE: Notification.Email.QUEUED,
    EmailMode.DIGEST: Notification.Email.DIGEST,
}


def follow_thread(*, user_id: int, thread: Thread) -> None:
    """Subscribe an author to a thread they wrote in, unless they unfollowed it before."""
    Subscription.objects.bulk_create(
        [Subscription(user_id=user_id, thread=thread)], ignore_conflicts=True
    )


def _mentioned(post: Post) -> list[int]:
    return list(Mention.objects.filter(post=post).values_list("user_id", flat=True))


def thread_followers(thread: Thread) -> list[int]:
    return list(
        Subscription.objects.filter(thread=thread, is_following=True).values_list(
            "user_id", flat=True
        )
    )


def theme_followers(thread: Thread) -> list[int]:
    if thread.theme_id is None:
        return []
    return list(
        Subscription.objects.filter(
            reading_id=thread.reading_id, theme_id=thread.theme_id, is_following=True
        ).values_list("user_id", flat=True)
    )


def _deliver(post: Post, thread: Thread, reasons: dict[int, str]) -> list[Notification]:
    recipients = filter_recipients(club=thread.club, actor_id=post.author_id, user_ids=reasons)
    if not recipients:
        return []
    preferences = NotificationSettings.objects.for_users(recipients)
    notifications = [
        Notification(
            recipient_id=user_id,
            kind=reasons[user_id],
            actor_id=post.author_id,
            club_id=thread.club_id,
            thread=thread,
            post=post,
            post_number=post.number,
            email=_EMAIL_STATE[preferences[user_id].mode_for(reasons[user_id])],
        )
        for user_id in sorted(recipients)
    ]
    # A retried call finds the rows already there: one notification per recipient per post.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    if any(n.email == Notification.Email.QUEUED for n in notifications):
        send_notification_emails.enqueue(post_id=post.pk)
    return notifications


def _load(post_id: int) -> Post | None:
    return (
        Post.objects.readable_by(None, None, off_site=True)
        .select_related("thread__club", "reply_to")
        .filter(pk=post_id)
        .first()
    )


def notify_new_post(post: Post) -> list[Notification]:
    """Mentions, the replied-to author and the thread's followers; the strongest reason wins."""
    post = _load(post.pk)
    if post is None or post.author_id is None:
        return []
    thread = post.thread
    follow_thread(user_id=post.author_id, thread=thread)
    reasons: dict[int, str] = {}
    # Strongest first: setdefault keeps the first reason found for each member.
    for user_id in _mentioned(post):
        reasons.setdefault(user_id, Kind.MENTION)
    if post.reply_to is not None and post.reply_to.author_id is not None:
        reasons.setdefault(post.reply_to.author_id, Kind.REPLY)
    for user_id in thread_followers(thread):
        reasons.setdefault(user_id, Kind.NEW_POST)
    return _deliver(post, thread, reasons)


def notify_new_thread(thread: Thread, first_post: Post) -> list[Notification]:
    """Mentions in the opening post and the followers of the thread's theme."""
    post = _load(first_post.pk)
    if post is None or post.author_id is None:
        return []
    thread = post.thread
    follow_thread(user_id=post.author_id, thread=thread)
    reasons: dict[int, str] = {}
    for user_id in _mentioned(post):
        reasons.setdefault(user_id, Kind.MENTION)
    for user_id in theme_followers(thread):
        reasons.setdefault(user_id, Kind.NEW_THREAD)
    return _deliver(post, thread, reasons)


def after_commit_notify_post(post: Post) -> None:
    """For the services: notify once the post is committed (never for a rolled-back one).

    Robust: the post is saved whatever happens here, so a failure is logged by Django and
    the request still answers with the saved post rather than an error.
    """
    transaction.on_commit(lambda: notify_new_post(post), robust=True)


def after_commit_notify_thread(thread: Thread, first_post: Post) -> None:
    transaction.on_commit(lambda: notify_new_thread(thread, first_post), robust=True)


def thread_followed_by(user) -> Exists | Value:
    """Annotation for thread querysets: does `user` follow the thread (False for visitors)."""
    if not user.is_authenticated:
        return Value(False)
    return Exists(Subscription.objects.filter(thread=OuterRef("pk"), user=user, is_following=True))
