"""A person's reading progress and meeting answers, for their data export."""

from __future__ import annotations

from django.urls import reverse

from bookclub.clubs.models import Club
from readings.models import ChapterRead, ProgressPrivacy, Rsvp


def export_progress(user) -> dict:
    return {
        "progress": [
            {
                "club": read.reading.club.name,
                "book": read.reading.book.title,
                "chapter": read.chapter.label,
                "marked_read": read.read_at.isoformat(),
            }
            for read in ChapterRead.objects.filter(user=user)
            .select_related("reading__club", "reading__book", "chapter")
            .order_by("reading_id", "chapter__position")
        ],
        "progress_hidden_in": [
            privacy.membership.club.name
            for privacy in ProgressPrivacy.objects.filter(
                membership__user=user, hidden=True
            ).select_related("membership__club")
        ],
        "rsvps": [
            {
                "club": rsvp.entry.reading.club.name,
                "meeting_at": rsvp.entry.meeting_at.isoformat() if rsvp.entry.meeting_at else None,
                "answer": rsvp.answer,
                "answered": rsvp.answered_at.isoformat(),
            }
            for rsvp in Rsvp.objects.filter(user=user).select_related("entry__reading__club")
        ],
    }


def progress_privacy_links(user) -> list[tuple[str, str]]:
    """Where to hide progress: each club's readings page holds the switch."""
    return [
        (
            f"Hide or show your progress in {club.name}",
            reverse("readings:reading-list", kwargs={"club_slug": club.slug}),
        )
        for club in Club.objects.of_user(user).order_by("name")
    ]
