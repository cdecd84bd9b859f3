"""Finding a club's objects for a view: 404 for anything outside the club."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from discussions.models import Post, Thread
from discussions.notifications.fanout import thread_followed_by
from readings.models import Reading, Theme


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# Beyond any real thread; keeps a forged ?page= from overflowing the SQL integer.
MAX_PAGE = 1_000_000


def page_number(request, last: int | None = None) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 1
    number = min(max(1, number), MAX_PAGE)
    return min(number, last) if last else number


def reading_in_club(access, reading_id: int) -> Reading:
    return get_object_or_404(
        Reading.objects.select_related("book"), pk=reading_id, club=access.club
    )


def thread_in_club(access, thread_id: int) -> Thread:
    threads = Thread.objects.in_club(access.club).select_related(
        "reading__book", "theme", "chapter", "anchor_chapter"
    )
    threads = threads.annotate(is_followed=thread_followed_by(access.user))  # follow button
    thread = get_object_or_404(threads, pk=thread_id)
    thread.club = access.club  # already loaded: URLs need its slug
    return thread


def post_in_club(access, post_id: int) -> Post:
    posts = Post.objects.select_related("thread__reading", "anchor_chapter", "author")
    return get_object_or_404(posts, pk=post_id, thread__club=access.club)


def readable_post_in_club(access, post_id: int) -> Post:
    """A post whose text the page will show the viewer; 404 for deleted or hidden ones."""
    posts = Post.objects.readable_by(access.club, access.membership).select_related(
        "thread__reading", "anchor_chapter", "author"
    )
    return get_object_or_404(posts, pk=post_id)


def themes_of(reading):
    return Theme.objects.filter(book_id=reading.book_id).filter(
        reading__isnull=True
    ) | Theme.objects.filter(reading=reading)
