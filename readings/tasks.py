"""Emails of the readings app, sent by the task worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

from bookclub.core.text import render_plain_text
from bookclub.mail import email_subject
from readings.models import Rsvp, ScheduleEntry
from readings.zones import club_zone, zone_named


@task
def send_meeting_reminder(entry_id: int) -> int:
    """Email everyone going or undecided about a meeting, each in their own time zone."""
    entry = (
        ScheduleEntry.objects.select_related(
            "reading__club", "reading__book", "first_chapter", "last_chapter"
        )
        .filter(pk=entry_id, meeting_at__isnull=False)
        .first()
    )
    if entry is None:
        return 0
    club = entry.reading.club
    answers = Rsvp.objects.filter(
        entry=entry, answer__in=[Rsvp.Answer.GOING, Rsvp.Answer.MAYBE], user__is_active=True
    ).select_related("user")
    sent = 0
    for rsvp in answers:
        person = rsvp.user
        context = {
            "person": person,
            "entry": entry,
            "club": club,
            "answer": rsvp.get_answer_display(),
            "club_time": entry.meeting_at.astimezone(club_zone(club)),
            "own_time": entry.meeting_at.astimezone(zone_named(person.time_zone)),
            "schedule_url": settings.SITE_URL + entry.reading.get_absolute_url(),
        }
        send_mail(
            subject=email_subject(f"[{club.name}] Meeting tomorrow: {entry.chapter_span}"),
            message=render_plain_text("readings/email/meeting_reminder.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )
        sent += 1
    return sent
