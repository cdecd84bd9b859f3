"""Marking progress and answering meetings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs.access import club_view
from readings import services
from readings.forms import (
    ProgressPrivacyForm,
    RsvpForm,
)
from readings.models import Chapter
from readings.views.common import (
    back_url,
    curator,
    entry_in_reading,
    member,
    reading_in_club,
    schedule_url,
)


def _position(request) -> int:
    value = request.POST.get("chapter", "")
    if not value.isdigit():
        raise Http404("No such chapter")
    return int(value)


@club_view(member)
@require_POST
def progress_toggle(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    try:
        services.toggle_chapter_read(
            actor=access.membership, reading=reading, position=_position(request)
        )
    except Chapter.DoesNotExist as error:
        raise Http404("No such chapter") from error
    return back_url(request, schedule_url(reading))


@club_view(member)
@require_POST
def progress_up_to(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    position = _position(request)
    if not Chapter.objects.filter(book_id=reading.book_id, position=position).exists():
        raise Http404("No such chapter")
    services.mark_chapters_read(actor=access.membership, reading=reading, last=position)
    return back_url(request, schedule_url(reading))


@club_view(member)
@require_POST
def progress_entry(request, access, reading_id: int, entry_id: int):
    reading = reading_in_club(access, reading_id)
    entry = entry_in_reading(reading, entry_id)
    if not reading.schedule_published and not curator(access.membership):
        raise Http404("No such entry")
    count = services.mark_chapters_read(
        actor=access.membership,
        reading=reading,
        first=entry.first_chapter.position,
        last=entry.last_chapter.position,
    )
    messages.success(request, f"Marked {count} chapter{'s' if count != 1 else ''} read.")
    return back_url(request, schedule_url(reading))


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
    return back_url(
        request, reverse("readings:reading-list", kwargs={"club_slug": access.club.slug})
    )


@club_view(member)
@require_POST
def rsvp_update(request, access, reading_id: int, entry_id: int):
    reading = reading_in_club(access, reading_id)
    entry = entry_in_reading(reading, entry_id)
    if not reading.schedule_published:
        raise Http404("No such meeting")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose going, maybe or not going.")
        return back_url(request, schedule_url(reading))
    try:
        rsvp = services.answer_rsvp(
            actor=access.membership, entry=entry, answer=form.cleaned_data["answer"]
        )
    except services.ScheduleChangeRefused as refusal:
        raise Http404("No such meeting") from refusal
    messages.success(request, f"Your answer is saved: {rsvp.get_answer_display().lower()}.")
    return back_url(request, schedule_url(reading) + f"#entry-{entry.pk}")
