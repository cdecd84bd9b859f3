"""The unread count in the site navigation."""

from __future__ import annotations

from functools import cache

from discussions.notifications.models import Notification


def unread_notifications(request) -> dict:
    """A callable rather than a number: the template engine calls it, so the count costs its
    one query only on a page that shows it, and once however often the page reads it."""

    @cache
    def unread_notification_count() -> int:
        user = request.user
        if not user.is_authenticated:
            return 0
        return Notification.objects.visible_to(user).unread().count()

    return {"unread_notification_count": unread_notification_count}
