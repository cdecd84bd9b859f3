from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs.models import Club


class Book(models.Model):
    """A book in the catalogue. Staff curate it; club admins may add one the catalogue lacks."""

    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    authors = models.CharField(max_length=300, help_text="As printed, e.g. “Ann Lee and Bo Kim”.")
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    isbn13 = models.CharField("ISBN-13", max_length=13, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    cover = models.ImageField(upload_to="covers/", blank=True)
    added_by_club = models.ForeignKey(
        Club, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["isbn13"], condition=~Q(isbn13=""), name="unique_isbn13_when_given"
            )
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
    slug = models.SlugField(max_length=100)
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


class ScheduleEntry(models.Model):
    """Chapters first..last due by a date, with an optional meeting and prompts."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="entries")
    first_chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    last_chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    meeting_at = models.DateTimeField(null=True, blank=True)
    meeting_place = models.CharField(max_length=200, blank=True)
    meeting_url = models.URLField(blank=True)
    prompts = models.TextField(
        max_length=4000, blank=True, help_text="Discussion prompts, one per line."
    )

    class Meta:
        ordering = ["reading", "due_on", "first_chapter__position"]
        verbose_name_plural = "schedule entries"

    def __str__(self) -> str:
        return f"{self.first_chapter.label}–{self.last_chapter.label} by {self.due_on}"

    def is_due(self, today: dt.date) -> bool:
        return self.due_on <= today

    def prompt_list(self) -> list[str]:
        return [line.strip() for line in self.prompts.splitlines() if line.strip()]


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
