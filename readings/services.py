"""Every write of the readings app. Each service checks permission first.

The actor is the person's `Membership` (None for outsiders); a membership of another club
than the one acted on counts as none (`permissions.acting_in`).

Schedule changes carry the `schedule_version` the admin's form was based on. The version
is bumped with `UPDATE … WHERE schedule_version = <based on>`, which also locks the reading
row until commit: a second admin saving against the older version changes no row and is
refused (`StaleSchedule`), and concurrent writers are serialised.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookclub.accounts.names import readable_slug
from bookclub.clubs import permissions
from bookclub.clubs.models import Club, Membership
from readings import schedule, signals
from readings.models import (
    Book,
    Chapter,
    ChapterRead,
    MeetingReminder,
    PersonalCalendar,
    ProgressPrivacy,
    Reading,
    Rsvp,
    ScheduleEntry,
    Theme,
)
from readings.zones import club_zone


class ScheduleChangeRefused(Exception):
    """A change the rules refuse; `errors` maps form fields (or None) to messages."""

    def __init__(self, errors: dict[str | None, list[str]]):
        self.errors = errors
        super().__init__("; ".join(m for messages in errors.values() for m in messages))


class StaleSchedule(ScheduleChangeRefused):
    MESSAGE = (
        "Someone else changed this schedule while you were editing it, so nothing was saved. "
        "Your input is still below: look at the current schedule, then save again."
    )

    def __init__(self):
        super().__init__({None: [self.MESSAGE]})


@dataclass(frozen=True)
class EntryInput:
    first: int
    last: int
    due_on: dt.date
    meeting_at: dt.datetime | None = None
    meeting_place: str = ""
    meeting_url: str = ""
    meeting_minutes: int = 90
    prompts: str = ""
    allow_gap: bool = False


def _claim_version(reading: Reading, based_on_version: int) -> None:
    """Bump the version if it is still the one the form saw; lock the row until commit."""
    claimed = Reading.objects.filter(pk=reading.pk, schedule_version=based_on_version).update(
        schedule_version=F("schedule_version") + 1
    )
    if not claimed:
        raise StaleSchedule()
    reading.schedule_version = based_on_version + 1


def _chapters_by_position(reading: Reading) -> dict[int, Chapter]:
    return {c.position: c for c in Chapter.objects.filter(book_id=reading.book_id)}


def _spans(reading: Reading, exclude_id: int | None = None) -> list[schedule.Span]:
    rows = ScheduleEntry.objects.filter(reading=reading).exclude(pk=exclude_id)
    return [
        schedule.Span(first, last, due_on, pk)
        for pk, first, last, due_on in rows.values_list(
            "pk", "first_chapter__position", "last_chapter__position", "due_on"
        )
    ]


def _check_entry(
    reading: Reading, data: EntryInput, exclude_id: int | None = None
) -> dict[int, Chapter]:
    chapters = _chapters_by_position(reading)
    errors = schedule.entry_errors(
        candidate=schedule.Span(data.first, data.last, data.due_on),
        others=_spans(reading, exclude_id),
        labels={position: c.label for position, c in chapters.items()},
        starts_on=reading.starts_on,
        ends_on=reading.ends_on,
        allow_gap=data.allow_gap,
        meeting_on=data.meeting_at.astimezone(club_zone(reading.club)).date()
        if data.meeting_at
        else None,
    )
    if errors:
        raise ScheduleChangeRefused(errors)
    return chapters


def _fill_entry(entry: ScheduleEntry, data: EntryInput, chapters: dict[int, Chapter]) -> None:
    entry.first_chapter = chapters[data.first]
    entry.last_chapter = chapters[data.last]
    entry.due_on = data.due_on
    entry.meeting_at = data.meeting_at
    entry.meeting_place = data.meeting_place if data.meeting_at else ""
    entry.meeting_url = data.meeting_url if data.meeting_at else ""
    entry.meeting_minutes = data.meeting_minutes
    entry.prompts = data.prompts


# Catalogue and readings


@transaction.atomic
def create_book(
    *,
    actor: Membership | None,
    club: Club,
    title: str,
    authors: str,
    chapter_labels: list[tuple[str, str]],
    theme_names: list[str] = (),
    subtitle: str = "",
    publisher: str = "",
    published_on: dt.date | None = None,
    isbn13: str = "",
    description: str = "",
    cover=None,
) -> Book:
    """A book the catalogue lacks, with its chapters [(label, title)] and themes, in one go."""
    permissions.check_curate_schedule(permissions.acting_in(actor, club.pk))
    book = Book.objects.create(
        title=title,
        subtitle=subtitle,
        authors=authors,
        publisher=publisher,
        published_on=published_on,
        isbn13=isbn13,
        description=description,
        cover=cover or "",
        added_by_club=club,
    )
    Chapter.objects.bulk_create(
        Chapter(book=book, position=n, label=label, title=title)
        for n, (label, title) in enumerate(chapter_labels, start=1)
    )
    used: set[str] = set()
    themes = []
    for n, name in enumerate(theme_names, start=1):
        slug = _unique_slug(name, used)
        themes.append(Theme(book=book, name=name, slug=slug, position=n))
    Theme.objects.bulk_create(themes)
    return book


def _unique_slug(name: str, used: set[str]) -> str:
    base = readable_slug(name)[:90].strip("-") or "theme"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


@transaction.atomic
def create_reading(
    *, actor: Membership | None, club: Club, book: Book, starts_on: dt.date, ends_on: dt.date
) -> Reading:
    permissions.check_curate_schedule(permissions.acting_in(actor, club.pk))
    if ends_on < starts_on:
        raise ScheduleChangeRefused({"ends_on": ["The reading must end on or after its start."]})
    return Reading.objects.create(club=club, book=book, starts_on=starts_on, ends_on=ends_on)


@transaction.atomic
def update_reading_dates(
    *,
    actor: Membership | None,
    reading: Reading,
    based_on_version: int,
    starts_on: dt.date,
    ends_on: dt.date,
) -> Reading:
    permissions.check_curate_schedule(permissions.acting_in(actor, reading.club_id))
    _claim_version(reading, based_on_version)
    if ends_on < starts_on:
        raise ScheduleChangeRefused({"ends_on": ["The reading must end on or after its start."]})
    outside = ScheduleEntry.objects.filter(reading=reading).exclude(
        due_on__range=(starts_on, ends_on)
    )
    if outside.exists():
        raise ScheduleChangeRefused(
            {
                None: [
                    f"{outside.count()} schedule entries fall outside these dates. "
                    "Move their due dates first, or spread the schedule again."
                ]
            }
        )
    reading.starts_on, reading.ends_on = starts_on, ends_on
    reading.save(update_fields=["starts_on", "ends_on"])
    return reading


@transaction.atomic
def add_club_theme(
    *, actor: Membership | None, reading: Reading, name: str, description: str = ""
) -> Theme:
    """A theme this club adds to its reading; other clubs reading the book do not see it."""
    permissions.check_curate_schedule(permissions.acting_in(actor, reading.club_id))
    taken = set(Theme.objects.filter(book_id=reading.book_id).values_list("slug", flat=True)) | {
        "new",
        "add",
    }
    position = Theme.objects.filter(book_id=reading.book_id).count() + 1
    return Theme.objects.create(
        book_id=reading.book_id,
        reading=reading,
        name=name,
        slug=_unique_slug(name, taken),
        description=description,
        position=position,
    )


# The schedule


@transaction.atomic
def add_entry(
    *, actor: Membership | None, reading: Reading, based_on_version: int, data: EntryInput
) -> ScheduleEntry:
    permissions.check_curate_schedule(permissions.acting_in(actor, reading.club_id))
    _claim_version(reading, based_on_version)
    chapters = _check_entry(reading, data)
    entry = ScheduleEntry(reading=reading)
    _fill_entry(entry, data, chapters)
    entry.save()
    return entry


@transaction.atomic
def update_entry(
    *, actor: Membership | None, entry: ScheduleEntry, based_on_version: int, data: EntryInput
) -> ScheduleEntry:
    permissions.check_curate_schedule(permissions.acting_in(actor, entry.reading.club_id))
    _claim_version(entry.reading, based_on_version)
    chapters = _check_entry(entry.reading, data, exclude_id=entry.pk)
    _fill_entry(entry, data, chapters)
    entry.save()
    return entry


@transaction.atomic
def delete_entry(*, actor: Membership | None, entry: ScheduleEntry, based_on_version: int) -> None:
    permissions.check_curate_schedule(permissions.acting_in(actor, entry.reading.club_id))
    _claim_version(entry.reading, based_on_version)
    entry.delete()


@transaction.atomic
def move_chapter(
    *, actor: Membership | None, entry: ScheduleEntry, direction: str, based_on_version: int
) -> ScheduleEntry:
    """Hand the entry's first chapter to the entry before ("up") or its last to the one after."""
    permissions.check_curate_schedule(permissions.acting_in(actor, entry.reading.club_id))
    _claim_version(entry.reading, based_on_version)
    spans = sorted(_spans(entry.reading), key=lambda s: s.first)
    index = next(i for i, s in enumerate(spans) if s.entry_id == entry.pk)
    neighbour_index = index - 1 if direction == "up" else index + 1
    neighbour = spans[neighbour_index] if 0 <= neighbour_index < len(spans) else None
    reason = schedule.hand_over_chapter(spans[index], neighbour, direction)
    if reason:
        raise ScheduleChangeRefused({None: [reason]})
    chapters = _chapters_by_position(entry.reading)
    other = ScheduleEntry.objects.get(pk=neighbour.entry_id)
    if direction == "up":
        other.last_chapter = chapters[neighbour.last + 1]
        entry.first_chapter = chapters[spans[index].first + 1]
    else:
        other.first_chapter = chapters[neighbour.first - 1]
        entry.last_chapter = chapters[spans[index].last - 1]
    other.save(update_fields=["first_chapter", "last_chapter"])
    entry.save(update_fields=["first_chapter", "last_chapter"])
    return entry


