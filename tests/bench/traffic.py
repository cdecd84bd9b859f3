"""What the realistic rows request: random thread pages, lists and searches, anonymous or
as the seeded readers with real sessions, and the replies the mix posts."""

from __future__ import annotations

import random

from django.test import Client
from django.urls import reverse

from discussions.models import Post, Thread
from readings.models import Chapter, Reading, Theme
from tests.bench.seed import CLUB_SLUG, WORDS, readers

THREAD_URLS = 3000
SEARCH_WORDS = 60


def signed_in(user) -> dict[str, str]:
    """The cookies a reader's browser sends: a session made by Django's login and the CSRF
    token set by the first page with a form."""
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:settings"))
    return {name: client.cookies[name].value for name in ("sessionid", "csrftoken")}


def members() -> list[dict[str, str]]:
    return [signed_in(user) for user in readers()]


def _threads() -> list[Thread]:
    return list(Thread.objects.filter(club__slug=CLUB_SLUG).select_related("club"))


def thread_pages(rng: random.Random) -> list[str]:
    """THREAD_URLS distinct (thread, page) addresses over every page of the club."""
    pages = [(thread, page) for thread in _threads() for page in range(1, thread.page_count + 1)]
    chosen = rng.sample(pages, min(THREAD_URLS, len(pages)))
    return [
        thread.get_absolute_url() + (f"?page={page}" if page > 1 else "") for thread, page in chosen
    ]


def reply_targets(rng: random.Random) -> list[tuple[str, str]]:
    """(reply form action, thread page it is posted from) for 200 random threads."""
    return [
        (
            reverse(
                "discussions:post-create", kwargs={"club_slug": CLUB_SLUG, "thread_id": thread.pk}
            ),
            thread.get_absolute_url(),
        )
        for thread in rng.sample(_threads(), 200)
    ]


def list_pages() -> list[str]:
    """Every page of every theme and chapter list, in both sort orders."""
    reading = Reading.objects.get(club__slug=CLUB_SLUG)
    lists = [
        (
            reverse(
                "discussions:thread-list-theme",
                kwargs={"club_slug": CLUB_SLUG, "reading_id": reading.pk, "theme_slug": t.slug},
            ),
            Thread.objects.for_theme(reading, t).count(),
        )
        for t in Theme.objects.filter(book_id=reading.book_id)
    ] + [
        (
            reverse(
                "discussions:thread-list-chapter",
                kwargs={"club_slug": CLUB_SLUG, "reading_id": reading.pk, "position": c.position},
            ),
            Thread.objects.for_chapter(reading, c).count(),
        )
        for c in Chapter.objects.filter(book_id=reading.book_id)
    ]
    return [
        f"{url}?page={page}&sort={sort}"
        for url, count in lists
        for page in range(1, max(1, -(-count // _list_page_size())) + 1)
        for sort in ("activity", "newest")
    ]


def _list_page_size() -> int:
    try:
        from discussions.views.lists import THREADS_PER_PAGE
    except ImportError:  # moved: a page past the end shows the last one, so any size works
        return 25
    return THREADS_PER_PAGE


def club_home() -> list[str]:
    return [reverse("clubs:club-detail", kwargs={"club_slug": CLUB_SLUG})]


def searches(rng: random.Random) -> list[str]:
    """Queries over SEARCH_WORDS words: the common ones, the long tail, and pairs."""
    texts = Post.objects.filter(thread__club__slug=CLUB_SLUG).values_list("body_text", flat=True)
    tail = sorted(
        {word.strip(".").lower() for text in texts[:300] for word in text.split()} - set(WORDS)
    )
    chosen = WORDS + rng.sample(tail, SEARCH_WORDS - len(WORDS))
    queries = chosen + [f"{rng.choice(chosen)}+{rng.choice(WORDS)}" for _ in range(40)]
    url = reverse("discussions:thread-search", kwargs={"club_slug": CLUB_SLUG})
    return [f"{url}?q={query}" for query in queries]
