from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from readings.models import (
    Book,
    ChapterRead,
    Reading,
    Rsvp,
    ScheduleEntry,
    Theme,
)
from readings.progress import progress_position, progress_positions
from readings.schedule import current_entry
from readings.validators import validate_isbn13
from tests.conftest import member_of
from tests.factories import BookFactory, ReadingFactory, ScheduleEntryFactory

TODAY = dt.date(2026, 5, 10)


def _reading(club, start, end, **fields):
    return ReadingFactory(club=club, starts_on=start, ends_on=end, **fields)


def test_current_for_prefers_the_reading_under_way(club):
    _reading(club, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    now = _reading(club, dt.date(2026, 5, 1), dt.date(2026, 6, 1))
    _reading(club, dt.date(2026, 7, 1), dt.date(2026, 8, 1))
    assert Reading.objects.current_for(club, TODAY) == now


def test_current_for_falls_back_to_the_next_upcoming_then_the_latest(club):
    old = _reading(club, dt.date(2025, 1, 1), dt.date(2025, 2, 1))
    latest = _reading(club, dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    assert Reading.objects.current_for(club, TODAY) == latest
    later = _reading(club, dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    soon = _reading(club, dt.date(2026, 6, 1), dt.date(2026, 7, 1))
    assert Reading.objects.current_for(club, TODAY) == soon
    assert {old, later}.isdisjoint({Reading.objects.current_for(club, TODAY)})


def test_current_for_ignores_other_clubs(club):
    other = ReadingFactory(starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 6, 1))
    assert other.club != club
    assert Reading.objects.current_for(club, TODAY) is None


def test_reading_status_follows_the_dates(club):
    reading = _reading(club, dt.date(2026, 5, 1), dt.date(2026, 6, 1))
    assert reading.status(dt.date(2026, 4, 30)) == "upcoming"
    assert reading.status(dt.date(2026, 6, 1)) == "current"
    assert reading.status(dt.date(2026, 6, 2)) == "finished"


def _current_entry(reading, today):
    """The entry members see as current: of the published schedule only."""
    entries = ScheduleEntry.objects.published().filter(reading=reading).in_book_order()
    return current_entry(entries, today, starts_on=reading.starts_on)


def test_published_entries_and_current_entry(club):
    reading = _reading(club, dt.date(2026, 5, 1), dt.date(2026, 6, 30))
    ScheduleEntryFactory(reading=reading, first=1, last=2, due_on=dt.date(2026, 5, 8))
    this_week = ScheduleEntryFactory(reading=reading, first=3, last=4, due_on=dt.date(2026, 5, 15))
    assert _current_entry(reading, TODAY) == this_week
    assert _current_entry(reading, dt.date(2026, 5, 15)) == this_week
    assert _current_entry(reading, dt.date(2026, 5, 16)) is None
    reading.schedule_published = False
    reading.save()
    assert _current_entry(reading, TODAY) is None
    assert not ScheduleEntry.objects.published().filter(reading=reading).exists()


def test_progress_position_is_the_highest_chapter_marked(club):
    reading = ReadingFactory(club=club, book=BookFactory(chapters=6))
    reader, other, idle = member_of(club), member_of(club), member_of(club)
    chapters = {c.position: c for c in reading.book.chapters.all()}
    for position in (1, 4):
        ChapterRead.objects.create(reading=reading, user=reader, chapter=chapters[position])
    ChapterRead.objects.create(reading=reading, user=other, chapter=chapters[2])
    assert progress_position(reading, reader) == 4
    assert progress_position(reading, idle) == 0
    assert progress_positions(reading, [reader.pk, other.pk, idle.pk]) == {
        reader.pk: 4,
        other.pk: 2,
        idle.pk: 0,
    }


@pytest.mark.parametrize("isbn", ["9780306406157", "978-0-306-40615-7", "978 1 64259 940 4", ""])
def test_isbn13_accepts_valid_numbers(isbn):
    validate_isbn13(isbn)


@pytest.mark.parametrize(
    ("isbn", "message"),
    [
        ("9780306406158", "its last digit should be 7"),
        ("978030640615", "exactly 13 digits"),
        ("97803064061X7", "exactly 13 digits"),
    ],
)
def test_isbn13_refuses_bad_numbers_with_a_clear_message(isbn, message):
    with pytest.raises(ValidationError) as error:
        validate_isbn13(isbn)
    assert message in error.value.messages[0]


def test_entry_chapter_span_reads_naturally(club):
    reading = ReadingFactory(club=club)
    single = ScheduleEntryFactory(reading=reading, first=3, last=3)
    double = ScheduleEntryFactory(reading=reading, first=4, last=5)
    assert single.chapter_span == "Chapter 3"
    assert double.chapter_span == "Chapter 4 – Chapter 5"


def test_seed_demo_gives_the_demo_club_its_reading_once():
    for _ in range(2):
        call_command("seed_demo", stdout=StringIO())
    book = Book.objects.get(title="Not Your Rescue Project")
    assert book.subtitle == "Migrant Sex Workers Fighting for Justice"
    assert book.isbn13 == ""
    labels = list(book.chapters.order_by("position").values_list("label", flat=True))
    assert labels == ["Introduction", *(f"Chapter {n}" for n in range(1, 9)), "Conclusion"]
    assert Theme.objects.filter(book=book).count() == 6
    reading = Reading.objects.get(book=book)
    assert reading.schedule_published and reading.entries.count() == 6
    assert reading.entries.filter(meeting_at__isnull=False).count() == 2
    assert all(entry.prompts for entry in reading.entries.all())
    members = [m.user for m in reading.club.memberships.select_related("user")]
    positions = {user.display_name: progress_position(reading, user) for user in members}
    assert positions["Mei"] > positions["Rowan"] > positions["Sol"] > 0
    assert _current_entry(reading, reading.starts_on + dt.timedelta(days=10)) is not None
    assert Rsvp.objects.filter(entry__reading=reading).count() == 2
