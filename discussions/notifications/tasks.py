"""Notification emails, sent by the task worker.

Each task claims its notifications with row locks inside one transaction and marks them sent
or skipped there, so a task run twice (or two workers at once) emails once. An email that
fails is logged with the reason (bookclub.mail) and tried again by the next daily digest.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.utils import timezone

from bookclub.clubs.models import Membership
from bookclub.mail import send_or_log
from discussions.models import Post
from discussions.notifications.emails import (
    already_emailed,
    digest_message,
    immediate_message,
    record_emailed,
)
from discussions.notifications.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    filter_recipients,
)
from readings.progress import progress_by_reading, progress_positions

Email = Notification.Email

_RELATED = (
    "recipient",
    "actor",
    "club",
    "thread__anchor_chapter",
    "thread__reading",
    "post__anchor_chapter",
)


def _claim(**filters) -> list[Notification]:
    """The notifications to email, each with `post_readable`: may an email quote its post."""
    readable = Post.objects.readable_by(None, None, off_site=True).filter(pk=OuterRef("post"))
    return list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(**filters)
        .select_related(*_RELATED)
        .annotate(post_readable=Exists(readable))
        .order_by("created_at", "pk")
    )


def _mark(notifications: list[Notification], state: str, now=None) -> None:
    if notifications:
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            email=state, emailed_at=now
        )


@task
def send_notification_emails(post_id: int) -> int:
    """One email per notification queued for this post, unless the member was already
    emailed about the thread and has not visited it since. Returns how many were sent."""
    with transaction.atomic():
        queued = _claim(post_id=post_id, email=Email.QUEUED)
        if not queued:
            return 0
        thread, club = queued[0].thread, queued[0].club
        user_ids = [n.recipient_id for n in queued]
        members = filter_recipients(club=club, actor_id=queued[0].actor_id, user_ids=user_ids)
        preferences = NotificationSettings.objects.for_users(user_ids)
        emailed = already_emailed({(uid, thread.pk) for uid in user_ids})
        progress = progress_positions(thread.reading, user_ids)
        now = timezone.now()
        sent, skipped, to_digest = [], [], []
        for notification in queued:
            uid = notification.recipient_id
            mode = preferences[uid].mode_for(notification.kind)
            if uid not in members or mode == EmailMode.OFF or (uid, thread.pk) in emailed:
                skipped.append(notification)
            elif mode == EmailMode.DIGEST:
                to_digest.append(notification)
            elif send_or_log(
                partial(immediate_message, notification, progress.get(uid, 0)),
                about=f"notification {notification.pk} (post {post_id})",
            ):
                sent.append(notification)
            else:
                to_digest.append(notification)  # the next digest tries again
        _mark(sent, Email.SENT, now)
        _mark(skipped, Email.SKIPPED, now)
        _mark(to_digest, Email.DIGEST)
        record_emailed({(n.recipient_id, thread.pk) for n in sent}, now)
    return len(sent)


@task
def send_digest(user_id: int) -> int:
    """One email with every notification waiting for this member's digest. Returns 1 if sent."""
    with transaction.atomic():
        waiting = _claim(recipient_id=user_id, email=Email.DIGEST)
        if not waiting:
            return 0
        user = waiting[0].recipient
        active_clubs = set(
            Membership.objects.active()
            .filter(user_id=user_id, club_id__in={n.club_id for n in waiting})
            .values_list("club_id", flat=True)
        )
        preferences = NotificationSettings.objects.for_users([user_id])[user_id]
        unread = set(
            Notification.objects.filter(pk__in=[n.pk for n in waiting])
            .unread()
            .values_list("pk", flat=True)
        )
        emailed = already_emailed({(user_id, n.thread_id) for n in waiting})
        included, skipped = [], []
        for notification in waiting:
            keep = (
                notification.club_id in active_clubs
                and notification.pk in unread
                and preferences.mode_for(notification.kind) != EmailMode.OFF
                and (user_id, notification.thread_id) not in emailed
            )
            (included if keep else skipped).append(notification)
        now = timezone.now()
        if included:
            reading_ids = {n.thread.reading_id for n in included}
            progress = progress_by_reading(user, reading_ids=reading_ids)
            if not send_or_log(
                partial(digest_message, user, included, progress),
                about=f"the digest of user {user_id} ({len(included)} notifications)",
            ):
                included = []  # left waiting: the next digest tries again
        _mark(included, Email.SENT, now)
        _mark(skipped, Email.SKIPPED, now)
        record_emailed({(user_id, n.thread_id) for n in included}, now)
    return 1 if included else 0


def enqueue_digests() -> int:
    """Queue one digest task per member with notifications waiting. Returns how many."""
    user_ids = list(
        Notification.objects.filter(email=Email.DIGEST)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user_id in user_ids:
        send_digest.enqueue(user_id=user_id)
    return len(user_ids)
