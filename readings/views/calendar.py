"""Calendar feeds and the page that explains how to subscribe."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.clubs.models import Club, Membership
from readings import services
from readings.calendar import build_calendar, feed_entries
from readings.models import PersonalCalendar


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def calendar_addresses(request, access) -> dict[str, str]:
    """The viewer's calendar feed: {"private": url} for a member (their secret link) and
    {"public": url} for a public club; "subscribe" is the one to offer first, "webcal" the
    same as calendar apps open it. Empty for anyone else."""
    club = access.club
    addresses = {}
    membership = access.active_membership
    if membership is not None:
        addresses["private"] = request.build_absolute_uri(
            reverse(
                "readings:calendar-private",
                kwargs={"club_slug": club.slug, "token": membership.calendar_token},
            )
        )
    if club.is_public:
        addresses["public"] = request.build_absolute_uri(
            reverse("readings:calendar-public", kwargs={"club_slug": club.slug})
        )
    if addresses:
        addresses["subscribe"] = addresses.get("private") or addresses["public"]
        addresses["webcal"] = "webcal://" + addresses["subscribe"].partition("://")[2]
    return addresses


@club_view()
def calendar_detail(request, access):
    """Where to subscribe: the plain link of a public club, or the member's secret link."""
    addresses = calendar_addresses(request, access)
    return render(
        request,
        "readings/calendar_detail.html",
        {
            "access": access,
            "club": access.club,
            "public_url": addresses.get("public"),
            "private_url": addresses.get("private"),
        },
    )


@club_view()
def calendar_public(request, access):
    """The plain feed exists for public clubs only; private ones use a member's secret link."""
    if not access.club.is_public:
        raise Http404("No such calendar")
    body = build_calendar(
        access.club.name, feed_entries(reading__club=access.club), for_members=False
    )
    return _ics(body, f"{access.club.slug}.ics")


def calendar_private(request, club_slug: str, token: uuid.UUID):
    """A member's secret feed. Calendar apps send no cookies, so the token is the access check.

    Not behind @club_view: that would 404 a private club to the (anonymous) calendar app.
    The token must belong to an active member of this very club, else 404.
    """
    membership = (
        Membership.objects.active()
        .select_related("club")
        .filter(club__slug=club_slug, calendar_token=token)
        .first()
    )
    if membership is None or not permissions.can_track_progress(membership):
        raise Http404("No such calendar")
    club = membership.club
    response = _ics(build_calendar(club.name, feed_entries(reading__club=club)), f"{club.slug}.ics")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@club_view(permissions.can_track_progress)
@require_POST
def calendar_reset(request, access):
    services.reset_calendar_token(actor=access.membership)
    messages.success(request, "Your calendar link is new. The old one no longer works.")
    return redirect(reverse("readings:calendar-detail", kwargs={"club_slug": access.club.slug}))


# One feed of every club a person belongs to


@login_required
def user_calendar(request):
    calendar = services.personal_calendar_for(user=request.user)
    feed_url = request.build_absolute_uri(
        reverse("user_calendar:feed", kwargs={"token": calendar.token})
    )
    clubs = Club.objects.of_user(request.user).order_by("name")
    return render(request, "readings/user_calendar.html", {"feed_url": feed_url, "clubs": clubs})


def user_calendar_feed(request, token: uuid.UUID):
    calendar = get_object_or_404(
        PersonalCalendar.objects.select_related("user"), token=token, user__is_active=True
    )
    entries = feed_entries(
        reading__club__memberships__user=calendar.user,
        reading__club__memberships__status=Membership.Status.ACTIVE,
    )
    response = _ics(build_calendar("My book clubs", entries), "bookclub.ics")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
@login_required
def user_calendar_reset(request):
    services.reset_personal_calendar(user=request.user)
    messages.success(request, "Your calendar link is new. The old one no longer works.")
    return redirect("user_calendar:detail")
