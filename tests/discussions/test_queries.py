"""Pages run a constant number of queries: the same ceiling at small and large sizes."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import Post, Reaction, Thread
from discussions.rendering import render_post
from tests.conftest import acting, member_of
from tests.discussions.conftest import mark_read
from tests.factories import UserFactory

SIZES = [(10, 3), (1000, 100)]
# Posts and authors of a thread: the thread page's queries are the same at both ends.
THREAD_SIZES = [(10, 3), (10_000, 100)]


def fill_thread(reading, *, posts: int, authors: int) -> Thread:
    """A thread of `posts` posts by `authors` members (an admin and a moderator among them),
    anchored across chapters, some edited, with reactions."""
    club = reading.club
    roles = ["admin", "moderator"]
    people = [member_of(club, roles[n] if n < len(roles) else "member") for n in range(authors)]
    chapters = list(reading.book.chapters.order_by("position"))
    thread = services.create_thread(
        reading=reading, actor=acting(people[0], reading.club), title="Big", body="Start"
    )
    rendered = render_post("Some **words** about ||a twist||, @nobody.")
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            number=n,
            author=people[n % authors],
            body="x",
            body_html=rendered.html,
            body_text=f"words about organizing number {n}",
            anchor_chapter=chapters[n % len(chapters)],
            reply_to=thread.last_post if n % 7 == 0 else None,
            content_warning="grief" if n % 11 == 0 else "",
            created_at=now,
            edited_at=now if n % 5 == 0 else None,
            reaction_counts={"like": 2},
        )
        for n in range(2, posts + 1)
    )
    Thread.objects.filter(pk=thread.pk).update(last_post_number=posts, post_count=posts)
    page_posts = Post.objects.filter(thread=thread).order_by("-number")[:20]
    Reaction.objects.bulk_create(
        Reaction(post=post, user=person, kind="like")
        for post in page_posts
        for person in people[:2]
    )
    thread.refresh_from_db()
    return thread


@pytest.mark.parametrize(("posts", "authors"), THREAD_SIZES)
def test_thread_page_queries_are_constant(
    client, reading, posts, authors, django_assert_max_num_queries
):
    thread = fill_thread(reading, posts=posts, authors=authors)
    viewer = member_of(reading.club, "moderator")
    mark_read(reading, viewer, 2)
    client.force_login(viewer)
    first_page = thread.get_absolute_url()
    last_page = f"{first_page}?page={thread.page_count}"

    # Session, user, club, membership, thread, posts, unread badge, and the read mark.
    with django_assert_max_num_queries(8):
        first = client.get(first_page)  # first visit: the read mark is new
    with django_assert_max_num_queries(8):
        last = client.get(last_page)  # the read mark moves on
    with django_assert_max_num_queries(8):
        again = client.get(last_page)  # nothing to mark

    assert first.status_code == last.status_code == again.status_code == 200
    assert f"#{posts}<" in last.text


@pytest.mark.parametrize(("posts", "authors"), THREAD_SIZES)
def test_thread_page_queries_are_constant_for_anonymous(
    client, reading, posts, authors, django_assert_max_num_queries
):
    thread = fill_thread(reading, posts=posts, authors=authors)
    last_page = f"{thread.get_absolute_url()}?page={thread.page_count}"

    # Club, thread, posts, and the post list missing from the database cache and stored.
    with django_assert_max_num_queries(10):
        first = client.get(last_page)
    with django_assert_max_num_queries(3):  # club, thread, the cached post list
        again = client.get(last_page)

    assert first.status_code == again.status_code == 200
    assert f"#{posts}<" in first.text and f"#{posts}<" in again.text


@pytest.mark.parametrize(("posts", "authors"), SIZES)
def test_reply_queries_are_constant(
    client, settings, reading, posts, authors, django_assert_max_num_queries
):
    # Rate-limit counters in process memory, so that only the reply's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    thread = fill_thread(reading, posts=posts, authors=authors)
    client.force_login(member_of(reading.club))
    address = reverse(
        "discussions:post-create", kwargs={"club_slug": reading.club.slug, "thread_id": thread.pk}
    )

    # Session, user, membership, club, thread, chapters, schedule, the author's progress (for
    # the default anchor); then under a savepoint the locked thread, the form key, members'
    # names, the post, its mentions, the thread's counters. The membership `club_view`
    # loaded is the actor: no second lookup.
    with django_assert_max_num_queries(16):
        response = client.post(
            address,
            {"body": "A reply", "idempotency_key": str(uuid.uuid4()), "content_warning": ""},
        )

    assert response.status_code == 302
    assert thread.posts.filter(number=posts + 1, body="A reply").exists()


@pytest.mark.parametrize(("threads", "authors"), [(3, 3), (60, 100)])
def test_thread_lists_queries_are_constant(
    client, reading, threads, authors, django_assert_max_num_queries
):
    people = [member_of(reading.club) for _ in range(authors)]
    theme = reading.book.themes.first()
    for n in range(threads):
        thread = services.create_thread(
            reading=reading,
            actor=acting(people[n % authors], reading.club),
            title=f"T{n}",
            body="x",
            theme=theme,
        )
        services.create_post(
            thread=thread, actor=acting(people[(n + 1) % authors], thread.club), body="y"
        )
    viewer = people[0]
    client.force_login(viewer)
    club = reading.club

    urls = [
        reverse(
            "discussions:thread-list-theme",
            kwargs={"club_slug": club.slug, "reading_id": reading.pk, "theme_slug": theme.slug},
        ),
        reverse(
            "discussions:thread-index", kwargs={"club_slug": club.slug, "reading_id": reading.pk}
        ),
    ]
    for address in urls:
        # The stock session and user are two queries, the unread badge one more.
        with django_assert_max_num_queries(11):
            assert client.get(address).status_code == 200


@pytest.mark.parametrize(("posts", "authors"), SIZES)
def test_search_queries_are_constant(
    client, reading, posts, authors, django_assert_max_num_queries
):
    fill_thread(reading, posts=posts, authors=authors)
    viewer = member_of(reading.club)
    mark_read(reading, viewer, 3)
    client.force_login(viewer)
    address = reverse("discussions:thread-search", kwargs={"club_slug": reading.club.slug})

    with django_assert_max_num_queries(9):
        response = client.get(address, {"q": "organizing"})

    assert response.status_code == 200 and "<mark>organizing</mark>" in response.text


@pytest.mark.parametrize(("posts", "authors"), SIZES)
def test_feed_queries_are_constant(client, reading, posts, authors, django_assert_max_num_queries):
    fill_thread(reading, posts=posts, authors=authors)
    address = reverse("discussions:feed-public", kwargs={"club_slug": reading.club.slug})

    with django_assert_max_num_queries(4):
        assert client.get(address).status_code == 200


def test_home_panel_queries_are_constant(rf, reading, django_assert_max_num_queries):
    from bookclub.clubs.access import ClubAccess
    from discussions.panels import recent_threads_panel

    for n in range(12):
        services.create_thread(
            reading=reading,
            actor=acting(member_of(reading.club), reading.club),
            title=f"T{n}",
            body="x",
        )
    request = rf.get("/")
    request.user = UserFactory()
    access = ClubAccess(club=reading.club, membership=None, user=request.user)

    with django_assert_max_num_queries(2):
        template, context = recent_threads_panel(request, access)

    assert len(context["threads"]) == 5
