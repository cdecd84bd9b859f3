"""The Atom feeds of a club's discussions, and the page that explains how to follow them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from bookclub.clubs.models import Membership
from discussions import services
from discussions.feeds import ClubFeed

_club_feed = ClubFeed()


@club_view()
def feed_detail(request, access):
    """Where to follow: the plain feed of a public club, or the member's secret link."""
    club, membership = access.club, access.active_membership
    public_url = private_url = None
    if club.is_public:
        public_url = request.build_absolute_uri(
            reverse("discussions:feed-public", kwargs={"club_slug": club.slug})
        )
    if permissions.can_hold_discussion_feed(membership):
        private_url = request.build_absolute_uri(
            reverse(
                "discussions:feed-private",
                kwargs={"club_slug": club.slug, "token": membership.discussion_feed_token},
            )
        )
    context = {"access": access, "club": club, "public_url": public_url, "private_url": private_url}
    return render(request, "discussions/feed_detail.html", context)


@club_view()
def feed_public(request, access):
    if not access.club.is_public:
        raise Http404("This club has no public feed")
    return _club_feed(request, club=access.club)


def feed_private(request, club_slug: str, token: uuid.UUID):
    """A member's secret feed URL: the token is the credential, so no session is needed.

    Only the discussion feed's own secret opens it, never the calendar's: calendar apps
    hold that one, and the posts must not travel with it.
    """
    membership = (
        Membership.objects.active()
        .select_related("club", "user")
        .filter(club__slug=club_slug, discussion_feed_token=token)
        .first()
    )
    if not permissions.can_hold_discussion_feed(membership):
        raise Http404("No such feed")
    response = _club_feed(request, club=membership.club, viewer=membership.user)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@club_view(permissions.can_hold_discussion_feed)
@require_POST
def feed_reset(request, access):
    services.reset_discussion_feed_token(actor=access.membership)
    messages.success(request, "Your discussion feed link is new. The old one no longer works.")
    return redirect(reverse("discussions:feed-detail", kwargs={"club_slug": access.club.slug}))
