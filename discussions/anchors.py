"""Which chapter a post discusses: the choices and the default for a reading.

The default is readings.schedule.default_anchor; this module only feeds it the rows.
"""

from __future__ import annotations

import datetime as dt

from readings import schedule
from readings.models import Chapter, ScheduleEntry


def default_among(chapters: list[Chapter], schedule_rows, today: dt.date) -> Chapter | None:
    """The default anchor among `chapters` (the book's), given the published schedule as
    rows of `due_on`, `first_chapter_id` and `last_chapter_id`."""
    by_id = {chapter.pk: chapter for chapter in chapters}
    entries = [
        ScheduleEntry(
            due_on=dt.date.fromisoformat(row["due_on"])
            if isinstance(row["due_on"], str)
            else row["due_on"],
            first_chapter=by_id[row["first_chapter_id"]],
            last_chapter=by_id[row["last_chapter_id"]],
        )
        for row in schedule_rows
    ]
    return schedule.default_anchor(entries, today)


def anchor_choices(reading, today: dt.date) -> tuple[list[Chapter], Chapter | None]:
    """The book's chapters in order, and the one a new post anchors to by default."""
    chapters = list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))
    rows = (
        ScheduleEntry.objects.published()
        .filter(reading_id=reading.pk)
        .values("due_on", "first_chapter_id", "last_chapter_id")
    )
    return chapters, default_among(chapters, rows, today)
