from __future__ import annotations

from django.urls import reverse

from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading, mark_read


def chapter(reading, position):
    return reading.book.chapters.get(position=position)


def search(client, club, q):
    return client.get(
        reverse("discussions:thread-search", kwargs={"club_slug": club.slug}), {"q": q}
    )


def test_search_ranks_and_highlights_matches(client, reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Borders", body="x"
    )
    services.create_post(
        thread=thread, actor=acting(member, thread.club), body="The border regime <b>hurts</b>."
    )

    response = search(client, reading.club, "border")

    assert "<mark>border</mark> regime" in response.text
    assert "&lt;b&gt;" not in response.text or "<b>hurts" not in response.text
    assert "1 post match" in response.text


def test_search_escapes_everything_but_the_highlight(client, reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="x"
    )
    services.create_post(
        thread=thread,
        actor=acting(member, thread.club),
        body="`<img src=x onerror=alert(1)>` border",
    )

    response = search(client, reading.club, "border")

    assert "<mark>border</mark>" in response.text
    assert "<img" not in response.text


def test_search_hides_snippets_of_gated_posts_and_counts_them(client, reading, member, club):
    reader = member_of(club)
    mark_read(reading, reader, 1)
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="x"
    )
    services.create_post(
        thread=thread,
        actor=acting(member, thread.club),
        body="Police raid ending",
        anchor_chapter=chapter(reading, 6),
    )
    services.create_post(
        thread=thread,
        actor=acting(member, thread.club),
        body="Police early on",
        anchor_chapter=chapter(reading, 1),
    )
    client.force_login(reader)

    response = search(client, club, "police")

    assert "1 of the results on this page discusses later chapters" in response.text
    assert "raid ending" not in response.text
    assert "<mark>Police</mark> early" in response.text


def test_search_excludes_deleted_posts_and_other_clubs(client, reading, member, club):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="x"
    )
    gone = services.create_post(
        thread=thread, actor=acting(member, thread.club), body="vanishing words"
    )
    services.delete_post(post=gone, actor=acting(member, gone.thread.club))
    other = make_reading(_club())
    services.create_thread(
        reading=other,
        actor=acting(member_of(other.club), other.club),
        title="T",
        body="vanishing elsewhere",
    )

    response = search(client, club, "vanishing")

    assert "0 posts match" in response.text


def _club():
    from tests.factories import ClubFactory

    return ClubFactory()


def test_search_of_private_club_is_404_for_outsiders(client, private_club, user):
    client.force_login(user)

    assert search(client, private_club, "x").status_code == 404


def test_search_matches_thread_titles(client, reading, member):
    services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Carceral feminism", body="x"
    )

    response = search(client, reading.club, "feminism")

    assert "Carceral feminism" in response.text


def test_search_uses_the_gin_index_on_a_large_table(reading, member):
    from django.db import connection

    from discussions.models import Post

    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="x"
    )
    Post.objects.bulk_create(
        Post(
            thread=thread,
            number=n,
            author=member,
            body="x",
            body_html="",
            body_text="reading together about borders" if n % 500 == 0 else f"ordinary words {n}",
        )
        for n in range(2, 20_002)
    )
    with connection.cursor() as cursor:
        # Move freshly inserted entries from the GIN pending list into the index proper.
        cursor.execute("SELECT gin_clean_pending_list('post_search_gin'::regclass)")
        cursor.execute("ANALYZE discussions_post")
        cursor.execute("ANALYZE discussions_thread")

    plan = Post.objects.search(reading.club, None, "borders").explain()

    assert "post_search_gin" in plan, plan


def test_public_feed_gates_everything_anchored(client, reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Open", body="Hello all"
    )
    services.create_post(
        thread=thread,
        actor=acting(member, thread.club),
        body="Secret ending",
        anchor_chapter=chapter(reading, 3),
    )

    response = client.get(
        reverse("discussions:feed-public", kwargs={"club_slug": reading.club.slug})
    )

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Hello all" in response.text and "Secret ending" not in response.text
    assert "discusses up to Chapter 3, beyond your progress" in response.text


def test_public_feed_of_private_club_is_404(client, private_club):
    url = reverse("discussions:feed-public", kwargs={"club_slug": private_club.slug})

    assert client.get(url).status_code == 404


def test_private_feed_follows_the_members_progress(client, private_club):
    from bookclub.clubs.models import Membership

    reading = make_reading(private_club)
    author = member_of(private_club)
    reader = member_of(private_club)
    mark_read(reading, reader, 3)
    thread = services.create_thread(
        reading=reading, actor=acting(author, reading.club), title="Open", body="x"
    )
    services.create_post(
        thread=thread,
        actor=acting(author, thread.club),
        body="Chapter three talk",
        anchor_chapter=chapter(reading, 3),
    )
    services.create_post(
        thread=thread,
        actor=acting(author, thread.club),
        body="Chapter five talk",
        anchor_chapter=chapter(reading, 5),
    )
    token = Membership.objects.get(user=reader).discussion_feed_token
    url = reverse(
        "discussions:feed-private", kwargs={"club_slug": private_club.slug, "token": token}
    )

    response = client.get(url)

    assert "Chapter three talk" in response.text and "Chapter five talk" not in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_private_feed_with_wrong_or_banned_token_is_404(client, private_club):
    from bookclub.clubs.models import Membership

    member_of(private_club, status="banned")
    banned_token = Membership.objects.get().discussion_feed_token

    for token in [banned_token, "00000000-0000-0000-0000-000000000000"]:
        url = reverse(
            "discussions:feed-private", kwargs={"club_slug": private_club.slug, "token": token}
        )
        assert client.get(url).status_code == 404


def test_search_ranks_only_the_most_recent_matches_and_says_so(
    client, reading, member, monkeypatch
):
    monkeypatch.setattr("discussions.querysets.SEARCH_CANDIDATES", 3)
    monkeypatch.setattr("discussions.views.search.SEARCH_CANDIDATES", 3)
    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Walls",
        body="Borders borders borders everywhere",
    )
    for n in range(4):
        services.create_post(
            thread=thread, actor=acting(member, thread.club), body=f"Recent borders note {n}"
        )

    page = search(client, reading.club, "borders").text

    assert "3 or more posts match" in page
    assert "everywhere" not in page  # the oldest match is not among the candidates
    assert page.count('class="card"') == 3
