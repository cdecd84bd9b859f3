"""Reporting and moderation under `c/<club_slug>/` (rate limits as in discussions.urls)."""

from __future__ import annotations

from django.urls import path

from bookclub.ratelimit import limit_posts
from discussions.moderation import views

app_name = "moderation"

urlpatterns = [
    path("p/<int:post_id>/report/", limit_posts("report")(views.post_report), name="post-report"),
    path(
        "p/<int:post_id>/block/", limit_posts("block")(views.post_block_author), name="post-block"
    ),
    path("moderation/", views.moderation_queue, name="queue"),
    path("moderation/reports/<int:report_id>/", views.report_decide, name="report-decide"),
    path("moderation/posts/<int:post_id>/", views.post_hide, name="post-hide"),
    path("moderation/threads/<int:thread_id>/", views.thread_moderate, name="thread-moderate"),
    path("moderation/log/", views.audit_log, name="audit-log"),
]
