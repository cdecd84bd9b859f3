"""The schedule, as members see it."""

from __future__ import annotations

from django.shortcuts import render

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from readings.models import Rsvp, ScheduleEntry
from readings.progress import memberships_with_progress, my_progress
from readings.schedule import current_entry, target_position
from readings.talk import talk_links
from readings.views.calendar import calendar_addresses
from readings.views.common import (
    chapters_of,
    curator,
    group_chapters,
    member,
    reading_in_club,
)
from readings.zones import club_today


@club_view()
def schedule_detail(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    club = access.club
    can_curate = curator(access.membership)
    is_member = member(access.membership)
    today = club_today(club)
    shows_entries = reading.schedule_published or can_curate
    entries = []
    if shows_entries:
        entries = list(
            ScheduleEntry.objects.filter(reading=reading)
            .select_related("first_chapter", "last_chapter")
            .order_by("first_chapter__position", "due_on")
        )
    chapters = chapters_of(reading)
    unscheduled = group_chapters(entries, chapters) if entries else []
    mine = my_progress(reading, request.user if is_member else None, len(chapters))
    _attach_rsvps(entries, request.user)
    current = current_entry(entries, today, starts_on=reading.starts_on)
    target = target_position(entries, today)
    labels = {c.position: c.label for c in chapters}
    talk = talk_links(reading)
    if talk is not None:
        for chapter in chapters:
            chapter.talk_url = talk.chapter(chapter.position)
    people, hidden_count, my_hidden = [], 0, False
    if is_member:
        for membership in memberships_with_progress(club, reading).select_related("user"):
            if membership.pk == access.membership.pk:
                my_hidden = membership.progress_hidden
            if membership.progress_hidden:
                hidden_count += 1
            else:
                membership.on_track = membership.position >= target
                membership.position_label = labels.get(membership.position, "")
                people.append(membership)
        people.sort(key=lambda m: (-m.position, m.user.display_name.lower()))
    return render(
        request,
        "readings/schedule_detail.html",
        {
            "access": access,
            "club": club,
            "reading": reading,
            "status": reading.status(today),
            "today": today,
            "entries": entries,
            "current_entry": current,
            "unscheduled": unscheduled,
            "chapters": chapters if not entries else [],
            "mine": mine,
            "my_position_label": labels.get(mine.position, ""),
            "target_label": labels.get(target, ""),
            "people": people,
            "hidden_count": hidden_count,
            "my_hidden": my_hidden,
            "is_member": is_member,
            "can_curate": can_curate,
            "shows_entries": shows_entries,
            "rsvp_choices": Rsvp.Answer.choices,
            "talk": talk,
            "calendar": calendar_addresses(request, access),
            "can_start_thread": permissions.can_start_thread(access.membership),
        },
    )


def _attach_rsvps(entries: list[ScheduleEntry], user) -> None:
    """Who is coming to each meeting (display names) and the viewer's answer, one query."""
    meetings = [e for e in entries if e.meeting_at]
    for entry in entries:
        entry.going, entry.maybe, entry.my_answer = [], [], ""
    if not meetings:
        return
    by_id = {e.pk: e for e in meetings}
    rsvps = (
        Rsvp.objects.filter(entry__in=meetings)
        .select_related("user")
        .order_by("user__display_name")
    )
    for rsvp in rsvps:
        entry = by_id[rsvp.entry_id]
        if rsvp.answer == Rsvp.Answer.GOING:
            entry.going.append(rsvp.user.display_name)
        elif rsvp.answer == Rsvp.Answer.MAYBE:
            entry.maybe.append(rsvp.user.display_name)
        if user.is_authenticated and rsvp.user_id == user.pk:
            entry.my_answer = rsvp.answer
