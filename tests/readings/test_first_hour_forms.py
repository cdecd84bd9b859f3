"""Forms a new club meets in its first hour: each refusal says why, on the page, with the
text kept, and never tells one club what another reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from readings.models import Book, Reading
from tests.factories import BookFactory, ClubFactory

pytestmark = pytest.mark.django_db


def create_url(club):
    return reverse("readings:reading-create", kwargs={"club_slug": club.slug})


def new_book(**overrides):
    return {
        "starts_on": "2026-01-05",
        "ends_on": "2026-03-16",
        "title": "Shared Book",
        "authors": "Ann Lee",
        "isbn13": "978-0-306-40615-7",
        "chapter_count": "5",
    } | overrides


# Bug 4: an ISBN another club entered


def test_reading_create_with_an_isbn_another_club_entered_makes_the_clubs_own_entry(
    client, club, admin
):
    other = ClubFactory(name="Secret Readers")
    BookFactory(title="Their Copy", isbn13="9780306406157", added_by_club=other)
    client.force_login(admin)

    response = client.post(create_url(club), new_book())

    assert response.status_code == 302
    reading = Reading.objects.get(club=club)
    assert reading.book.title == "Shared Book" and reading.book.added_by_club == club
    assert reading.book.isbn13 == "9780306406157"


def test_reading_create_with_an_isbn_another_club_entered_reveals_nothing_on_refusal(
    client, club, admin
):
    other = ClubFactory(name="Secret Readers")
    BookFactory(title="Their Copy", isbn13="9780306406157", added_by_club=other)
    client.force_login(admin)

    response = client.post(create_url(club), new_book(authors=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Who wrote it?" in page
    assert "Their Copy" not in page and "Secret Readers" not in page
    assert "already" not in page


def test_reading_create_with_a_catalogue_isbn_offers_the_catalogue_book(client, club, admin):
    catalogue = BookFactory(title="The Catalogue Copy", isbn13="9780306406157")
    client.force_login(admin)

    response = client.post(create_url(club), new_book())

    page = response.content.decode()
    assert response.status_code == 200
    assert "The Catalogue Copy" in page and "is in the catalogue" in page
    assert f'<option value="{catalogue.pk}" selected>' in page
    assert 'value="Shared Book"' in page
    # Submitting again, as offered, starts the reading with the catalogue book.
    response = client.post(create_url(club), new_book(book=catalogue.pk))
    assert response.status_code == 302
    assert Reading.objects.get(club=club).book == catalogue
    assert Book.objects.count() == 1
