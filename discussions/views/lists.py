"""Thread lists of a reading: all of it, one theme, one chapter, general; mark all read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from discussions import services
from discussions.gating import gate_threads
from discussions.models import Thread
from discussions.views.lookup import (
    is_htmx,
    reading_in_club,
    themes_of,
)
from readings.models import Chapter, Reading, ScheduleEntry
from readings.progress import progress_position
from readings.schedule import current_entry
from readings.zones import club_today

THREADS_PER_PAGE = 25


def _render_list(request, access, reading, threads, *, heading: str, place: str, scope: dict):
    sort = "newest" if request.GET.get("sort") == "newest" else "activity"
    threads = threads.for_list().with_read_state(request.user).sorted_by(sort)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    progress = progress_position(reading, request.user)
    gated = gate_threads(page.object_list, {reading.pk: progress}, request.user)
    context = {
        "access": access,
        "club": access.club,
        "reading": reading,
        "heading": heading,
        "page": page,
        "threads": page.object_list,
        "gated_count": gated,
        "sort": sort,
        "place": place,
        "scope": scope,
        "can_start": permissions.can_start_thread(access.membership),
    }
    template = "discussions/thread_list.html"
    if is_htmx(request):
        template += "#thread-list"
    return render(request, template, context)


@club_view()
def club_discussions(request, access):
    """The club nav's "Discussions": the current reading's discussions, or how to begin."""
    reading = Reading.objects.current_for(access.club, club_today(access.club))
    if reading is not None:
        return redirect(
            "discussions:thread-index", club_slug=access.club.slug, reading_id=reading.pk
        )
    return render(
        request,
        "discussions/club_discussions.html",
        {
            "access": access,
            "club": access.club,
            "can_start_reading": permissions.can_curate_schedule(access.membership),
        },
    )


@club_view()
def thread_index(request, access, reading_id: int):
    """The reading's discussion areas: themes, chapters and general."""
    reading = reading_in_club(access, reading_id)
    themes = list(themes_of(reading).order_by("position", "name"))
    chapters = list(Chapter.objects.filter(book_id=reading.book_id).order_by("position"))
    recent = list(
        Thread.objects.filter(reading=reading)
        .for_list()
        .with_read_state(request.user)
        .sorted_by("activity")[:10]
    )
    gated = gate_threads(
        recent, {reading.pk: progress_position(reading, request.user)}, request.user
    )
    entries = ScheduleEntry.objects.published().filter(reading=reading).in_book_order()
    entry = current_entry(entries, club_today(access.club), starts_on=reading.starts_on)
    return render(
        request,
        "discussions/thread_index.html",
        {
            "entry": entry,
            "prompts": list(enumerate(entry.prompt_list())) if entry else [],
            "access": access,
            "club": access.club,
            "reading": reading,
            "themes": themes,
            "chapters": chapters,
            "threads": recent,
            "gated_count": gated,
            "can_start": permissions.can_start_thread(access.membership),
        },
    )


@club_view()
def thread_list_theme(request, access, reading_id: int, theme_slug: str):
    reading = reading_in_club(access, reading_id)
    theme = themes_of(reading).filter(slug=theme_slug).first()
    if theme is None:
        raise Http404("No such theme")
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.for_theme(reading, theme),
        heading=theme.name,
        place=f"theme:{theme.slug}",
        scope={"theme": theme.slug},
    )


@club_view()
def thread_list_chapter(request, access, reading_id: int, position: int):
    reading = reading_in_club(access, reading_id)
    chapter = get_object_or_404(Chapter, book_id=reading.book_id, position=position)
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.for_chapter(reading, chapter),
        heading=str(chapter),
        place=f"chapter:{chapter.position}",
        scope={"chapter": chapter.position},
    )


@club_view()
def thread_list_general(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    return _render_list(
        request,
        access,
        reading,
        Thread.objects.general(reading),
        heading="General discussion",
        place="general",
        scope={"general": True},
    )


@club_view(permission=permissions.can_participate)
@require_POST
def thread_mark_all_read(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    threads = Thread.objects.filter(reading=reading)
    target = reverse(
        "discussions:thread-index", kwargs={"club_slug": access.club.slug, "reading_id": reading.pk}
    )
    if theme_slug := request.POST.get("theme"):
        theme = themes_of(reading).filter(slug=theme_slug).first()
        if theme is None:
            raise Http404("No such theme")
        threads = threads.filter(theme=theme)
        target = reverse(
            "discussions:thread-list-theme",
            kwargs={
                "club_slug": access.club.slug,
                "reading_id": reading.pk,
                "theme_slug": theme.slug,
            },
        )
    elif position := request.POST.get("chapter"):
        if not position.isdigit():
            raise Http404("No such chapter")
        threads = threads.filter(chapter__position=int(position))
        target = reverse(
            "discussions:thread-list-chapter",
            kwargs={
                "club_slug": access.club.slug,
                "reading_id": reading.pk,
                "position": int(position),
            },
        )
    elif request.POST.get("general"):
        threads = threads.filter(kind=Thread.Kind.GENERAL)
        target = reverse(
            "discussions:thread-list-general",
            kwargs={"club_slug": access.club.slug, "reading_id": reading.pk},
        )
    count = services.mark_all_read(actor=access.membership, threads=threads)
    messages.success(request, f"Marked {count} thread{'s' if count != 1 else ''} read.")
    return redirect(target)
