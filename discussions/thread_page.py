"""The thread page as one object, after Discourse's TopicView: built from the URL and the
viewer, it loads the thread and one page of its posts through QuerySet methods, with the
viewer's facts as annotations, and offers what the template shows as memoized properties.

A new per-viewer fact on a post is an annotation in `PostQuerySet.with_viewer` and a line
in discussions/_post.html; a new fact about the thread, one in `for_thread_page`.
"""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.urls import reverse

from bookclub.clubs import permissions
from bookclub.clubs.access import ClubAccess
from discussions import services
from discussions.anchors import anchor_choices, default_among
from discussions.forms import PostForm
from discussions.gating import gate_posts
from discussions.models import Post, Reaction, Thread, page_size
from readings.models import Chapter
from readings.zones import club_today

# Stands for a post's id while a post URL is reversed once per page.
_ANY_POST_ID = 987_654_321
_POST_ROUTES = {
    "react": "discussions:post-react",
    "edit": "discussions:post-edit",
    "delete": "discussions:post-delete",
    "revisions": "discussions:post-revisions",
    "report": "moderation:post-report",
    "block": "moderation:post-block",
    "hide": "moderation:post-hide",
}


def reaction_rows(post) -> list[dict]:
    """Each kind of reaction with its count and whether the viewer pressed it."""
    mine = set(getattr(post, "my_reactions", None) or ())
    return [
        {
            "kind": kind,
            "emoji": emoji,
            "count": post.reaction_counts.get(kind, 0),
            "mine": kind in mine,
        }
        for kind, emoji in Reaction.Kind.choices
    ]


class ThreadPage:
    """Page `number` of thread `thread_id` of the club in `access`, as `access.user` sees it.

    404 when the club has no such thread; a page beyond the last shows the last.
    """

    def __init__(self, access: ClubAccess, thread_id: int, number: int) -> None:
        self.access = access
        self.club = access.club
        self.membership = access.membership
        self.viewer = access.user
        self.size = page_size()
        threads = Thread.objects.in_club(self.club).for_thread_page(self.viewer)
        if permissions.can_participate(self.membership):
            threads = threads.with_reply_choices()
        self.thread = get_object_or_404(threads, pk=thread_id)
        self.thread.club = self.club
        self.number = min(max(1, number), self.thread.page_count)

    # The thread and the viewer

    @cached_property
    def thread_url(self) -> str:
        return self.thread.get_absolute_url()

    def post_url(self, number: int) -> str:
        return self.thread.post_url(number, self.thread_url)

    @property
    def progress(self) -> int:
        return self.thread.viewer_progress

    @cached_property
    def can_post(self) -> bool:
        return permissions.can_post_in(self.membership, self.thread)

    @cached_property
    def can_moderate(self) -> bool:
        return permissions.can_pin(self.membership)

    @cached_property
    def reactions_enabled(self) -> bool:
        return permissions.can_react(self.membership)

    # The page of posts

    @cached_property
    def posts(self) -> list[Post]:
        posts = list(
            Post.objects.for_page(self.thread, self.number, self.size).with_viewer(self.viewer)
        )
        gate_posts(posts, self.progress, self.viewer)
        urls = self._post_url_patterns
        for post in posts:
            post.can_edit = permissions.can_edit_post(self.membership, post)
            post.can_delete = permissions.can_delete_post(self.membership, post)
            post.reactions_shown = reaction_rows(post)
            post.urls = {name: f"{start}{post.pk}{end}" for name, (start, end) in urls.items()}
            if post.reply_to_number:
                post.reply_to_url = self.post_url(post.reply_to_number)
        return posts

    @cached_property
    def _post_url_patterns(self) -> dict[str, tuple[str, str]]:
        """Each post link as (before the id, after it): reversed once per page, not per post."""
        patterns = {}
        for name, route in _POST_ROUTES.items():
            url = reverse(route, args=[self.club.slug, _ANY_POST_ID])
            start, _, end = url.rpartition(str(_ANY_POST_ID))
            patterns[name] = (start, end)
        return patterns

    @cached_property
    def gated_count(self) -> int:
        return sum(post.gated for post in self.posts)

    @cached_property
    def page_numbers(self) -> list[int]:
        last = self.thread.page_count
        shown = {1, last, self.number - 1, self.number, self.number + 1}
        return sorted(number for number in shown if 1 <= number <= last)

    # The reply form

    @cached_property
    def reply_choices(self) -> tuple[list[Chapter] | None, Chapter | None]:
        """Chapters a reply may anchor to and the default (none in chapter threads, which
        anchor themselves), from the rows read with the thread when it has them."""
        if self.thread.kind == Thread.Kind.CHAPTER:
            return None, None
        rows = getattr(self.thread, "chapter_rows", None)
        if rows is None:
            return anchor_choices(self.thread.reading, club_today(self.club))
        chapters = [Chapter.from_db(None, list(row), list(row.values())) for row in rows]
        return chapters, default_among(chapters, self.thread.schedule_rows, club_today(self.club))

    def reply_form(self, initial: dict | None = None) -> PostForm:
        chapters, default = self.reply_choices
        return PostForm(chapters=chapters, default_anchor=default, initial=initial or {})

    # What viewing the page does

    def record_reading(self) -> None:
        """A member who sees posts beyond their read mark has now read them."""
        if not self.access.is_member or not self.posts:
            return
        last_read = self.thread.last_read_number
        last_shown = self.posts[-1].number
        if (last_read or 0) < last_shown:
            services.mark_read(
                thread=self.thread,
                user=self.viewer,
                up_to=last_shown,
                has_read_mark=last_read is not None,
            )

    def context(self, form=None) -> dict:
        """What discussions/thread_detail.html shows."""
        thread = self.thread
        return {
            "page": self,
            "access": self.access,
            "club": self.club,
            "thread": thread,
            "reading": thread.reading,
            "thread_url": self.thread_url,
            "page_number": self.number,
            "page_count": thread.page_count,
            "page_numbers": self.page_numbers,
            "posts": self.posts,
            "gated_count": self.gated_count,
            "progress": self.progress,
            "is_member": self.access.is_member,
            "can_post": self.can_post,
            "can_moderate": self.can_moderate,
            "reactions_enabled": self.reactions_enabled,
            "form": form,
        }
