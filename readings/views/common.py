"""What the reading pages share: finding objects (404 outside the club), roles, links."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from bookclub.clubs import permissions
from bookclub.core.http import safe_next_url
from readings import services
from readings.models import Chapter, Reading, ScheduleEntry

curator = permissions.can_curate_schedule
member = permissions.can_track_progress


def reading_in_club(access, reading_id: int) -> Reading:
    return get_object_or_404(
        Reading.objects.select_related("book", "club").with_chapter_count(),
        pk=reading_id,
        club=access.club,
    )


def entry_in_reading(reading: Reading, entry_id: int) -> ScheduleEntry:
    entry = get_object_or_404(
        ScheduleEntry.objects.select_related("first_chapter", "last_chapter"),
        pk=entry_id,
        reading=reading,
    )
    entry.reading = reading
    return entry


def chapters_of(reading: Reading) -> list[Chapter]:
    return list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))


def back_url(request, default: str):
    return HttpResponseRedirect(safe_next_url(request, default))


def schedule_url(reading: Reading) -> str:
    return reading.get_absolute_url()


def edit_url(reading: Reading) -> str:
    return reverse(
        "readings:schedule-edit", kwargs={"club_slug": reading.club.slug, "reading_id": reading.pk}
    )


def add_refusal_errors(form, refusal: services.ScheduleChangeRefused) -> int:
    for field, errors in refusal.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    return 409 if isinstance(refusal, services.StaleSchedule) else 200


def group_chapters(entries: list[ScheduleEntry], chapters: list[Chapter]):
    by_position = {c.position: c for c in chapters}
    scheduled: set[int] = set()
    for entry in entries:
        span = range(entry.first_chapter.position, entry.last_chapter.position + 1)
        entry.chapters = [by_position[p] for p in span if p in by_position]
        scheduled.update(span)
    return [c for c in chapters if c.position not in scheduled]
