"""Which chapter a post discusses: the choices and the default for a reading."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, ExpressionWrapper, Q, Subquery
from django.db.models.functions import Coalesce

from readings.models import Chapter, ScheduleEntry


def _published(reading) -> ScheduleEntry:
    return ScheduleEntry.objects.published().filter(reading_id=reading.pk)


def current_anchor_subquery(reading, today: dt.date):
    """Last chapter of the entry being read now (next due), else of the last one due."""
    upcoming = _published(reading).filter(due_on__gte=today).order_by("due_on")
    past = _published(reading).filter(due_on__lt=today).order_by("-due_on")
    return Coalesce(
        Subquery(upcoming.values("last_chapter_id")[:1]),
        Subquery(past.values("last_chapter_id")[:1]),
    )


def anchor_choices(reading, today: dt.date) -> list[Chapter]:
    """The book's chapters in order; the default one carries `is_default=True`. One query."""
    return list(
        Chapter.objects.filter(book_id=reading.book_id)
        .annotate(
            is_default=ExpressionWrapper(
                Q(pk=current_anchor_subquery(reading, today)), output_field=BooleanField()
            )
        )
        .order_by("position")
    )


def default_anchor(chapters: list[Chapter]) -> Chapter | None:
    return next((chapter for chapter in chapters if chapter.is_default), None)
