"""Reads of threads and posts. Views load through these so they cannot forget visibility."""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import models
from django.db.models import (
    F,
    FilteredRelation,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest

from bookclub.clubs import permissions

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


def page_stamp_sql(thread_column: str) -> str:
    """SQL for `page_stamp`, with two %s for the first and last post number."""
    from bookclub.accounts.models import User
    from discussions.models import Post
    from readings.models import Chapter

    # A row's (xmin, ctid) changes with every UPDATE, even twice in one transaction, so
    # the pair names one version of the row without reading its (long) columns.
    return f"""
        SELECT string_agg(
            concat_ws('/', p.id, p.xmin, p.ctid, u.xmin, u.ctid, c.xmin, c.ctid, r.number),
            ',' ORDER BY p.number)
        FROM {Post._meta.db_table} p
        LEFT JOIN {User._meta.db_table} u ON u.id = p.author_id
        LEFT JOIN {Chapter._meta.db_table} c ON c.id = p.anchor_chapter_id
        LEFT JOIN {Post._meta.db_table} r ON r.id = p.reply_to_id
        WHERE p.thread_id = {thread_column} AND p.number BETWEEN %s AND %s
    """  # noqa: S608  (table names from the models, values as parameters)


def page_stamp(thread_id: int, first: int, last: int) -> RawSQL:
    """Everything a page of posts shows, as one text the database computes.

    One entry per post on the page (numbers `first`..`last`): the version of the post row,
    of its author's and of its anchor chapter's rows, and the number it replies to. Equal
    stamps mean equal post lists, whoever changed what, so the stamp can key cached HTML
    (discussions.page_cache) without any service bumping it.
    """
    return RawSQL(page_stamp_sql("%s"), (thread_id, first, last), output_field=models.TextField())


class ThreadQuerySet(models.QuerySet):
    def in_club(self, club) -> ThreadQuerySet:
        return self.filter(club=club)

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


class PostQuerySet(models.QuerySet):
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

    def for_page_render(self, thread, page: int, size: int) -> PostQuerySet:
        """Posts of one page to render for the cache, each row carrying the page's stamp.

        The stamp comes from the same statement as the rows (one snapshot), so HTML rendered
        from these rows is stored under the stamp that describes exactly them.
        """
        first, last = page_range(page, size)
        return (
            self.filter(thread=thread, number__range=(first, last))
            .select_related("author", "anchor_chapter")
            .annotate(
                reply_to_number=F("reply_to__number"),
                page_stamp=page_stamp(thread.pk, first, last),
            )
            .order_by("number")
        )

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
