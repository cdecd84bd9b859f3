"""Where we are in the schedule, and the rules an edit of it must follow.

Plain functions over entries, chapter positions and dates (no database): pages, the reply
form and services pass the rows they loaded. "Where are we" is asked here only: the entry
being read now, how far the club should have read, and the chapter a new post is about.
Services call the edit rules under a row lock; tests call them directly for the edge cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.formats import date_format

if TYPE_CHECKING:
    from readings.models import Chapter, ScheduleEntry


def _book_order(entry: ScheduleEntry) -> tuple[dt.date, int]:
    return entry.due_on, entry.first_chapter.position


def next_entry(entries: Iterable[ScheduleEntry], today: dt.date) -> ScheduleEntry | None:
    """The earliest entry not yet past its due date on `today`: the one being read, or before
    the reading starts the one to read first. None when every entry is past (or none).

    Entries in any order, with their first and last chapters loaded.
    """
    upcoming = (entry for entry in entries if entry.due_on >= today)
    return min(upcoming, key=_book_order, default=None)


def current_entry(
    entries: Iterable[ScheduleEntry], today: dt.date, *, starts_on: dt.date
) -> ScheduleEntry | None:
    """The entry being read on `today` ("this week"): the next one due, once the reading has
    started on `starts_on`. Before that nothing is being read yet."""
    if today < starts_on:
        return None
    return next_entry(entries, today)


def target_position(entries: Iterable[ScheduleEntry], today: dt.date) -> int:
    """How far the club should have read: the last chapter of the latest entry past due."""
    past = [entry for entry in entries if entry.due_on < today]
    latest = max(past, key=_book_order, default=None)
    return latest.last_chapter.position if latest else 0


def default_anchor(entries: list[ScheduleEntry], today: dt.date) -> Chapter | None:
    """The chapter a new post discusses unless its author says otherwise: the last one of
    the entry being read now (or first, before the start), else of the schedule's last
    entry (None without a schedule)."""
    entry = next_entry(entries, today) or max(entries, key=_book_order, default=None)
    return entry.last_chapter if entry else None


@dataclass(frozen=True)
class Span:
    """An entry reduced to what the rules need: chapters first..last (positions) due by a date."""

    first: int
    last: int
    due_on: dt.date
    entry_id: int | None = None


def _day(value: dt.date) -> str:
    return date_format(value, "j M Y")


def _chapters(first: int, last: int, labels: dict[int, str]) -> str:
    if first == last:
        return labels.get(first, f"chapter {first}")
    return f"{labels.get(first, f'chapter {first}')} – {labels.get(last, f'chapter {last}')}"


def entry_errors(
    *,
    candidate: Span,
    others: list[Span],
    labels: dict[int, str],
    starts_on: dt.date,
    ends_on: dt.date,
    allow_gap: bool = False,
    meeting_on: dt.date | None = None,
) -> dict[str, list[str]]:
    """Why `candidate` cannot join `others` in the schedule, by form field; {} when it can.

    `labels` maps every chapter position of the book to its label; `meeting_on` is the day
    of the entry's meeting in the club's time zone, if it has one.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    chapter_count = max(labels, default=0)
    first, last = candidate.first, candidate.last
    for field, position in (("first_chapter", first), ("last_chapter", last)):
        if not 1 <= position <= chapter_count:
            add(field, f"The book has chapters 1 to {chapter_count}; {position} is not one.")
    if errors:
        return errors
    if first > last:
        add(
            "last_chapter",
            f"The last chapter ({labels[last]}) comes before the first ({labels[first]}). "
            "Pick a last chapter at or after the first.",
        )
        return errors
    if not starts_on <= candidate.due_on <= ends_on:
        add(
            "due_on",
            f"Pick a due date within the reading, {_day(starts_on)} to {_day(ends_on)}.",
        )
    if meeting_on is not None and not starts_on <= meeting_on <= ends_on:
        add(
            "meeting_at",
            f"The meeting is on {_day(meeting_on)}, outside this reading "
            f"({_day(starts_on)} to {_day(ends_on)}). Check the year, or change the "
            "reading's dates first.",
        )

    for other in others:
        if other.first <= last and first <= other.last:
            add(
                "first_chapter",
                f"{_chapters(max(first, other.first), min(last, other.last), labels)} "
                f"already belong to the entry due {_day(other.due_on)}. "
                "Each chapter can be in one entry only.",
            )
            return errors

    before = max((o for o in others if o.last < first), key=lambda o: o.last, default=None)
    after = min((o for o in others if o.first > last), key=lambda o: o.first, default=None)
    if not allow_gap:
        gap_start = before.last + 1 if before else 1
        if first > gap_start:
            add(
                "first_chapter",
                f"{_chapters(gap_start, first - 1, labels)} would be in no entry. "
                "Start at the next unscheduled chapter, or tick “leave a gap”.",
            )
        if after and after.first > last + 1:
            add(
                "last_chapter",
                f"{_chapters(last + 1, after.first - 1, labels)} would be in no entry. "
                "End just before the next entry, or tick “leave a gap”.",
            )
    if before and candidate.due_on < before.due_on:
        add(
            "due_on",
            f"The chapters before these are due {_day(before.due_on)}; "
            "pick that day or later so dates follow the book.",
        )
    if after and candidate.due_on > after.due_on:
        add(
            "due_on",
            f"The chapters after these are due {_day(after.due_on)}; "
            "pick that day or earlier so dates follow the book.",
        )
    return errors


def spread_dates(starts_on: dt.date, ends_on: dt.date, every_days: int) -> list[dt.date]:
    """Due dates every `every_days` from the start, the last on or before the end.

    A reading shorter than one step gets a single due date: its end.
    """
    steps = (ends_on - starts_on).days // every_days
    if steps == 0:
        return [ends_on]
    return [starts_on + dt.timedelta(days=every_days * k) for k in range(1, steps + 1)]


def plan_spread(
    chapter_count: int, starts_on: dt.date, ends_on: dt.date, every_days: int
) -> list[Span]:
    """Every chapter in order over the due dates.

    More chapters than dates: one entry per date, contiguous chapters, sizes differing by
    at most one (longer entries come later, once the group has found its pace). Fewer
    chapters than dates: one chapter per entry, spread evenly so the last is due last.
    """
    dates = spread_dates(starts_on, ends_on, every_days)
    slots = len(dates)
    if chapter_count == 0:
        return []
    if chapter_count >= slots:
        bounds = [(k * chapter_count) // slots for k in range(slots + 1)]
        return [Span(bounds[k] + 1, bounds[k + 1], dates[k]) for k in range(slots)]
    return [
        Span(chapter, chapter, dates[(chapter * slots) // chapter_count - 1])
        for chapter in range(1, chapter_count + 1)
    ]


def hand_over_chapter(entry: Span, neighbour: Span | None, direction: str) -> str | None:
    """Why `entry` cannot hand its first chapter up (or last chapter down) to `neighbour`.

    None when it can. Entries follow the book, so "moving" is moving a chapter across the
    boundary with the neighbouring entry; the schedule stays contiguous and in order.
    """
    if entry.first == entry.last:
        return "This entry has a single chapter; edit or delete it instead."
    if neighbour is None:
        side = "before" if direction == "up" else "after"
        return f"There is no entry {side} this one to take the chapter."
    touching = (
        neighbour.last + 1 == entry.first
        if direction == "up"
        else (entry.last + 1 == neighbour.first)
    )
    if not touching:
        return "There is a gap between these entries; edit the entries instead."
    return None
