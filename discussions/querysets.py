"""Reads of threads and posts. Views load through these so they cannot forget visibility."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import models
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Greatest

# Sentinels around highlighted words: the snippet is escaped, then these become <mark>.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"


def web_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


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

    def for_page(self, thread, page: int, size: int, viewer) -> PostQuerySet:
        """Posts of one page: a range on the (thread, number) index, never an OFFSET."""
        first = (page - 1) * size + 1
        posts = (
            self.filter(thread=thread, number__range=(first, first + size - 1))
            .select_related("author", "anchor_chapter")
            .annotate(reply_to_number=F("reply_to__number"))
            .order_by("number")
        )
        if viewer.is_authenticated:
            from bookclub.accounts.models import Block
            from discussions.models import Reaction

            posts = posts.annotate(
                my_reactions=ArraySubquery(
                    Reaction.objects.filter(post=OuterRef("pk"), user=viewer).values("kind")
                ),
                # Collapsed for a viewer who blocked the author (accounts.Block).
                by_blocked=Exists(
                    Block.objects.filter(blocker=viewer, blocked_id=OuterRef("author_id"))
                ),
            )
        return posts

    def search(self, club, text: str) -> PostQuerySet:
        """Posts of `club` matching `text`, best first, with a `headline` snippet."""
        query = web_query(text)
        return (
            self.not_deleted()
            .filter(thread__club=club, search_vector=query, hidden_at__isnull=True)
            .select_related("thread__anchor_chapter", "author", "anchor_chapter")
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                headline=SearchHeadline(
                    "body_text",
                    query,
                    config="english",
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                ),
            )
            .order_by("-rank", "-created_at", "-pk")
        )
