"""The thread page as one object, after Discourse's TopicView: built from the URL and the
viewer, it loads the thread and one page of its posts through QuerySet methods, with the
viewer's facts as annotations, and offers what the template shows as memoized properties.

A new per-viewer fact on a post is an annotation in `PostQuerySet.with_viewer` and a line
in discussions/_post.html; a new fact about the thread, one in `for_thread_page`.

Anonymous readers all see a page alike, so their rendered post list is one entry of
Django's cache, keyed by the thread's `content_version` (which every change to its posts
bumps), the page, the language and the time zone. Signed-in readers carry facts of their
own (progress, blocks, their posts and reactions) and are rendered afresh.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.core.cache import cache
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language

from bookclub.accounts.avatars import avatar_for
from bookclub.clubs import permissions
from bookclub.clubs.access import ClubAccess
from discussions import services
from discussions.anchors import anchor_choices, default_among
from discussions.forms import PostForm
from discussions.gating import gate_posts
from discussions.models import Post, Reaction, Thread, page_size
from readings.models import Chapter
from readings.zones import club_today

# Bump when discussions/_post.html, or what `_prepare` gives it, changes.
POST_LIST_FORMAT = 1
POST_LIST_SECONDS = 24 * 60 * 60

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


def reaction_rows(post, *, pressable: bool = True) -> list[dict]:
    """Each kind of reaction as the buttons show it: its count ("" for none) and whether
    the viewer pressed it. Not `pressable`: only the kinds someone pressed, as counts."""
    mine = set(getattr(post, "my_reactions", None) or ())
    rows = []
    for kind, emoji in Reaction.Kind.choices:
        count = post.reaction_counts.get(kind, 0)
        if pressable or count:
            rows.append(
                {
                    "kind": kind,
                    "label": kind.capitalize(),
                    "emoji": emoji,
                    "count": str(count) if count else "",
                    "pressed": "true" if kind in mine else "false",
                }
            )
    return rows


def _datetime_shown(value: dt.datetime) -> tuple[str, str]:
    """(machine-readable, as read) in the active time zone, as `<time>` wants them."""
    local = localtime(value)
    return local.strftime("%Y-%m-%dT%H:%M:%S%z"), date_format(local, "j M Y, H:i")


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
        """The page's posts, each carrying what discussions/_post.html prints, worked out
        here once so the template only prints strings (a lookup per fact, not a rule)."""
        posts = list(
            Post.objects.for_page(self.thread, self.number, self.size).with_viewer(self.viewer)
        )
        gate_posts(posts, self.progress, self.viewer)
        for post in posts:
            self._prepare(post)
        return posts

    def _prepare(self, post: Post) -> None:
        post.can_edit = permissions.can_edit_post(self.membership, post)
        post.can_delete = permissions.can_delete_post(self.membership, post)
        post.urls = {
            name: f"{start}{post.pk}{end}" for name, (start, end) in self._post_url_patterns.items()
        }
        post.dom_id = f"post-{post.number}"
        post.permalink = self.post_url(post.number)
        post.created_iso, post.created_text = _datetime_shown(post.created_at)
        post.reply_to_url = self.post_url(post.reply_to_number) if post.reply_to_number else ""
        post.role_label = post.anchor_label = post.edited_iso = post.edited_text = ""
        post.author_url, post.avatar = "", None
        post.veils, post.reactions_shown, post.actions = [], [], []
        flags = (
            (post.is_deleted, "post-deleted"),
            (post.gated, "post-gated"),
            (post.hidden_at, "post-hidden"),
        )
        post.css_class = " ".join(["post", *(name for shown, name in flags if shown)])
        if post.is_deleted:
            post.byline, post.placeholder = "Deleted post", "This post was deleted."
            return
        post.byline = str(post.author or "") or "A former member"
        post.avatar = avatar_for(post.author_id, post.byline)
        if post.author_role and self._profile_url:  # an active member: they have a card
            post.author_url = f"{self._profile_url}{post.author_id}/"
        if post.author_role and post.author_role != "member":
            post.role_label = post.author_role.capitalize()
        if post.anchor_chapter:
            post.anchor_label = post.anchor_chapter.label
        if post.is_edited:
            post.edited_iso, post.edited_text = _datetime_shown(post.edited_at)
        if post.hidden_at and not self.can_moderate:
            post.placeholder = "This post was hidden by a moderator."
            return
        post.placeholder = ""
        post.veils = self._veils(post)
        post.reactions_shown = reaction_rows(post, pressable=self.reactions_enabled)
        post.actions = self._actions(post)

    @staticmethod
    def _veils(post: Post) -> list[tuple[str, str]]:
        """The reveals a post's body sits behind, outermost first, as (class, summary)."""
        veils = []
        if post.by_blocked:
            veils.append(("blocked-post", "Post by someone you blocked — show"))
        if post.gated:
            veils.append(("gated", f"Discusses up to {post.anchor_label} — reveal"))
        if post.content_warning:
            veils.append(("content-warning", f"Content warning: {post.content_warning} — show"))
        return veils

    def _actions(self, post: Post) -> list[tuple[str, str]]:
        """The post's links for this viewer, as (label, address)."""
        actions = []
        if self.can_post:
            actions.append(("Reply", f"{self._reply_url}reply_to={post.pk}#reply"))
            actions.append(("Quote", f"{self._reply_url}quote={post.pk}#reply"))
        if post.can_edit:
            actions.append(("Edit", post.urls["edit"]))
        if post.can_delete:
            actions.append(("Delete", post.urls["delete"]))
        if self.can_moderate and post.is_edited:
            actions.append(("Earlier versions", post.urls["revisions"]))
        if self.access.is_member and post.author_id and not post.can_edit:
            actions.append(("Report", post.urls["report"]))
            actions.append(("Block author", post.urls["block"]))
        if self.can_moderate:
            actions.append(("Restore" if post.hidden_at else "Hide", post.urls["hide"]))
        return actions

    @cached_property
    def _profile_url(self) -> str:
        """Where members' cards start ("" when the viewer may not see them); + "<id>/"."""
        if not permissions.can_view_members(self.membership):
            return ""
        url = reverse("clubs:member-profile", args=[self.club.slug, _ANY_POST_ID])
        return url.rpartition(f"{_ANY_POST_ID}/")[0]

    @cached_property
    def _reply_url(self) -> str:
        """The reply form on the thread's last page, waiting for what it answers."""
        return f"{self.thread_url}?page={self.thread.page_count}&"

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

    def post_list(self, request) -> dict:
        """The page's posts as HTML (`html`) and how many of them are collapsed as spoilers
        (`gated_count`); from the cache for anonymous readers."""
        if self.viewer.is_authenticated:
            return self._render_post_list(request)
        shown = cache.get_or_set(
            self._post_list_key,
            lambda: self._render_post_list(request),
            POST_LIST_SECONDS,
            version=self.thread.content_version,
        )
        return {**shown, "html": mark_safe(shown["html"])}  # rendered by our template

    @property
    def _post_list_key(self) -> str:
        parts = (self.thread.pk, self.number, self.size, get_language() or "")
        zone = timezone.get_current_timezone_name()
        return f"post-list:{POST_LIST_FORMAT}:anonymous:{':'.join(map(str, parts))}:{zone}"

    def _render_post_list(self, request) -> dict:
        context = {"posts": self.posts, "reactions_enabled": self.reactions_enabled}
        html = render_to_string("discussions/_post.html", context, request=request)
        return {"html": html, "gated_count": self.gated_count}

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
        today = club_today(self.club)
        if rows is None:
            return anchor_choices(self.thread.reading, today, progress=self.progress)
        # JSON objects come back with their keys reordered: give from_db the model's order.
        names = [f.attname for f in Chapter._meta.concrete_fields if rows and f.attname in rows[0]]
        chapters = [Chapter.from_db(None, names, [row[name] for name in names]) for row in rows]
        default = default_among(chapters, self.thread.schedule_rows, today, progress=self.progress)
        return chapters, default

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

    def context(self, request, form=None) -> dict:
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
            "progress": self.progress,
            "is_member": self.access.is_member,
            "can_post": self.can_post,
            "can_moderate": self.can_moderate,
            "reactions_enabled": self.reactions_enabled,
            "form": form,
            "post_list": self.post_list(request),
        }
