"""Writes about notifications: following, reading them, email settings, unsubscribing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.clubs import permissions
from bookclub.clubs.models import Membership
from discussions.models import Thread
from discussions.notifications.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Subscription,
)
from readings.models import Reading, Theme


@transaction.atomic
def set_thread_following(
    *, actor: Membership | None, thread: Thread, following: bool
) -> Subscription:
    """Follow or unfollow a thread. An unfollow is remembered, so posting does not undo it."""
    permissions.check_participate(permissions.acting_in(actor, thread.club_id))
    subscription, _ = Subscription.objects.update_or_create(
        user_id=actor.user_id, thread=thread, defaults={"is_following": following}
    )
    return subscription


@transaction.atomic
def set_theme_following(
    *, actor: Membership | None, reading: Reading, theme: Theme, following: bool
) -> None:
    """Follow or unfollow a theme of a reading: told about each new thread in it."""
    permissions.check_participate(permissions.acting_in(actor, reading.club_id))
    if theme.book_id != reading.book_id or theme.reading_id not in (None, reading.pk):
        raise ValidationError("That theme is not part of this reading.")
    mine = {"user_id": actor.user_id, "reading": reading, "theme": theme}
    if following:
        Subscription.objects.get_or_create(**mine)
    else:
        Subscription.objects.filter(**mine).delete()


def mark_notification_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's own notifications read. False if there is no such notification."""
    found = Notification.objects.filter(pk=notification_id, recipient=user)
    if not found.exists():
        return False
    found.filter(read_at__isnull=True).update(read_at=timezone.now())
    return True


def mark_all_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def email_settings(user: User) -> NotificationSettings:
    """The user's settings, unsaved defaults if they never changed them."""
    return NotificationSettings.objects.for_users([user.pk])[user.pk]


@transaction.atomic
def save_email_settings(*, user: User, direct_email: str, following_email: str) -> None:
    NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "direct_email": direct_email,
            "following_email": following_email,
            "updated_at": timezone.now(),
        },
    )


@transaction.atomic
def turn_off_emails(*, user: User) -> None:
    """What an unsubscribe link does: no notification email of any kind from now on.

    Waiting emails are dropped too; the notifications stay on the notifications page.
    """
    save_email_settings(user=user, direct_email=EmailMode.OFF, following_email=EmailMode.OFF)
    Notification.objects.filter(
        recipient=user, email__in=[Notification.Email.QUEUED, Notification.Email.DIGEST]
    ).update(email=Notification.Email.SKIPPED, emailed_at=timezone.now())
