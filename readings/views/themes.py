"""The reading's themes and chapter names."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from readings import services
from readings.forms import (
    ChapterNameFormSet,
    ThemeForm,
)
from readings.models import Chapter, Theme
from readings.talk import talk_links
from readings.views.common import (
    curator,
    edit_url,
    reading_in_club,
)


@club_view()
def theme_list(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    return _theme_page(request, access, reading, ThemeForm())


def _themes_of(reading):
    return Theme.objects.filter(book_id=reading.book_id).filter(
        Q(reading__isnull=True) | Q(reading=reading)
    )


def _theme_page(request, access, reading, form, status=200):
    themes = list(_themes_of(reading))
    talk = talk_links(reading)
    if talk is not None:
        for theme in themes:
            theme.talk_url = talk.theme(theme.slug)
    return render(
        request,
        "readings/theme_list.html",
        {
            "access": access,
            "club": access.club,
            "reading": reading,
            "themes": themes,
            "talk": talk,
            "form": form,
            "can_curate": curator(access.membership),
            "can_start_thread": permissions.can_start_thread(access.membership),
        },
        status=status,
    )


@club_view(curator)
@require_POST
def theme_create(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    existing = list(_themes_of(reading).values_list("name", flat=True))
    form = ThemeForm(request.POST, existing=existing)
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
    reading = reading_in_club(access, reading_id)
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
        return redirect(edit_url(reading))
    return render(
        request,
        "readings/chapter_form.html",
        {"access": access, "club": access.club, "reading": reading, "formset": formset},
    )
