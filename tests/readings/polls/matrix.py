"""The "Next book" rows of the URL × role matrix (the format is in tests/test_url_matrix.py).

Anyone who can see the club reads proposals, polls and results (a private club's are 404 to
non-members); members propose and vote; the proposer alone withdraws; admins run polls.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from readings.polls.models import Ballot, Poll, PollEmailOptOut, Proposal
from tests.clubs.matrix import (
    ADMINS_ONLY,
    ADMINS_POST_ONLY,
    ADMINS_REDIRECT,
    EVERYONE,
    MEMBER_ROLES,
    MEMBERS_ONLY,
    World,
    statuses,
)

MEMBERS_POST_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 405))
MEMBERS_REDIRECT = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 302))
ADMINS = {"admin", "owner"}


def _proposal(world: World) -> Proposal:
    if "proposal" not in world.extra:
        world.extra["proposal"] = Proposal.objects.create(
            club=world.club,
            proposed_by=world.users["member"],
            title="Revolting Prostitutes",
            authors="Juno Mac and Molly Smith",
        )
    return world.extra["proposal"]


def _poll(world: World) -> Poll:
    if "poll" not in world.extra:
        now = timezone.now()
        poll = Poll.objects.create(
            club=world.club,
            title="Matrix poll",
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1),
        )
        world.extra["options"] = [
            poll.options.create(title=title, position=n)
            for n, title in enumerate(["One", "Two"], start=1)
        ]
        world.extra["poll"] = poll
    return world.extra["poll"]


def _proposal_kwargs(world: World) -> dict:
    return {"proposal_id": _proposal(world).pk}


def _poll_kwargs(world: World) -> dict:
    return {"poll_id": _poll(world).pk}


def _proposal_status(world: World) -> str:
    return Proposal.objects.get(pk=world.extra["proposal"].pk).status


def _poll_data(world: World) -> dict:
    now = timezone.now()
    return {
        "title": "Matrix pick",
        "method": "ranked",
        "proposals": [_proposal(world).pk],
        "other_options": "Another book by Someone",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "late_joiners_may_vote": "on",
    }


ENTRIES = {
    "polls:proposal-list": {"get": EVERYONE},
    "polls:proposal-create": {
        "get": MEMBERS_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"title": "Borderless", "authors": "A. Writer"},
        "effect": lambda world: Proposal.objects.filter(club=world.club).count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "polls:proposal-withdraw": {
        "setup": _proposal_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": statuses(403, anonymous=302, member=302),
        "effect": _proposal_status,
        "changes_for": {"member"},
    },
    "polls:proposal-status": {
        "setup": _proposal_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"status": "archived"},
        "effect": _proposal_status,
        "changes_for": ADMINS,
    },
    "polls:poll-create": {
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": _poll_data,
        "effect": lambda world: Poll.objects.filter(club=world.club).count(),
        "changes_for": ADMINS,
    },
    "polls:poll-detail": {
        "setup": _poll_kwargs,
        "get": EVERYONE,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {f"rank_{world.extra['options'][1].pk}": "1"},
        "effect": lambda world: Ballot.objects.filter(poll=world.extra["poll"]).count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "polls:poll-results": {"setup": _poll_kwargs, "get": EVERYONE},
    "polls:poll-close": {
        "setup": _poll_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "effect": lambda world: Poll.objects.get(pk=world.extra["poll"].pk).closes_at,
        "changes_for": ADMINS,
    },
    "polls:poll-emails": {
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": lambda world: PollEmailOptOut.objects.filter(club=world.club).count(),
        "changes_for": set(MEMBER_ROLES),
    },
}
