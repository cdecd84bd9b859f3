"""Which chapter a post discusses: the choices and the default for a reading."""

from __future__ import annotations

import datetime as dt

from readings.models import Chapter, ScheduleEntry

# A published schedule as (due on, id of the entry's last chapter) pairs.
Schedule = list[tuple[dt.date, int]]


def current_anchor_id(schedule: Schedule, today: dt.date) -> int | None:
    """Last chapter of the entry being read now (next due), else of the last one due."""
    upcoming = [entry for entry in schedule if entry[0] >= today]
    if upcoming:
        return min(upcoming)[1]
    return max(schedule)[1] if schedule else None


def default_among(chapters: list[Chapter], schedule: Schedule, today: dt.date) -> Chapter | None:
    default_id = current_anchor_id(schedule, today)
    return next((chapter for chapter in chapters if chapter.pk == default_id), None)


def anchor_choices(reading, today: dt.date) -> tuple[list[Chapter], Chapter | None]:
    """The book's chapters in order, and the one a new post anchors to by default."""
    chapters = list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))
    schedule = list(
        ScheduleEntry.objects.published()
        .filter(reading_id=reading.pk)
        .values_list("due_on", "last_chapter_id")
    )
    return chapters, default_among(chapters, schedule, today)