@transaction.atomic
def spread_schedule(
    *,
    actor: Membership | None,
    reading: Reading,
    based_on_version: int,
    every_days: int = 7,
    meeting_time: dt.time | None = None,
    meeting_place: str = "",
    meeting_url: str = "",
) -> list[ScheduleEntry]:
    """Replace the draft's entries with all chapters spread every `every_days` days.

    With `meeting_time`, each due date also gets a meeting at that time (club time zone).
    Refused for a published schedule so members never see it rebuilt under them.
    """
    permissions.check_curate_schedule(permissions.acting_in(actor, reading.club_id))
    _claim_version(reading, based_on_version)
    if reading.schedule_published:
        raise ScheduleChangeRefused(
            {None: ["Spreading replaces every entry. Unpublish the schedule first."]}
        )
    chapters = _chapters_by_position(reading)
    if not chapters:
        raise ScheduleChangeRefused({None: ["This book has no chapters to schedule yet."]})
    plan = schedule.plan_spread(len(chapters), reading.starts_on, reading.ends_on, every_days)
    zone = club_zone(reading.club)
    ScheduleEntry.objects.filter(reading=reading).delete()
    entries = []
    for span in plan:
        meeting_at = None
        if meeting_time is not None:
            meeting_at = dt.datetime.combine(span.due_on, meeting_time, tzinfo=zone)
        entries.append(
            ScheduleEntry(
                reading=reading,
                first_chapter=chapters[span.first],
                last_chapter=chapters[span.last],
                due_on=span.due_on,
                meeting_at=meeting_at,
                meeting_place=meeting_place if meeting_at else "",
                meeting_url=meeting_url if meeting_at else "",
            )
        )
    return ScheduleEntry.objects.bulk_create(entries)


