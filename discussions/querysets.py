"""Reads of threads and posts. Views load through these so they cannot forget visibility."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import models
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, JSONObject

from bookclub.accounts.models import Block
from bookclub.clubs import permissions
from bookclub.clubs.models import Membership
from readings.models import Chapter, ScheduleEntry
from readings.progress import progress_expression

# Sentinels around highlighted words: the snippet is escaped, then these become <mark>.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
# Search ranks the most recent matches only; more than this many shows as "more than".
SEARCH_CANDIDATES = 1000


def web_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def page_range(page: int, size: int) -> tuple[int, int]:
    first = (page - 1) * size + 1
    return first, first + size - 1


# The thread page's reads (discussions.thread_page): the thread and one page of its posts,
# each with what the viewer's page shows about them.


def _related_model(model, name: str):
    # This app's own models are defined after these querysets: reach them through relations.
    return model._meta.get_field(name).related_model


class ThreadPageReads(models.QuerySet):
    def for_thread_page(self, viewer) -> ThreadPageReads:
        """The thread with its place and, for `viewer`: `viewer_progress` (the highest
        chapter position marked read, 0 if none), `last_read_number` and `is_followed`."""
        threads = self.select_related("reading__book", "theme", "chapter", "anchor_chapter")
        if not viewer.is_authenticated:
            return threads.annotate(
                viewer_progress=Value(0),
                last_read_number=Value(None, output_field=models.IntegerField()),
                is_followed=Value(False),
            )
        following = _related_model(self.model, "subscriptions").objects.filter(
            thread=OuterRef("pk"), user=viewer, is_following=True
        )
        return threads.annotate(
            viewer_progress=progress_expression(reading=OuterRef("reading_id"), user=viewer),
            last_read_number=Subquery(
                _related_model(self.model, "read_states")
                .objects.filter(thread=OuterRef("pk"), user=viewer)
                .values("last_read_number")
            ),
            is_followed=Exists(following),
        )

    def with_reply_choices(self) -> ThreadPageReads:
        """`chapter_rows` (the book's chapters, in order) and `schedule_rows` (the published
        schedule's due dates and chapters), for the reply form, in the same query."""
        chapters = (
            Chapter.objects.filter(book_id=OuterRef("reading__book_id"))
            .order_by("position")
            .values(
                row=JSONObject(
                    id="id", book_id="book_id", position="position", label="label", title="title"
                )
            )
        )
        schedule = (
            ScheduleEntry.objects.published()
            .filter(reading_id=OuterRef("reading_id"))
            .values(
                row=JSONObject(
                    due_on="due_on",
                    first_chapter_id="first_chapter_id",
                    last_chapter_id="last_chapter_id",
                )
            )
        )
        return self.annotate(
            chapter_rows=ArraySubquery(chapters), schedule_rows=ArraySubquery(schedule)
        )


class PostPageReads(models.QuerySet):
    def for_page(self, thread, number: int, size: int) -> PostPageReads:
        """Page `number` of `thread` (`size` posts), in order, with authors and anchors and
        `author_role`: the author's role in the club while they are an active member."""
        first, last = page_range(number, size)
        role = Membership.objects.active().filter(
            club_id=thread.club_id, user=OuterRef("author_id")
        )
        return (
            self.filter(thread=thread, number__range=(first, last))
            .select_related("author", "anchor_chapter")
            .annotate(
                reply_to_number=F("reply_to__number"), author_role=Subquery(role.values("role"))
            )
            .order_by("number")
        )

    def with_viewer(self, viewer) -> PostPageReads:
        """`my_reactions` (kinds `viewer` pressed) and `by_blocked` (written by someone
        `viewer` blocked)."""
        if not viewer.is_authenticated:
            return self.annotate(
                my_reactions=Value([], output_field=models.JSONField()), by_blocked=Value(False)
            )
        reactions = _related_model(self.model, "reactions").objects.filter(
            post=OuterRef("pk"), user=viewer
        )
        blocked = Block.objects.filter(blocker=viewer, blocked=OuterRef("author_id"))
        return self.annotate(
            my_reactions=ArraySubquery(reactions.order_by("kind").values("kind")),
            by_blocked=Exists(blocked),
        )


class ThreadQuerySet(ThreadPageReads):
    def in_club(self, club) -> ThreadQuerySet:
        return self.filter(club=club)

    def bump_content_version(self) -> int:
        """Retire the cached post lists of these threads: their posts now show otherwise."""
        return self.update(content_version=F("content_version") + 1)

    def for_theme(self, reading, theme) -> ThreadQuerySet:
        return self.filter(reading=reading, theme=theme)

    def for_chapter(self, reading, chapter) -> ThreadQuerySet:
        return self.filter(reading=reading, chapter=chapter)

    def general(self, reading) -> ThreadQuerySet:
        return self.filter(reading=reading, kind="general")

    def search(self, text: str) -> ThreadQuerySet:
        return self.filter(search_vector=web_query(text))

    def for_list(self) -> ThreadQuerySet:
        return self.select_related(
            "author", "anchor_chapter", "theme", "chapter", "last_post__author", "club"
        )

    def sorted_by(self, sort: str) -> ThreadQuerySet:
        newest_first = "-created_at" if sort == "newest" else "-last_post_at"
        return self.order_by("-is_pinned", newest_first, "-pk")

    def with_read_state(self, user) -> ThreadQuerySet:
        """Annotate `last_read_number` (None: never opened) and `unread_count` for `user`."""
        if not user.is_authenticated:
            return self.annotate(
                last_read_number=Value(None, output_field=models.IntegerField()),
                unread_count=Value(0, output_field=models.IntegerField()),
            )
        return self.annotate(
            mine=FilteredRelation("read_states", condition=Q(read_states__user=user)),
            last_read_number=F("mine__last_read_number"),
            unread_count=Greatest(
                F("last_post_number") - Coalesce(F("mine__last_read_number"), 0), 0
            ),
        )


class PostQuerySet(PostPageReads):
    def not_deleted(self) -> PostQuerySet:
        return self.filter(deleted_at__isnull=True)

    def readable_by(self, club, membership, *, off_site: bool = False) -> PostQuerySet:
        """Posts whose text this reader may read: the one rule for every place that shows
        or copies a post's words (quote, reply, edit, search, feeds, emails, exports).

        Deleted posts never. Hidden posts only for the club's moderators and only on the
        site, where they carry the "hidden by a moderator" mark; a feed, an email or an
        export (`off_site`) has no such mark, so there nobody gets them. On the site `club`
        is the club being viewed and `membership` the viewer's row in it (None: a visitor).
        Off the site the caller has already established the reader (a feed token, the
        notification gate, the person's own posts) and `club` may be None: every club.
        Spoiler gating is another rule (collapse, not hide): discussions.gating.
        """
        if membership is not None and club is not None and membership.club_id != club.pk:
            membership = None  # a role in another club gives nothing here
        if not off_site and not permissions.can_view_club(club, membership):
            return self.none()
        posts = self.not_deleted()
        if club is not None:
            posts = posts.filter(thread__club=club)
        if off_site or not permissions.can_read_hidden_posts(membership):
            posts = posts.filter(hidden_at__isnull=True)
        return posts

    def search(self, club, membership, text: str) -> PostQuerySet:
        """Posts of `club` the viewer may read matching `text`, best first.

        Only the SEARCH_CANDIDATES most recent matches are ranked, so a common word costs a
        bounded amount of work. Snippets come from `with_headlines`, for one page's rows.
        """
        query = web_query(text)
        candidates = (
            self.readable_by(club, membership)
            .filter(search_vector=query)
            .order_by("-created_at", "-pk")
            .values("pk")[:SEARCH_CANDIDATES]
        )
        return (
            self.filter(pk__in=Subquery(candidates))
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-created_at", "-pk")
        )

    def search_ranked_ids(self, club, membership, text: str) -> list[int]:
        """Ids of `search` in order, in one query that reads no post text."""
        return list(self.search(club, membership, text).values_list("pk", flat=True))

    def with_headlines(self, text: str) -> PostQuerySet:
        """Search results to show: a `headline` snippet of `text`, and what the page shows."""
        return (
            self.select_related("thread__anchor_chapter", "author", "anchor_chapter")
            .defer("body", "body_html", "body_text", "search_vector", "thread__search_vector")
            .annotate(
                headline=SearchHeadline(
                    "body_text",
                    web_query(text),
                    config="english",
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                ),
            )
        )
