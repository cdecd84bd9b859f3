"""Curating the schedule: spreading, entries, publishing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bookclub.clubs.access import club_view
from readings import services
from readings.forms import (
    EntryForm,
    SpreadForm,
    VersionForm,
)
from readings.models import ScheduleEntry
from readings.views.common import (
    add_refusal_errors,
    chapters_of,
    curator,
    edit_url,
    entry_in_reading,
    group_chapters,
    reading_in_club,
)
from readings.zones import club_zone

# The spread form and the add-entry form share field names on one page; ids must differ.
SPREAD_IDS = "spread_%s"


def _curation_page(request, access, reading, *, spread_form=None, error=None, status=200):
    entries = list(
        ScheduleEntry.objects.filter(reading=reading)
        .select_related("first_chapter", "last_chapter")
        .order_by("first_chapter__position", "due_on")
    )
    chapters = chapters_of(reading)
    unscheduled = group_chapters(entries, chapters)
    zone = club_zone(access.club)
    version = reading.schedule_version
    next_first = (entries[-1].last_chapter.position + 1) if entries else 1
    add_form = None
    if next_first <= len(chapters):
        last_due = entries[-1].due_on if entries else reading.starts_on
        add_form = EntryForm(
            chapters=chapters,
            zone=zone,
            initial={
                "schedule_version": version,
                "first_chapter": next_first,
                "last_chapter": next_first,
                "due_on": min(last_due + dt.timedelta(days=7), reading.ends_on),
                "meeting_minutes": 90,
            },
        )
    spread_form = spread_form or SpreadForm(
        initial={"schedule_version": version, "every_days": 7}, auto_id=SPREAD_IDS
    )
    return render(
        request,
        "readings/schedule_edit.html",
        {
            "access": access,
            "club": access.club,
            "reading": reading,
            "entries": entries,
            "unscheduled": unscheduled,
            "chapter_count": len(chapters),
            "add_form": add_form,
            "spread_form": spread_form,
            "version": version,
            "action_error": error,
            "zone": zone,
        },
        status=status,
    )


@club_view(curator)
def schedule_edit(request, access, reading_id: int):
    return _curation_page(request, access, reading_in_club(access, reading_id))


def _refused(request, access, reading, refusal, **kwargs):
    """Show the curation page again with why the action was refused; nothing changed."""
    reading.refresh_from_db(fields=["schedule_version", "schedule_published"])
    status = 409 if isinstance(refusal, services.StaleSchedule) else 200
    message = " ".join(m for messages_ in refusal.errors.values() for m in messages_)
    return _curation_page(request, access, reading, error=message, status=status, **kwargs)


@club_view(curator)
@require_POST
def schedule_spread(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    form = SpreadForm(request.POST, auto_id=SPREAD_IDS)
    if not form.is_valid():
        return _curation_page(request, access, reading, spread_form=form)
    try:
        entries = services.spread_schedule(
            actor=access.membership,
            reading=reading,
            based_on_version=form.cleaned_data["schedule_version"],
            every_days=form.cleaned_data["every_days"],
            meeting_time=form.cleaned_data["meeting_time"],
            meeting_place=form.cleaned_data["meeting_place"],
            meeting_url=form.cleaned_data["meeting_url"],
        )
    except services.ScheduleChangeRefused as refusal:
        return _refused(request, access, reading, refusal, spread_form=form)
    messages.success(request, f"Drafted {len(entries)} entries. Adjust them, then publish.")
    return redirect(edit_url(reading))


def _version_action(request, access, reading_id: int, action, success: str, entry_id=None):
    reading = reading_in_club(access, reading_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, access, reading, services.ScheduleChangeRefused({None: ["Reload the page."]})
        )
    kwargs = {"actor": access.membership, "based_on_version": form.cleaned_data["schedule_version"]}
    if entry_id is not None:
        kwargs["entry"] = entry_in_reading(reading, entry_id)
    else:
        kwargs["reading"] = reading
    try:
        action(**kwargs)
    except services.ScheduleChangeRefused as refusal:
        return _refused(request, access, reading, refusal)
    messages.success(request, success)
    return redirect(edit_url(reading))


@club_view(curator)
@require_POST
def schedule_publish(request, access, reading_id: int):
    def publish(**kwargs):
        services.set_schedule_published(published=True, **kwargs)

    return _version_action(
        request, access, reading_id, publish, "Published: members now see this schedule."
    )


@club_view(curator)
@require_POST
def schedule_unpublish(request, access, reading_id: int):
    def unpublish(**kwargs):
        services.set_schedule_published(published=False, **kwargs)

    return _version_action(
        request, access, reading_id, unpublish, "Unpublished: only admins see this draft."
    )


@club_view(curator)
@require_POST
def entry_delete(request, access, reading_id: int, entry_id: int):
    return _version_action(
        request, access, reading_id, services.delete_entry, "Entry deleted.", entry_id=entry_id
    )


@club_view(curator)
@require_POST
def entry_move_up(request, access, reading_id: int, entry_id: int):
    def move(**kwargs):
        services.move_chapter(direction="up", **kwargs)

    return _version_action(
        request, access, reading_id, move, "Chapter moved to the entry before.", entry_id=entry_id
    )


@club_view(curator)
@require_POST
def entry_move_down(request, access, reading_id: int, entry_id: int):
    def move(**kwargs):
        services.move_chapter(direction="down", **kwargs)

    return _version_action(
        request, access, reading_id, move, "Chapter moved to the entry after.", entry_id=entry_id
    )


def _entry_form_page(request, access, reading, entry=None):
    chapters = chapters_of(reading)
    zone = club_zone(access.club)
    initial = {"schedule_version": reading.schedule_version, "meeting_minutes": 90}
    if entry is not None:
        initial |= EntryForm.initial_for(entry)
    elif request.GET.get("first", "").isdigit():
        initial |= {"first_chapter": int(request.GET["first"])}
    form = EntryForm(request.POST or None, chapters=chapters, zone=zone, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                services.add_entry(
                    actor=access.membership,
                    reading=reading,
                    based_on_version=form.cleaned_data["schedule_version"],
                    data=form.entry_input(),
                )
            else:
                services.update_entry(
                    actor=access.membership,
                    entry=entry,
                    based_on_version=form.cleaned_data["schedule_version"],
                    data=form.entry_input(),
                )
        except services.ScheduleChangeRefused as refusal:
            status = add_refusal_errors(form, refusal)
        else:
            messages.success(request, "Entry saved.")
            return redirect(edit_url(reading))
    return render(
        request,
        "readings/entry_form.html",
        {
            "access": access,
            "club": access.club,
            "reading": reading,
            "entry": entry,
            "form": form,
            "zone": zone,
        },
        status=status,
    )


@club_view(curator)
def entry_create(request, access, reading_id: int):
    return _entry_form_page(request, access, reading_in_club(access, reading_id))


@club_view(curator)
def entry_update(request, access, reading_id: int, entry_id: int):
    reading = reading_in_club(access, reading_id)
    return _entry_form_page(request, access, reading, entry_in_reading(reading, entry_id))
