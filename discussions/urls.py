from __future__ import annotations

from django.urls import path

from bookclub.core import converters  # noqa: F401  (registers <uslug:>)
from bookclub.ratelimit import limit_posts
from discussions.views import feeds, lists, posts, search, threads

app_name = "discussions"

# Rate limits wrap the views where routes are declared (bookclub.ratelimit).

urlpatterns = [
    path("discussions/", lists.club_discussions, name="club-discussions"),
    path("r/<int:reading_id>/discussions/", lists.thread_index, name="thread-index"),
    path(
        "r/<int:reading_id>/themes/<uslug:theme_slug>/",
        lists.thread_list_theme,
        name="thread-list-theme",
    ),
    path(
        "r/<int:reading_id>/chapters/<int:position>/",
        lists.thread_list_chapter,
        name="thread-list-chapter",
    ),
    path("r/<int:reading_id>/general/", lists.thread_list_general, name="thread-list-general"),
    path(
        "r/<int:reading_id>/new/", limit_posts("post")(threads.thread_create), name="thread-create"
    ),
    path("r/<int:reading_id>/mark-read/", lists.thread_mark_all_read, name="thread-mark-all-read"),
    path(
        "r/<int:reading_id>/entries/<int:entry_id>/prompts/<int:index>/",
        limit_posts("post")(threads.thread_from_prompt),
        name="thread-from-prompt",
    ),
    path("t/<int:thread_id>/unread/", threads.thread_first_unread, name="thread-unread"),
    path("t/<int:thread_id>/reply/", limit_posts("post")(posts.post_create), name="post-create"),
    # After the fixed action paths; thread slugs never take those words (services).
    path("t/<int:thread_id>/<slug:slug>/", threads.thread_detail, name="thread-detail"),
    path("p/<int:post_id>/", posts.post_detail, name="post-detail"),
    path("p/<int:post_id>/edit/", posts.post_edit, name="post-edit"),
    path("p/<int:post_id>/delete/", posts.post_delete, name="post-delete"),
    path("p/<int:post_id>/react/", posts.post_react, name="post-react"),
    path("p/<int:post_id>/revisions/", posts.post_revisions, name="post-revisions"),
    path("search/", search.thread_search, name="thread-search"),
    path("feed/", feeds.feed_detail, name="feed-detail"),
    path("feed.atom", feeds.feed_public, name="feed-public"),
    path("feed/<uuid:token>.atom", feeds.feed_private, name="feed-private"),
    path("feed/reset/", feeds.feed_reset, name="feed-reset"),
]
