"""Notification routes, mounted at three prefixes by bookclub/urls.py (one namespace each)."""

from __future__ import annotations

from django.urls import path

from bookclub.core import converters  # noqa: F401  (registers <uslug:>)
from discussions.notifications import views

# Under `notifications/`.
app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/read/", views.notification_mark_read, name="mark-read"),
    path("read/", views.notification_mark_all_read, name="mark-all-read"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

# Follow buttons under `c/<club_slug>/`; the `follow/` prefix keeps clear of thread slugs.
following_patterns = (
    [
        path("follow/t/<int:thread_id>/", views.thread_follow, name="thread-follow"),
        path(
            "follow/r/<int:reading_id>/themes/<uslug:theme_slug>/",
            views.theme_follow,
            name="theme-follow",
        ),
    ],
    "following",
)

# Under `settings/notifications/`.
settings_patterns = ([path("", views.notification_settings, name="edit")], "notification_settings")
