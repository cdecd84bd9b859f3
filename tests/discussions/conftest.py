from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from readings.models import Book, Chapter, ChapterRead, Reading, ScheduleEntry, Theme
from tests.conftest import member_of

THEME_NAMES = ["Sex Work as Labor", "Criminalization of Migration", "Anti-Trafficking Myths"]


def make_reading(club, *, chapters: int = 6, published: bool = True) -> Reading:
    """A reading of a small book with `chapters` chapters, three themes and a schedule."""
    book = Book.objects.create(title=f"A book for {club.slug}", authors="A. Writer")
    chapter_rows = [
        Chapter.objects.create(book=book, position=i, label=f"Chapter {i}")
        for i in range(1, chapters + 1)
    ]
    today = timezone.localdate()
    reading = Reading.objects.create(
        club=club,
        book=book,
        starts_on=today - dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=60),
        schedule_published=published,
    )
    for i, name in enumerate(THEME_NAMES):
        Theme.objects.create(book=book, name=name, slug=name.lower().replace(" ", "-"), position=i)
    # Chapters 1-2 were due last week; 3-4 are due next week (the current entry).
    ScheduleEntry.objects.create(
        reading=reading,
        first_chapter=chapter_rows[0],
        last_chapter=chapter_rows[1],
        due_on=today - dt.timedelta(days=7),
        prompts="What surprised you first?\nWhich argument needs more evidence?",
    )
    ScheduleEntry.objects.create(
        reading=reading,
        first_chapter=chapter_rows[2],
        last_chapter=chapter_rows[3],
        due_on=today + dt.timedelta(days=7),
    )
    return reading


def mark_read(reading, user, up_to: int) -> None:
    for chapter in reading.book.chapters.filter(position__lte=up_to):
        ChapterRead.objects.get_or_create(reading=reading, chapter=chapter, user=user)


@pytest.fixture
def reading(club):
    return make_reading(club)


@pytest.fixture
def member(club):
    return member_of(club, "member")


@pytest.fixture
def moderator(club):
    return member_of(club, "moderator")
