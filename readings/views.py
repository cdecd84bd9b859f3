"""Pages of a club's readings: list, schedule, curation, progress, meetings, themes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.core.http import safe_next_url
from readings import services
from readings.forms import (
    ChapterNameFormSet,
    EntryForm,
    ProgressPrivacyForm,
    ReadingCreateForm,
    ReadingDatesForm,
    RsvpForm,
    SpreadForm,
    ThemeForm,
    VersionForm,
)
from readings.models import Book, Chapter, Reading, Rsvp, ScheduleEntry, Theme
from readings.progress import memberships_with_progress, my_progress
from readings.schedule import current_entry, target_position
from readings.zones import club_today, club_zone

curator = permissions.can_curate_schedule
member = permissions.can_track_progress


def _reading(access, reading_id: int) -> Reading:
    return get_object_or_404(
        Reading.objects.select_related("book", "club").with_chapter_count(),
        pk=reading_id,
        club=access.club,
    )


def _entry(reading: Reading, entry_id: int) -> ScheduleEntry:
    entry = get_object_or_404(
        ScheduleEntry.objects.select_related("first_chapter", "last_chapter"),
        pk=entry_id,
        reading=reading,
    )
    entry.reading = reading
    return entry


def _chapters(reading: Reading) -> list[Chapter]:
    return list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))


def _back(request, default: str):
    return HttpResponseRedirect(safe_next_url(request, default))


def _schedule_url(reading: Reading) -> str:
    return reading.get_absolute_url()


def _edit_url(reading: Reading) -> str:
    return reverse(
        "readings:schedule-edit", kwargs={"club_slug": reading.club.slug, "reading_id": reading.pk}
    )


# Readings


@club_view()
def reading_list(request, access):
    today = club_today(access.club)
    readings = list(
        Reading.objects.filter(club=access.club)
        .select_related("book")
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_on", "-pk")
    )
    groups = {status: [] for status in Reading.Status.values}
    for reading in readings:
        groups[reading.status(today)].append(reading)
    groups[Reading.Status.UPCOMING].reverse()  # soonest first
    return render(
        request,
        "readings/reading_list.html",
        {
            "access": access,
            "club": access.club,
            "current": groups[Reading.Status.CURRENT],
            "upcoming": groups[Reading.Status.UPCOMING],
            "finished": groups[Reading.Status.FINISHED],
            "can_curate": curator(access.membership),
        },
    )


@club_view(curator)
def reading_create(request, access):
    books = Book.objects.filter(
        Q(added_by_club__isnull=True) | Q(added_by_club=access.club)
    ).order_by("title")
    form = ReadingCreateForm(request.POST or None, request.FILES or None, books=books)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        book = data["book"] or services.create_book(
            actor=access.membership,
            club=access.club,
            title=data["title"],
            subtitle=data["subtitle"],
            authors=data["authors"],
            publisher=data["publisher"],
            published_on=data["published_on"],
            isbn13=data["isbn13"],
            cover=data["cover"],
            chapter_labels=data["chapters"],
            theme_names=data["themes"],
        )
        reading = services.create_reading(
            actor=access.membership,
            club=access.club,
            book=book,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
        messages.success(request, "Reading added. Now draft its schedule.")
        return redirect(_edit_url(reading))
    return render(
        request, "readings/reading_form.html", {"access": access, "club": access.club, "form": form}
    )


@club_view(curator)
def reading_update(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    initial = {
        "starts_on": reading.starts_on,
        "ends_on": reading.ends_on,
        "schedule_version": reading.schedule_version,
    }
    form = ReadingDatesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_reading_dates(
                actor=access.membership,
                reading=reading,
                based_on_version=form.cleaned_data["schedule_version"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except services.ScheduleChangeRefused as refusal:
            status = _add_errors(form, refusal)
        else:
            messages.success(request, "Dates saved.")
            return redirect(_edit_url(reading))
    return render(
        request,
        "readings/reading_dates_form.html",
        {"access": access, "club": access.club, "reading": reading, "form": form},
        status=status,
    )


def _add_errors(form, refusal: services.ScheduleChangeRefused) -> int:
    for field, errors in refusal.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    return 409 if isinstance(refusal, services.StaleSchedule) else 200


# The schedule, as members see it


def _group_chapters(entries: list[ScheduleEntry], chapters: list[Chapter]):
    by_position = {c.position: c for c in chapters}
    scheduled: set[int] = set()
    for entry in entries:
        span = range(entry.first_chapter.position, entry.last_chapter.position + 1)
        entry.chapters = [by_position[p] for p in span if p in by_position]
        scheduled.update(span)
    return [c for c in chapters if c.position not in scheduled]


@club_view()
def schedule_detail(request, access, reading_id: int):
    reading = _reading(access, reading_id)
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
    chapters = _chapters(reading)
    unscheduled = _group_chapters(entries, chapters) if entries else []
    mine = my_progress(reading, request.user if is_member else None, len(chapters))
    _attach_rsvps(entries, request.user)
    current = current_entry(entries, today)
    target = target_position(entries, today)
    labels = {c.position: c.label for c in chapters}
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


# Curation


# The spread form and the add-entry form share field names on one page; ids must differ.
SPREAD_IDS = "spread_%s"


def _curation_page(request, access, reading, *, spread_form=None, error=None, status=200):
    entries = list(
        ScheduleEntry.objects.filter(reading=reading)
        .select_related("first_chapter", "last_chapter")
        .order_by("first_chapter__position", "due_on")
    )
    chapters = _chapters(reading)
    unscheduled = _group_chapters(entries, chapters)
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
    return _curation_page(request, access, _reading(access, reading_id))


def _refused(request, access, reading, refusal, **kwargs):
    """Show the curation page again with why the action was refused; nothing changed."""
    reading.refresh_from_db(fields=["schedule_version", "schedule_published"])
    status = 409 if isinstance(refusal, services.StaleSchedule) else 200
    message = " ".join(m for messages_ in refusal.errors.values() for m in messages_)
    return _curation_page(request, access, reading, error=message, status=status, **kwargs)


@club_view(curator)
@require_POST
def schedule_spread(request, access, reading_id: int):
    reading = _reading(access, reading_id)
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
    return redirect(_edit_url(reading))


def _version_action(request, access, reading_id: int, action, success: str, entry_id=None):
    reading = _reading(access, reading_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, access, reading, services.ScheduleChangeRefused({None: ["Reload the page."]})
        )
    kwargs = {"actor": access.membership, "based_on_version": form.cleaned_data["schedule_version"]}
    if entry_id is not None:
        kwargs["entry"] = _entry(reading, entry_id)
    else:
        kwargs["reading"] = reading
    try:
        action(**kwargs)
    except services.ScheduleChangeRefused as refusal:
        return _refused(request, access, reading, refusal)
    messages.success(request, success)
    return redirect(_edit_url(reading))


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
    chapters = _chapters(reading)
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
            status = _add_errors(form, refusal)
        else:
            messages.success(request, "Entry saved.")
            return redirect(_edit_url(reading))
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
    return _entry_form_page(request, access, _reading(access, reading_id))


@club_view(curator)
def entry_update(request, access, reading_id: int, entry_id: int):
    reading = _reading(access, reading_id)
    return _entry_form_page(request, access, reading, _entry(reading, entry_id))


# Progress and meetings


def _position(request) -> int:
    value = request.POST.get("chapter", "")
    if not value.isdigit():
        raise Http404("No such chapter")
    return int(value)


@club_view(member)
@require_POST
def progress_toggle(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    try:
        services.toggle_chapter_read(
            actor=access.membership, reading=reading, position=_position(request)
        )
    except Chapter.DoesNotExist as error:
        raise Http404("No such chapter") from error
    return _back(request, _schedule_url(reading))


@club_view(member)
@require_POST
def progress_up_to(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    position = _position(request)
    if not Chapter.objects.filter(book_id=reading.book_id, position=position).exists():
        raise Http404("No such chapter")
    services.mark_chapters_read(actor=access.membership, reading=reading, last=position)
    return _back(request, _schedule_url(reading))


@club_view(member)
@require_POST
def progress_entry(request, access, reading_id: int, entry_id: int):
    reading = _reading(access, reading_id)
    entry = _entry(reading, entry_id)
    if not reading.schedule_published and not curator(access.membership):
        raise Http404("No such entry")
    count = services.mark_chapters_read(
        actor=access.membership,
        reading=reading,
        first=entry.first_chapter.position,
        last=entry.last_chapter.position,
    )
    messages.success(request, f"Marked {count} chapter{'s' if count != 1 else ''} read.")
    return _back(request, _schedule_url(reading))


@club_view(member)
@require_POST
def progress_privacy(request, access):
    form = ProgressPrivacyForm(request.POST)
    hidden = form.is_valid() and form.cleaned_data["hidden"]
    services.set_progress_hidden(actor=access.membership, hidden=hidden)
    messages.success(
        request,
        "Your progress is now hidden from other members."
        if hidden
        else "Other members can now see how far you have read.",
    )
    return _back(request, reverse("readings:reading-list", kwargs={"club_slug": access.club.slug}))


@club_view(member)
@require_POST
def rsvp_update(request, access, reading_id: int, entry_id: int):
    reading = _reading(access, reading_id)
    entry = _entry(reading, entry_id)
    if not reading.schedule_published:
        raise Http404("No such meeting")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose going, maybe or not going.")
        return _back(request, _schedule_url(reading))
    try:
        rsvp = services.answer_rsvp(
            actor=access.membership, entry=entry, answer=form.cleaned_data["answer"]
        )
    except services.ScheduleChangeRefused as refusal:
        raise Http404("No such meeting") from refusal
    messages.success(request, f"Your answer is saved: {rsvp.get_answer_display().lower()}.")
    return _back(request, _schedule_url(reading) + f"#entry-{entry.pk}")


# Themes


@club_view()
def theme_list(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    return _theme_page(request, access, reading, ThemeForm())


def _theme_page(request, access, reading, form, status=200):
    themes = Theme.objects.filter(book_id=reading.book_id).filter(
        Q(reading__isnull=True) | Q(reading=reading)
    )
    return render(
        request,
        "readings/theme_list.html",
        {
            "access": access,
            "club": access.club,
            "reading": reading,
            "themes": themes,
            "form": form,
            "can_curate": curator(access.membership),
        },
        status=status,
    )


@club_view(curator)
@require_POST
def theme_create(request, access, reading_id: int):
    reading = _reading(access, reading_id)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        return _theme_page(request, access, reading, form)
    theme = services.add_club_theme(
        actor=access.membership,
        reading=reading,
        name=form.cleaned_data["name"],
        description=form.cleaned_data["description"],
    )
    messages.success(request, f"Theme “{theme.name}” added to this reading.")
    return redirect(
        reverse(
            "readings:theme-list", kwargs={"club_slug": access.club.slug, "reading_id": reading.pk}
        )
    )


@club_view(curator)
def chapter_update(request, access, reading_id: int):
    """Rename the chapters of a book the club added (catalogue books are staff-curated)."""
    reading = _reading(access, reading_id)
    if reading.book.added_by_club_id != access.club.pk:
        raise Http404("Only books this club added can be renamed here")
    chapters = Chapter.objects.filter(book_id=reading.book_id).order_by("position")
    formset = ChapterNameFormSet(request.POST or None, queryset=chapters)
    if request.method == "POST" and formset.is_valid():
        count = services.rename_chapters(
            actor=access.membership,
            book=reading.book,
            club=access.club,
            names={
                form.instance.pk: (
                    form.cleaned_data["label"],
                    form.cleaned_data["title"],
                    form.cleaned_data["part"],
                )
                for form in formset.forms
            },
        )
        messages.success(request, f"Renamed {count} chapter{'s' if count != 1 else ''}.")
        return redirect(_edit_url(reading))
    return render(
        request,
        "readings/chapter_form.html",
        {"access": access, "club": access.club, "reading": reading, "formset": formset},
    )
