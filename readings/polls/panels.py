"""The club home's announcement of an open poll, for members who have not voted yet."""

from __future__ import annotations

from django.utils import timezone

from bookclub.clubs import permissions
from readings.polls.models import Poll
from readings.zones import club_zone


def open_poll_panel(request, access):
    """One query: the open poll closing soonest that the viewer has not voted in."""
    if not permissions.can_participate(access.membership):
        return None
    now = timezone.now()
    poll = (
        Poll.objects.in_club(access.club)
        .open_at(now)
        .with_voted(request.user)
        .filter(voted=False)
        .order_by("closes_at", "pk")
        .first()
    )
    if poll is None or not permissions.can_vote(access.membership, poll, now):
        return None
    poll.club = access.club
    return "readings/polls/_home_panel.html", {
        "poll": poll,
        "closes_at": poll.closes_at.astimezone(club_zone(access.club)),
    }
