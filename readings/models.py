from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs.models import Club
from readings.validators import link_host_if_not_ascii, validate_cover, validate_isbn13


class CoverField(models.ImageField):
    """An ImageField that records the picture's size when a cover is set, never by opening
    the file each time a row loads (Django's default while the size columns are empty)."""

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        if force:
            super().update_dimension_fields(instance, force, *args, **kwargs)


class Book(models.Model):
    """A book in the catalogue. Staff curate it; club admins may add one the catalogue lacks."""

    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    authors = models.CharField(max_length=300, help_text="As printed, e.g. “Ann Lee and Bo Kim”.")
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    isbn13 = models.CharField("ISBN-13", max_length=13, blank=True, validators=[validate_isbn13])
    description = models.TextField(max_length=5000, blank=True)
    cover = CoverField(
        upload_to="covers/",
        blank=True,
        validators=[validate_cover],
        width_field="cover_width",
        height_field="cover_height",
        help_text="Optional. JPEG, PNG or WebP, at most 2 MB.",
    )
    # Saved with the cover, so pages give <img> its size without opening the file.
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    added_by_club = models.ForeignKey(
        Club, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        # One catalogue entry per ISBN, and one per club among the books clubs add: a club
        # never learns that another club entered an ISBN by being refused it.
        constraints = [
            models.UniqueConstraint(
                fields=["isbn13"],
                condition=~Q(isbn13="") & Q(added_by_club__isnull=True),
                name="unique_catalogue_isbn13",
            ),
            models.UniqueConstraint(
                fields=["added_by_club", "isbn13"],
                condition=~Q(isbn13=""),
                name="unique_club_isbn13",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Chapter(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveIntegerField(help_text="Order in the book, from 1.")
    label = models.CharField(max_length=80, help_text="“Introduction”, “Chapter 3”…")
    title = models.CharField(max_length=200, blank=True)
    part = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["book", "position"]
        constraints = [
            models.UniqueConstraint(fields=["book", "position"], name="one_chapter_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.title else self.label


class ReadingQuerySet(models.QuerySet):
    def current_for(self, club: Club, today: dt.date) -> Reading | None:
        """The club's reading to show now, in one query.

        The reading under way on `today` (the most recently started if several), else the
        next upcoming one, else the latest finished one; None when the club has none.
        """
        return self.filter(club=club)._ranked(today).first()

    def current_for_clubs(self, clubs, today: dt.date) -> dict[int, Reading]:
        """{club id: the reading to show now} for several clubs, in one query."""
        readings = self.filter(club__in=clubs)._ranked(today, first_by=("club_id",))
        return {reading.club_id: reading for reading in readings.distinct("club_id")}

    def _ranked(self, today: dt.date, first_by: tuple[str, ...] = ()) -> ReadingQuerySet:
        under_way = Q(starts_on__lte=today, ends_on__gte=today)
        upcoming = Q(starts_on__gt=today)
        return (
            self.annotate(
                rank=Case(
                    When(under_way, then=Value(0)),
                    When(upcoming, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                ),
                upcoming_start=Case(When(upcoming, then=F("starts_on"))),
            )
            .select_related("book", "club")
            .order_by(
                *first_by,
                "rank",
                F("upcoming_start").asc(nulls_last=True),
                "-starts_on",
                "-pk",
            )
        )

    def with_chapter_count(self) -> ReadingQuerySet:
        return self.annotate(
            chapter_count=models.Subquery(
                Chapter.objects.filter(book=models.OuterRef("book"))
                .values("book")
                .annotate(n=models.Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            )
        )


class Reading(models.Model):
    """A club reading a book over a period. Status follows from the dates."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        CURRENT = "current", "Current"
        FINISHED = "finished", "Finished"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="readings")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="readings")
    starts_on = models.DateField()
    ends_on = models.DateField()
    schedule_published = models.BooleanField(default=False)
    # Bumped on every schedule change: a save based on an older version is refused.
    schedule_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReadingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="reading_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.club} reads {self.book}"

    def get_absolute_url(self) -> str:
        return reverse(
            "readings:schedule", kwargs={"club_slug": self.club.slug, "reading_id": self.pk}
        )

    @property
    def cover_url(self) -> str:
        """The book's cover as this club's members see it ("" without one): served through
        the club, so a private club's covers are as private as the club."""
        if not self.book.cover:
            return ""
        return reverse(
            "readings:reading-cover", kwargs={"club_slug": self.club.slug, "reading_id": self.pk}
        )

    def status(self, today: dt.date) -> str:
        if today < self.starts_on:
            return self.Status.UPCOMING
        if today > self.ends_on:
            return self.Status.FINISHED
        return self.Status.CURRENT


class Theme(models.Model):
    """A theme of a book, or one a club added to its own reading."""

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="themes")
    reading = models.ForeignKey(
        Reading,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="club_themes",
        help_text="Set for a theme one club added to its reading; empty for the book's own.",
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, allow_unicode=True)
    description = models.TextField(max_length=2000, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["book", "slug"],
                condition=Q(reading__isnull=True),
                name="unique_book_theme_slug",
            ),
            models.UniqueConstraint(
                fields=["reading", "slug"],
                condition=Q(reading__isnull=False),
                name="unique_club_theme_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScheduleEntryQuerySet(models.QuerySet):
    def published(self) -> ScheduleEntryQuerySet:
        """Entries of published schedules: what members (and calendars) see."""
        return self.filter(reading__schedule_published=True)

    def visible_to(self, *, can_curate: bool) -> ScheduleEntryQuerySet:
        """Curators also see drafts; everyone else only published schedules."""
        return self if can_curate else self.published()

    def in_book_order(self) -> ScheduleEntryQuerySet:
        return self.select_related("first_chapter", "last_chapter").order_by(
            "first_chapter__position", "due_on"
        )

    def with_meeting(self) -> ScheduleEntryQuerySet:
        return self.filter(meeting_at__isnull=False)


class ScheduleEntry(models.Model):
    """Chapters first..last due by a date, with an optional meeting and prompts."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="entries")
    first_chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    last_chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    meeting_at = models.DateTimeField(null=True, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    meeting_url = models.URLField(blank=True)
    meeting_minutes = models.PositiveSmallIntegerField("meeting length in minutes", default=90)
    prompts = models.TextField(
        max_length=4000, blank=True, help_text="Discussion prompts, one per line."
    )

    objects = ScheduleEntryQuerySet.as_manager()

    class Meta:
        ordering = ["reading", "due_on", "first_chapter__position"]
        verbose_name_plural = "schedule entries"

    def __str__(self) -> str:
        return f"{self.first_chapter.label}–{self.last_chapter.label} by {self.due_on}"

    def is_due(self, today: dt.date) -> bool:
        return self.due_on <= today

    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]

    @property
    def chapter_span(self) -> str:
        """“Chapter 1” or “Chapter 1 – Chapter 3”."""
        if self.first_chapter_id == self.last_chapter_id:
            return self.first_chapter.label
        return f"{self.first_chapter.label} – {self.last_chapter.label}"

    @property
    def meeting_link_punycode(self) -> str:
        """The meeting link's host in punycode when it is not plain ASCII: shown beside the
        link wherever it appears, so that a look-alike host cannot pass unseen."""
        return link_host_if_not_ascii(self.meeting_url) if self.meeting_url else ""

    @property
    def meeting_ends_at(self) -> dt.datetime | None:
        if self.meeting_at is None:
            return None
        return self.meeting_at + dt.timedelta(minutes=self.meeting_minutes)

    @property
    def has_meeting(self) -> bool:
        return self.meeting_at is not None


class ChapterRead(models.Model):
    """A member marked a chapter read. Progress is the set of these rows."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="chapter_reads")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chapter_reads"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reading", "user", "chapter"], name="chapter_read_once")
        ]
        indexes = [models.Index(fields=["reading", "user"])]

    def __str__(self) -> str:
        return f"{self.user} read {self.chapter}"


class ProgressPrivacy(models.Model):
    """A member who hides their progress from the other members of a club."""

    membership = models.OneToOneField(
        "clubs.Membership", on_delete=models.CASCADE, related_name="progress_privacy"
    )
    hidden = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.membership}: progress {'hidden' if self.hidden else 'shown'}"


class Rsvp(models.Model):
    class Answer(models.TextChoices):
        GOING = "going", "Going"
        MAYBE = "maybe", "Maybe"
        NOT_GOING = "not_going", "Not going"

    entry = models.ForeignKey(ScheduleEntry, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="one_rsvp")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_answer_display()}"


class MeetingReminder(models.Model):
    """One row per meeting whose reminder went out, so it never goes out twice."""

    entry = models.OneToOneField(
        ScheduleEntry, on_delete=models.CASCADE, related_name="reminder_sent"
    )
    meeting_at = models.DateTimeField(help_text="The meeting time the reminder announced.")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Reminder for {self.entry}"


class PersonalCalendar(models.Model):
    """The secret behind one person's calendar feed of all their clubs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_calendar"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