@transaction.atomic
def set_schedule_published(
    *, actor: Membership | None, reading: Reading, based_on_version: int, published: bool
) -> Reading:
    permissions.check_curate_schedule(permissions.acting_in(actor, reading.club_id))
    _claim_version(reading, based_on_version)
    if published and not ScheduleEntry.objects.filter(reading=reading).exists():
        raise ScheduleChangeRefused({None: ["Add at least one entry before publishing."]})
    reading.schedule_published = published
    reading.save(update_fields=["schedule_published"])
    return reading


# Progress


def _chapter(reading: Reading, position: int) -> Chapter:
    return Chapter.objects.get(book_id=reading.book_id, position=position)


@transaction.atomic
def toggle_chapter_read(*, actor: Membership | None, reading: Reading, position: int) -> bool:
    """Mark the chapter read, or unmark it if it was; returns whether it is now read."""
    permissions.check_track_progress(permissions.acting_in(actor, reading.club_id))
    chapter = _chapter(reading, position)
    deleted, _ = ChapterRead.objects.filter(
        reading=reading, user_id=actor.user_id, chapter=chapter
    ).delete()
    if deleted:
        return False
    ChapterRead.objects.bulk_create(
        [ChapterRead(reading=reading, user_id=actor.user_id, chapter=chapter)],
        ignore_conflicts=True,
    )
    return True


