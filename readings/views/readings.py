"""The club's readings: the list, starting one, changing its dates."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from bookclub.clubs.access import club_view
from readings import services
from readings.forms import (
    ReadingCreateForm,
    ReadingDatesForm,
)
from readings.models import Book, Reading
from readings.polls.models import winner_initial
from readings.views.common import (
    add_refusal_errors,
    curator,
    edit_url,
    reading_in_club,
)
from readings.zones import club_today


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
    initial = winner_initial(access.club, request.GET.get("option"), books)
    form = ReadingCreateForm(
        request.POST or None, request.FILES or None, books=books, initial=initial
    )
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
        return redirect(edit_url(reading))
    return render(
        request, "readings/reading_form.html", {"access": access, "club": access.club, "form": form}
    )


@club_view(curator)
def reading_update(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
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
            status = add_refusal_errors(form, refusal)
        else:
            messages.success(request, "Dates saved.")
            return redirect(edit_url(reading))
    return render(
        request,
        "readings/reading_dates_form.html",
        {"access": access, "club": access.club, "reading": reading, "form": form},
        status=status,
    )
