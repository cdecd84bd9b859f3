"""The unread count in the site navigation.

The authentication backends load it with the user (no extra query); a user loaded some
other way gets it from one query, run only when a page shows it.
"""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from discussions.notification_models import Notification


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notification_count", None)
    if count is None:
        count = SimpleLazyObject(lambda: Notification.objects.visible_to(user).unread().count())
    return {"unread_notification_count": count}
