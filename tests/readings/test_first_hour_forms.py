"""Forms a new club meets in its first hour: each refusal says why, on the page, with the
text kept, and never tells one club what another reads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from readings.models import Book, Reading, Theme
from tests.factories import BookFactory, ClubFactory, ReadingFactory

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


# Bug 8: chapter and theme lines are refused with a reason, never changed silently


@pytest.mark.parametrize(
    ("field", "lines", "message"),
    [
        ("theme_lines", "Work\nBorders\nwork", "“work” is listed twice"),
        ("theme_lines", "Work\n" + "T" * 101, "Line 2 is 101 characters long; a theme name"),
        ("theme_lines", "Work\n📚📚", "“📚📚” has no letters or digits"),
        ("chapter_lines", "Intro\nChapter 1: " + "t" * 201, "Line 2: the title is 201 characters"),
        ("chapter_lines", "L" * 81 + "\nChapter 2", "Line 1: the label is 81 characters"),
    ],
)
def test_reading_create_refuses_lines_it_would_change(client, club, admin, field, lines, message):
    client.force_login(admin)
    data = new_book(isbn13="", chapter_count="", chapter_lines="Intro\nChapter 1", theme_lines="")
    data[field] = lines

    response = client.post(create_url(club), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert lines.split("\n")[-1][:60] in page  # the text is kept
    assert not Book.objects.exists()


def test_club_theme_add_refuses_a_name_the_reading_already_has(client, club, admin):
    reading = ReadingFactory(club=club)
    Theme.objects.create(book=reading.book, name="Borders", slug="borders")
    client.force_login(admin)
    url = reverse("readings:theme-create", args=[club.slug, reading.pk])

    response = client.post(url, {"name": "  borders ", "description": "Again"})

    assert response.status_code == 200
    assert "“borders” is already a theme of this reading" in response.content.decode()
    assert Theme.objects.count() == 1


def test_club_theme_add_refuses_a_name_without_words(client, club, admin):
    reading = ReadingFactory(club=club)
    client.force_login(admin)
    url = reverse("readings:theme-create", args=[club.slug, reading.pk])

    response = client.post(url, {"name": "🔥🔥", "description": ""})

    assert "“🔥🔥” has no letters or digits" in response.content.decode()
    assert not Theme.objects.exists()


def test_a_theme_named_in_another_alphabet_gets_an_address_in_it(client, club, admin):
    client.force_login(admin)
    data = new_book(isbn13="", theme_lines="劳动\nLabour")

    client.post(create_url(club), data)

    reading = Reading.objects.get(club=club)
    assert list(reading.book.themes.values_list("slug", flat=True)) == ["劳动", "labour"]
    theme_page = reverse(
        "discussions:thread-list-theme",
        kwargs={"club_slug": club.slug, "reading_id": reading.pk, "theme_slug": "劳动"},
    )
    client.force_login(admin)
    assert client.get(theme_page).status_code == 200
