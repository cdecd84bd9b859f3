"""A new club's way into its discussions: the club nav, the empty club home and schedule,
schedule entries and theme cards all lead to the threads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory

pytestmark = pytest.mark.django_db


def _start_url(reading) -> str:
    return reverse(
        "discussions:thread-create",
        kwargs={"club_slug": reading.club.slug, "reading_id": reading.pk},
    )


def _index_url(reading) -> str:
    return reverse(
        "discussions:thread-index",
        kwargs={"club_slug": reading.club.slug, "reading_id": reading.pk},
    )


def test_club_nav_has_discussions_leading_to_the_current_reading(client, club, reading):
    client.force_login(member_of(club))
    home = client.get(club.get_absolute_url())
    nav_url = reverse("discussions:club-discussions", kwargs={"club_slug": club.slug})
    assert f'<a href="{nav_url}">Discussions</a>' in home.content.decode()
    response = client.get(nav_url)
    assert response.status_code == 302
    assert response["Location"] == _index_url(reading)


def test_club_discussions_without_a_reading_says_how_to_begin(client, club):
    client.force_login(member_of(club, "owner"))
    response = client.get(reverse("discussions:club-discussions", kwargs={"club_slug": club.slug}))
    assert response.status_code == 200
    assert "Start a reading" in response.content.decode()


def test_empty_club_home_offers_the_first_discussion(client, club, reading):
    client.force_login(member_of(club))
    page = client.get(club.get_absolute_url()).content.decode()
    assert "Start the first discussion" in page
    assert _start_url(reading) in page


def test_club_home_with_threads_shows_them_not_the_first_discussion(client, club, reading):
    author = member_of(club)
    services.create_thread(
        actor=acting(author, reading.club), reading=reading, title="Hello all", body="Hi"
    )
    client.force_login(author)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "Start the first discussion" not in page
    assert "Hello all" in page


def test_visitors_are_not_offered_to_start_a_discussion(client, reading):
    page = client.get(reading.club.get_absolute_url()).content.decode()
    assert "Start the first discussion" not in page


def test_empty_schedule_offers_the_first_discussion(client, club, reading):
    client.force_login(member_of(club))
    page = client.get(reading.get_absolute_url()).content.decode()
    assert "Start the first discussion" in page
    assert _start_url(reading) in page


def test_schedule_entries_link_to_their_chapter_threads(client, club, reading):
    client.force_login(member_of(club))
    page = client.get(reading.get_absolute_url()).content.decode()
    for position in (1, 2, 3, 4):
        url = reverse(
            "discussions:thread-list-chapter",
            kwargs={"club_slug": club.slug, "reading_id": reading.pk, "position": position},
        )
        assert f'href="{url}"' in page
    assert f'href="{_index_url(reading)}"' in page


def test_public_schedule_links_visitors_to_the_threads_they_may_read(client, reading):
    page = client.get(reading.get_absolute_url()).content.decode()
    assert f'href="{_index_url(reading)}"' in page
    assert "Start the first discussion" not in page


def test_theme_cards_link_to_their_threads(client, club, reading):
    client.force_login(member_of(club))
    url = reverse("readings:theme-list", kwargs={"club_slug": club.slug, "reading_id": reading.pk})
    page = client.get(url).content.decode()
    for theme in reading.book.themes.all():
        theme_url = reverse(
            "discussions:thread-list-theme",
            kwargs={"club_slug": club.slug, "reading_id": reading.pk, "theme_slug": theme.slug},
        )
        assert f'href="{theme_url}"' in page


def test_club_discussions_of_a_private_club_is_404_for_outsiders(client, user):
    club = ClubFactory(visibility="private", join_policy="invite")
    make_reading(club)
    client.force_login(user)
    url = reverse("discussions:club-discussions", kwargs={"club_slug": club.slug})
    assert client.get(url).status_code == 404
