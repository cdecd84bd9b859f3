"""Where are we in the schedule (readings.schedule), and the reply form's default chapter."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from readings import schedule
from readings.models import Book, Chapter, ChapterRead, Reading, ScheduleEntry
from tests.conftest import member_of
from tests.factories import ThreadFactory

TODAY = dt.date(2026, 11, 25)
STARTED = TODAY - dt.timedelta(days=60)


def _entries(*spans: tuple[int, int, dt.date]) -> list[ScheduleEntry]:
    """Unsaved entries over chapters whose ids run opposite to their positions."""
    chapters = {p: Chapter(pk=100 - p, position=p, label=f"Chapter {p}") for p in range(1, 13)}
    return [
        ScheduleEntry(first_chapter=chapters[first], last_chapter=chapters[last], due_on=due)
        for first, last, due in spans
    ]


def test_the_current_entry_is_the_next_due_and_its_last_chapter_the_default_anchor():
    entries = _entries(
        (1, 3, TODAY - dt.timedelta(5)),
        (4, 6, TODAY + dt.timedelta(2)),
        (7, 9, TODAY + dt.timedelta(9)),
    )

    assert schedule.current_entry(entries, TODAY, starts_on=STARTED) is entries[1]
    assert schedule.default_anchor(entries, TODAY).position == 6
    assert schedule.target_position(entries, TODAY) == 3


def test_an_entry_due_today_is_still_current():
    entries = _entries((1, 4, TODAY), (5, 8, TODAY + dt.timedelta(6)))

    assert schedule.current_entry(entries, TODAY, starts_on=STARTED) is entries[0]
    assert schedule.default_anchor(entries, TODAY).position == 4
    assert schedule.target_position(entries, TODAY) == 0


def test_after_the_schedule_ends_nothing_is_current_and_the_anchor_is_the_last_entry():
    entries = _entries((1, 5, TODAY - dt.timedelta(40)), (6, 12, TODAY - dt.timedelta(10)))

    assert schedule.current_entry(entries, TODAY, starts_on=STARTED) is None
    assert schedule.default_anchor(entries, TODAY).position == 12
    assert schedule.target_position(entries, TODAY) == 12


def test_no_schedule_means_no_current_entry_and_no_default_anchor():
    assert schedule.current_entry([], TODAY, starts_on=STARTED) is None
    assert schedule.default_anchor([], TODAY) is None
    assert schedule.target_position([], TODAY) == 0


def test_reply_form_defaults_to_the_entry_this_week_shows_when_two_are_due_together(client, club):
    """Two entries due the same day: the one earlier in the book is being read now, on the
    club home and in the reply form alike, whatever order the chapters were added in."""
    book = Book.objects.create(title="Renumbered", authors="A. Writer")
    chapters = {
        p: Chapter.objects.create(book=book, position=p, label=f"Part {p}") for p in (4, 3, 2, 1)
    }
    today = timezone.localdate()
    reading = Reading.objects.create(
        club=club,
        book=book,
        starts_on=today - dt.timedelta(3),
        ends_on=today + dt.timedelta(30),
        schedule_published=True,
    )
    due = today + dt.timedelta(3)
    for first, last in ((1, 2), (3, 4)):
        ScheduleEntry.objects.create(
            reading=reading, first_chapter=chapters[first], last_chapter=chapters[last], due_on=due
        )
    thread = ThreadFactory(reading=reading)
    reader = member_of(club)
    for chapter in chapters.values():  # read ahead: the schedule, not progress, decides
        ChapterRead.objects.create(reading=reading, chapter=chapter, user=reader)
    client.force_login(reader)

    home = client.get(club.get_absolute_url()).content.decode()
    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Part 1" in home and "Part 3" not in home
    assert f'<option value="{chapters[2].pk}" selected>' in page


def test_before_the_reading_starts_nothing_is_current_but_the_anchor_is_the_first_entry():
    entries = _entries((1, 3, TODAY + dt.timedelta(14)), (4, 6, TODAY + dt.timedelta(21)))
    starts_on = TODAY + dt.timedelta(7)

    assert schedule.current_entry(entries, TODAY, starts_on=starts_on) is None
    assert schedule.current_entry(entries, starts_on, starts_on=starts_on) is entries[0]
    assert schedule.default_anchor(entries, TODAY).position == 3
