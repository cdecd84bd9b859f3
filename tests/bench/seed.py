"""A large public club for the benchmark: 200,000+ posts, one thread of 10,000, and
`READERS` signed-in members who have read different numbers of chapters.

Rows are written with bulk_create; Markdown is rendered once per distinct body, as the
services would have stored it. A new SEED_VERSION re-seeds the club on the next run.
"""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Membership
from bookclub.markdown import render_markdown
from discussions.models import Post, Thread
from readings.models import Book, Chapter, ChapterRead, Reading, Theme

CLUB_SLUG = "bench-club"
AUTHORS = 100
BIG_THREAD_POSTS = 10_000
OTHER_THREADS = 950
POSTS_PER_OTHER_THREAD = 200
READERS = 50  # bench1 … bench50: the signed-in traffic
CHAPTERS = 12
THEMES = ["Labour", "Migration", "Borders", "Policing", "Care", "Organising"]
SEED_VERSION = "3"
WORDS = [
    "reading",
    "chapter",
    "border",
    "labour",
    "argument",
    "organising",
    "workers",
    "migration",
    "policing",
    "care",
    "evidence",
    "history",
    "law",
    "story",
    "community",
    "solidarity",
    "question",
    "example",
    "voice",
    "safety",
]


def _vocabulary(rng: random.Random) -> list[str]:
    """Common words plus a long tail, so that a search matches a realistic share of posts."""
    syllables = ["ka", "lo", "mi", "ter", "sun", "ve", "ra", "do", "pel", "an", "qui", "zo"]
    tail = {"".join(rng.choice(syllables) for _ in range(3)) for _ in range(4000)}
    return sorted(tail)


def _bodies(rng: random.Random) -> list[tuple[str, str, str]]:
    bodies = []
    tail = _vocabulary(rng)
    for _ in range(400):
        words = [
            rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(tail)
            for _ in range(rng.randint(30, 90))
        ]
        text = " ".join(words).capitalize() + "."
        body = f"{text}\n\n*{rng.choice(WORDS)}* and **{rng.choice(WORDS)}**."
        bodies.append((body, render_markdown(body), body.replace("*", "")))
    return bodies


DEFAULT_SIZES = [BIG_THREAD_POSTS] + [POSTS_PER_OTHER_THREAD] * OTHER_THREADS


def readers() -> list[User]:
    """The members the signed-in traffic rotates through, each with different progress."""
    emails = [f"bench{n}@bench.bookclub.test" for n in range(1, READERS + 1)]
    return list(User.objects.filter(email__in=emails).order_by("pk"))


def already_seeded(posts: int = sum(DEFAULT_SIZES)) -> bool:
    """The club of this SEED_VERSION is complete (replies the benchmark wrote aside)."""
    club = Club.objects.filter(slug=CLUB_SLUG).first()
    return (
        club is not None
        and club.description == f"seed {SEED_VERSION}"
        and Post.objects.filter(thread__club=club, idempotency_key__isnull=True).count() == posts
    )


@transaction.atomic
def seed(*, authors: int = AUTHORS, sizes: list[int] = DEFAULT_SIZES) -> None:
    """The club, with `authors` members and one thread of each size in `sizes`."""
    rng = random.Random(7)
    Club.objects.filter(slug=CLUB_SLUG).delete()
    club = Club.objects.create(
        name="Benchmark club",
        slug=CLUB_SLUG,
        description=f"seed {SEED_VERSION}",
        code_of_conduct="Be kind.",
        code_of_conduct_html="<p>Be kind.</p>",
        visibility=Club.Visibility.PUBLIC,
    )
    book = Book.objects.create(title="Benchmark book", authors="A. Writer")
    chapters = Chapter.objects.bulk_create(
        Chapter(book=book, position=n, label=f"Chapter {n}") for n in range(1, CHAPTERS + 1)
    )
    themes = Theme.objects.bulk_create(
        Theme(book=book, name=name, slug=name.lower(), position=i) for i, name in enumerate(THEMES)
    )
    today = timezone.localdate()
    reading = Reading.objects.create(
        club=club,
        book=book,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        schedule_published=True,
    )
    users = []
    for n in range(authors):
        email = f"bench{n}@bench.bookclub.test"
        user = User.objects.filter(email=email).first() or User(
            email=email, display_name=f"Bench reader {n:03d}"
        )
        user.set_unusable_password()
        user.save()
        users.append(user)
    EmailAddress.objects.filter(user__in=users).delete()
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    Membership.objects.bulk_create(
        Membership(club=club, user=u, role="owner" if i == 0 else "member")
        for i, u in enumerate(users)
    )
    # Reader n has read the first n * 12 / 50 chapters (0 to 12): gating differs per reader.
    ChapterRead.objects.bulk_create(
        ChapterRead(reading=reading, chapter=chapter, user=user)
        for n, user in enumerate(users[1 : READERS + 1], start=1)
        for chapter in chapters[: n * CHAPTERS // READERS]
    )

    bodies = _bodies(rng)
    start = timezone.now() - dt.timedelta(days=30)
    threads = Thread.objects.bulk_create(
        Thread(
            club=club,
            reading=reading,
            kind=Thread.Kind.THEME,
            theme=themes[i % len(themes)],
            anchor_chapter=chapters[i % 4],
            title=f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} ({i})",
            slug=f"thread-{i}",
            author=users[i % authors],
            created_at=start,
        )
        for i in range(len(sizes))
    )
    batch, last_posts = [], []
    for thread, size in zip(threads, sizes, strict=True):
        for number in range(1, size + 1):
            body, html, text = bodies[rng.randrange(len(bodies))]
            post = Post(
                thread=thread,
                number=number,
                author=users[rng.randrange(authors)],
                body=body,
                body_html=html,
                body_text=text,
                anchor_chapter=chapters[min(11, number % 6)],
                created_at=start + dt.timedelta(seconds=number),
            )
            batch.append(post)
            if len(batch) >= 10_000:
                Post.objects.bulk_create(batch)
                batch = []
        last_posts.append(post)  # its pk is set once its batch is written
    Post.objects.bulk_create(batch)
    for thread, size, last in zip(threads, sizes, last_posts, strict=True):
        thread.post_count = thread.last_post_number = size
        thread.last_post, thread.last_post_at = last, last.created_at
    Thread.objects.bulk_update(
        threads, ["post_count", "last_post_number", "last_post", "last_post_at"], batch_size=500
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a long-running database would have