@transaction.atomic
def mark_chapters_read(
    *, actor: Membership | None, reading: Reading, first: int = 1, last: int
) -> int:
    """Mark chapters first..last read (already-read ones stay as they are); returns how many."""
    permissions.check_track_progress(permissions.acting_in(actor, reading.club_id))
    chapters = Chapter.objects.filter(book_id=reading.book_id, position__range=(first, last))
    rows = [ChapterRead(reading=reading, user_id=actor.user_id, chapter=c) for c in chapters]
    ChapterRead.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def set_progress_hidden(*, actor: Membership | None, hidden: bool) -> None:
    permissions.check_track_progress(actor)
    ProgressPrivacy.objects.update_or_create(membership=actor, defaults={"hidden": hidden})


# Meetings


@transaction.atomic
def answer_rsvp(*, actor: Membership | None, entry: ScheduleEntry, answer: str) -> Rsvp:
    permissions.check_track_progress(permissions.acting_in(actor, entry.reading.club_id))
    if entry.meeting_at is None:
        raise ScheduleChangeRefused({None: ["This part of the schedule has no meeting."]})
    if answer not in Rsvp.Answer.values:
        raise ScheduleChangeRefused({"answer": ["Choose going, maybe or not going."]})
    rsvp, _ = Rsvp.objects.update_or_create(
        entry=entry,
        user_id=actor.user_id,
        defaults={"answer": answer, "answered_at": timezone.now()},
    )
    return rsvp


def queue_meeting_reminders(*, now: dt.datetime | None = None) -> int:
    """Enqueue the reminder of every published meeting in the next 24 hours, once each.

    The MeetingReminder row is written before the task is queued, in its own transaction,
    so a second run (or a second worker) finds it and queues nothing. A meeting moved to
    a new time after its reminder went out gets one more.
    """
    from readings.tasks import send_meeting_reminder

    now = now or timezone.now()
    due = (
        ScheduleEntry.objects.published()
        .with_meeting()
        .filter(meeting_at__gt=now, meeting_at__lte=now + dt.timedelta(hours=24))
        .values_list("pk", "meeting_at")
    )
    queued = 0
    for entry_id, meeting_at in due:
        with transaction.atomic():
            reminder = (
                MeetingReminder.objects.select_for_update(skip_locked=True)
                .filter(entry_id=entry_id)
                .first()
            )
            if reminder is not None:
                if reminder.meeting_at == meeting_at:
                    continue
                reminder.meeting_at, reminder.sent_at = meeting_at, now
                reminder.save()
            else:
                try:
                    with transaction.atomic():
                        MeetingReminder.objects.create(
                            entry_id=entry_id, meeting_at=meeting_at, sent_at=now
                        )
                except IntegrityError:
                    continue  # another run claimed it a moment ago
            transaction.on_commit(
                lambda entry_id=entry_id: send_meeting_reminder.enqueue(entry_id=entry_id)
            )
            queued += 1
    return queued


# Calendar secrets


@transaction.atomic
def reset_calendar_token(*, actor: Membership | None) -> uuid.UUID:
    """A new secret for the member's private club calendar; the old link stops working."""
    permissions.check_track_progress(actor)
    actor.calendar_token = uuid.uuid4()
    actor.save(update_fields=["calendar_token"])
    return actor.calendar_token


@transaction.atomic
def personal_calendar_for(*, user) -> PersonalCalendar:
    calendar, _ = PersonalCalendar.objects.get_or_create(user=user)
    return calendar


@transaction.atomic
def reset_personal_calendar(*, user) -> PersonalCalendar:
    calendar, _ = PersonalCalendar.objects.get_or_create(user=user)
    calendar.token = uuid.uuid4()
    calendar.save(update_fields=["token"])
    return calendar


@transaction.atomic
def rename_chapters(
    *, actor: Membership | None, book: Book, club: Club, names: dict[int, tuple[str, str, str]]
) -> int:
    """Rename chapters {chapter_id: (label, title, part)} of a book this club added.

    Catalogue books belong to every club reading them, so only site staff change those
    (in the Django admin). Returns how many chapters changed.
    """
    permissions.check_curate_schedule(permissions.acting_in(actor, club.pk))
    if book.added_by_club_id != club.pk:
        raise PermissionDenied("Only site staff can rename the chapters of a catalogue book.")
    changed = []
    for chapter in Chapter.objects.filter(book=book, pk__in=names):
        label, title, part = names[chapter.pk]
        if (chapter.label, chapter.title, chapter.part) != (label, title, part):
            chapter.label, chapter.title, chapter.part = label, title, part
            changed.append(chapter)
    Chapter.objects.bulk_update(changed, ["label", "title", "part"])
    if changed:
        signals.chapters_renamed.send(sender=Book, book=book)
    return len(changed)
