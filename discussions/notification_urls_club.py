"""Follow buttons under `c/<club_slug>/`; the `follow/` prefix keeps clear of thread slugs."""

from __future__ import annotations

from django.urls import path

from discussions import notification_views as views

app_name = "following"

urlpatterns = [
    path("follow/t/<int:thread_id>/", views.thread_follow, name="thread-follow"),
    path(
        "follow/r/<int:reading_id>/themes/<slug:theme_slug>/",
        views.theme_follow,
        name="theme-follow",
    ),
]
