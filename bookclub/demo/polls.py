"""The demo club's "Next book": two proposals, an open ranked-choice poll, and the closed poll
that chose the current book, with its rounds.

Titles and authors are real books on sex workers' rights and migration; every pitch is the
project's own text. Running it again changes nothing: polls are found by title.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Membership
from bookclub.demo.clubs import DEMO_CLUB_SLUG
from readings.polls import services
from readings.polls.models import Poll, PollOption

PROPOSALS = [
    (
        "member2",
        "Revolting Prostitutes: The Fight for Sex Workers' Rights",
        "Juno Mac and Molly Smith",
        "Two organizers set out what different laws do to people who sell sex, country by "
        "country. It would pick up where our current book leaves off on the Nordic model.",
        "Discusses policing, violence and criminal law.",
    ),
    (
        "moderator",
        "Border and Rule: Global Migration, Capitalism, and the Rise of Racist Nationalism",
        "Harsha Walia",
        "A wider view of borders and who they serve. A good companion to the chapters on the "
        "criminalization of migration.",
        "Discusses detention and deportation.",
    ),
]
OPEN_POLL = "Our next book"
CLOSED_POLL = "Choosing this season's book"
PAST_OPTIONS = [
    ("Not Your Rescue Project", "Chanelle Gallant and Elene Lam"),
    ("Undoing Border Imperialism", "Harsha Walia"),
    ("Playing the Whore: The Work of Sex Work", "Melissa Gira Grant"),
]
# Round 1: 2, 1, 1 of 4 – no majority; a tie for fewest, listed last goes out; round 2: 3 of 4.
PAST_BALLOTS = {"admin": [0, 1], "moderator": [1, 0], "member": [2, 0], "member2": [0, 2]}
OPEN_BALLOTS = {"moderator": [1, 0], "member2": [0, 1]}  # Mei has not voted: the home says so


def seed_polls(people: dict[str, User]) -> None:
    club = Club.objects.filter(slug=DEMO_CLUB_SLUG).first()
    if club is None or Poll.objects.filter(club=club).exists():
        return
    members = {
        key: Membership.objects.get(club=club, user=user)
        for key, user in people.items()
        if Membership.objects.filter(club=club, user=user).exists()
    }
    owner = members["admin"]
    now = timezone.now()
    _closed_poll(club, owner, members, now)
    proposals = [
        services.propose_book(
            actor=members[key],
            club=club,
            title=title,
            authors=authors,
            pitch=pitch,
            content_notes=notes,
        )
        for key, title, authors, pitch, notes in PROPOSALS
    ]
    poll = services.create_poll(
        actor=owner,
        club=club,
        title=OPEN_POLL,
        method=Poll.Method.RANKED,
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=5),
        proposals=proposals,
        other_options=[PAST_OPTIONS[2]],
    )
    _vote(poll, members, OPEN_BALLOTS, now)
    Poll.objects.filter(pk=poll.pk).update(opening_announced_at=now)


def _closed_poll(club: Club, owner: Membership, members, now: dt.datetime) -> None:
    opens_at = now - dt.timedelta(days=24)
    poll = services.create_poll(
        actor=owner,
        club=club,
        title=CLOSED_POLL,
        method=Poll.Method.RANKED,
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=7),
        other_options=PAST_OPTIONS,
    )
    _vote(poll, members, PAST_BALLOTS, opens_at + dt.timedelta(days=1))
    Poll.objects.filter(pk=poll.pk).update(
        opening_announced_at=now, closing_reminded_at=now, results_announced_at=now
    )


def _vote(poll: Poll, members, ballots: dict[str, list[int]], when: dt.datetime) -> None:
    options = list(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    for key, ranking in ballots.items():
        if key in members:
            services.cast_ballot(
                actor=members[key], poll=poll, option_ids=[options[n] for n in ranking], now=when
            )
