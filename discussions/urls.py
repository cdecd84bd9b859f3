from __future__ import annotations

from django.urls import path

from bookclub.ratelimit import limit_posts
from discussions import feed_views, views

app_name = "discussions"

# Rate limits wrap the views where routes are declared (bookclub.ratelimit).

urlpatterns = [
    path("r/<int:reading_id>/discussions/", views.thread_index, name="thread-index"),
    path(
        "r/<int:reading_id>/themes/<slug:theme_slug>/",
        views.thread_list_theme,
        name="thread-list-theme",
    ),
    path(
        "r/<int:reading_id>/chapters/<int:position>/",
        views.thread_list_chapter,
        name="thread-list-chapter",
    ),
    path("r/<int:reading_id>/general/", views.thread_list_general, name="thread-list-general"),
    path("r/<int:reading_id>/new/", limit_posts("post")(views.thread_create), name="thread-create"),
    path("r/<int:reading_id>/mark-read/", views.thread_mark_all_read, name="thread-mark-all-read"),
    path(
        "r/<int:reading_id>/entries/<int:entry_id>/prompts/<int:index>/",
        limit_posts("post")(views.thread_from_prompt),
        name="thread-from-prompt",
    ),
    path("t/<int:thread_id>/unread/", views.thread_first_unread, name="thread-unread"),
    path("t/<int:thread_id>/reply/", limit_posts("post")(views.post_create), name="post-create"),
    # After the fixed action paths; thread slugs never take those words (services).
    path("t/<int:thread_id>/<slug:slug>/", views.thread_detail, name="thread-detail"),
    path("p/<int:post_id>/", views.post_detail, name="post-detail"),
    path("p/<int:post_id>/edit/", views.post_edit, name="post-edit"),
    path("p/<int:post_id>/delete/", views.post_delete, name="post-delete"),
    path("p/<int:post_id>/react/", views.post_react, name="post-react"),
    path("p/<int:post_id>/revisions/", views.post_revisions, name="post-revisions"),
    path("search/", views.thread_search, name="thread-search"),
    path("feed/", feed_views.feed_detail, name="feed-detail"),
    path("feed.atom", feed_views.feed_public, name="feed-public"),
    path("feed/<uuid:token>.atom", feed_views.feed_private, name="feed-private"),
    path("feed/reset/", feed_views.feed_reset, name="feed-reset"),
]
