"""The "This week" section of the club home page (registered in ReadingsConfig.ready)."""

from __future__ import annotations

from django.utils import timezone

from bookclub.clubs import permissions
from readings.models import Reading, ScheduleEntry
from readings.progress import club_standing, my_progress
from readings.schedule import current_entry, next_entry, target_position
from readings.talk import talk_links
from readings.views.calendar import calendar_addresses
from readings.zones import club_zone, viewer_zone


def current_reading(access, today) -> Reading | None:
    """The club's reading to show now, loaded once per request: the club home's panels share it."""
    if not hasattr(access, "current_reading"):
        access.current_reading = Reading.objects.with_chapter_count().current_for(
            access.club, today
        )
    return access.current_reading


def this_week(request, access):
    """Current entry, due date, next meeting, the viewer's progress, the club's standing.

    Four queries at most, whatever the number of chapters or members.
    """
    club = access.club
    today = timezone.localdate(timezone=club_zone(club))
    can_curate = permissions.can_curate_schedule(access.membership)
    reading = current_reading(access, today)
    if reading is None:
        if not can_curate:
            return None
        return "readings/_this_week.html", {"club": club, "reading": None, "can_curate": True}
    entries = []
    if reading.schedule_published or can_curate:
        entries = list(
            ScheduleEntry.objects.filter(reading=reading)
            .select_related("first_chapter", "last_chapter")
            .order_by("due_on", "first_chapter__position")
        )
    current = current_entry(entries, today, starts_on=reading.starts_on)
    now = timezone.now()
    next_meeting = next((e for e in entries if e.meeting_at and e.meeting_at >= now), None)
    is_member = permissions.can_track_progress(access.membership)
    mine = my_progress(reading, request.user, reading.chapter_count or 0) if is_member else None
    standing = None
    if is_member and entries:
        standing = club_standing(club, reading, target_position(entries, today))
    viewer = viewer_zone(request.user)
    show_own_time = bool(
        next_meeting
        and viewer is not None
        and next_meeting.meeting_at.astimezone(viewer).utcoffset()
        != next_meeting.meeting_at.astimezone(club_zone(club)).utcoffset()
    )
    current_read = bool(
        mine
        and current
        and all(
            p in mine.read_positions
            for p in range(current.first_chapter.position, current.last_chapter.position + 1)
        )
    )
    return "readings/_this_week.html", {
        "club": club,
        "calendar": calendar_addresses(request, access) if reading.schedule_published else {},
        "talk": talk_links(reading),
        "reading": reading,
        "status": reading.status(today),
        "draft": not reading.schedule_published,
        "entry": current,
        "first_entry": next_entry(entries, today) if today < reading.starts_on else None,
        "days_left": (current.due_on - today).days if current else None,
        "next_meeting": next_meeting,
        "show_own_time": show_own_time,
        "mine": mine,
        "current_read": current_read,
        "standing": standing,
        "is_member": is_member,
        "can_curate": can_curate,
        "schedule_url": reading.get_absolute_url(),
    }


def club_card(request, clubs) -> dict:
    """The home page's club cards: the current book's cover and what is due next.

    Two queries for all the viewer's clubs. "Today" is the site's day here, not each club's:
    a card may be a few hours early or late about a due date, never the schedule page.
    """
    today = timezone.localdate()
    readings = Reading.objects.current_for_clubs(clubs, today)
    next_due = {
        entry.reading_id: entry
        for entry in ScheduleEntry.objects.published()
        .filter(reading__in=list(readings.values()), due_on__gte=today)
        .select_related("first_chapter", "last_chapter")
        .order_by("reading_id", "due_on", "first_chapter__position")
        .distinct("reading_id")
    }
    return {
        club_id: (
            "readings/_club_card.html",
            {"reading": reading, "entry": next_due.get(reading.pk), "today": today},
        )
        for club_id, reading in readings.items()
    }
