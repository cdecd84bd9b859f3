"""Which chapter a post discusses: the choices and the default for a reading.

The default is the lower of readings.schedule.default_anchor (this week's reading) and how
far the author has read (readings.progress): a reader who is behind would otherwise hide
their comments on early chapters from the readers behind them without knowing.
"""

from __future__ import annotations

import datetime as dt

from readings import schedule
from readings.models import Chapter, ScheduleEntry


def default_among(
    chapters: list[Chapter], schedule_rows, today: dt.date, *, progress: int
) -> Chapter | None:
    """The default anchor among `chapters` (the book's), given the published schedule as
    rows of `due_on`, `first_chapter_id` and `last_chapter_id`, for an author who has read
    up to position `progress` (None, no anchor, when they have marked nothing read)."""
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
    scheduled = schedule.default_anchor(entries, today)
    if scheduled is None or scheduled.position <= progress:
        return scheduled
    return next((chapter for chapter in chapters if chapter.position == progress), None)


def anchor_choices(
    reading, today: dt.date, *, progress: int
) -> tuple[list[Chapter], Chapter | None]:
    """The book's chapters in order, and the one a new post by an author who has read up to
    `progress` anchors to by default."""
    chapters = list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))
    rows = (
        ScheduleEntry.objects.published()
        .filter(reading_id=reading.pk)
        .values("due_on", "first_chapter_id", "last_chapter_id")
    )
    return chapters, default_among(chapters, rows, today, progress=progress)
