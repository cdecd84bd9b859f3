"""ICS feeds of published schedules, built with the icalendar library.

Due dates are all-day events; meetings are timed events in the club's zone, with the
matching VTIMEZONE. UIDs are stable (`entry-<id>-due@<host>`), so calendar apps update
events in place when the schedule changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from bookclub.core.text import plain_text
from readings.models import ScheduleEntry
from readings.zones import club_zone


def _line(text: str) -> str:
    """RFC 5545 text holds no control characters; a summary or place holds one line."""
    return plain_text(text, multiline=False)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "bookclub.invalid"


def feed_entries(**filters) -> Iterable[ScheduleEntry]:
    """Published entries matching `filters`, with what an event needs, in one query."""
    return (
        ScheduleEntry.objects.published()
        .filter(**filters)
        .select_related("reading__club", "reading__book", "first_chapter", "last_chapter")
        .order_by("due_on", "first_chapter__position")
    )


def build_calendar(
    name: str, entries: Iterable[ScheduleEntry], *, for_members: bool = True
) -> bytes:
    """The ICS text. Online meeting links go only into members' feeds, as on the pages."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Bookclub//Reading schedules//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _line(name))
    host, stamp = _host(), timezone.now()
    for entry in entries:
        for event in _events(entry, host, stamp, for_members):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _events(
    entry: ScheduleEntry, host: str, stamp: dt.datetime, for_members: bool
) -> list[icalendar.Event]:
    reading, club = entry.reading, entry.reading.club
    url = settings.SITE_URL + reading.get_absolute_url()
    due = icalendar.Event()
    due.add("uid", f"entry-{entry.pk}-due@{host}")
    due.add("dtstamp", stamp)
    due.add("dtstart", entry.due_on)
    due.add("dtend", entry.due_on + dt.timedelta(days=1))
    due.add("summary", _line(f"{club.name}: read {entry.chapter_span} of {reading.book.title}"))
    due.add("description", _description(entry, url, for_members))
    due.add("url", url)
    due.add("transp", "TRANSPARENT")
    events = [due]
    if entry.meeting_at is not None:
        meeting = icalendar.Event()
        meeting.add("uid", f"entry-{entry.pk}-meeting@{host}")
        meeting.add("dtstamp", stamp)
        meeting.add("dtstart", entry.meeting_at.astimezone(club_zone(club)))
        meeting.add("dtend", entry.meeting_ends_at.astimezone(club_zone(club)))
        meeting.add("summary", _line(f"{club.name} meets: {entry.chapter_span}"))
        meeting.add("description", _description(entry, url, for_members))
        link = entry.meeting_url if for_members else ""
        if entry.meeting_place or link:
            meeting.add("location", _line(entry.meeting_place or link))
        meeting.add("url", link or url)
        events.append(meeting)
    return events


def _description(entry: ScheduleEntry, url: str, for_members: bool) -> str:
    lines = [f"{entry.reading.book.title}: {entry.chapter_span}, due {entry.due_on:%d %b %Y}."]
    if entry.meeting_url and for_members:
        host = entry.meeting_link_punycode
        lines.append(f"Join online: {entry.meeting_url}" + (f" (address: {host})" if host else ""))
    prompts = entry.prompt_list()
    if prompts:
        lines.append("Prompts:")
        lines.extend(f"- {prompt}" for prompt in prompts)
    lines.append(f"Schedule: {url}")
    return plain_text("\n".join(lines))
