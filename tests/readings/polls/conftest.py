from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from readings.polls import services
from readings.polls.models import Proposal
from tests.conftest import member_of


@pytest.fixture
def admin_membership(club):
    return member_of(club, "admin").memberships.get(club=club)


@pytest.fixture
def member_membership(club):
    return member_of(club).memberships.get(club=club)


def make_proposals(club, proposer, titles) -> list[Proposal]:
    return [
        services.propose_book(actor=proposer, club=club, title=title, authors=f"Author of {title}")
        for title in titles
    ]


def make_poll(club, admin, *, method="ranked", titles=("Alpha", "Beta", "Gamma"), **fields):
    now = timezone.now()
    options = {
        "opens_at": now - dt.timedelta(hours=1),
        "closes_at": now + dt.timedelta(days=3),
    } | fields
    return services.create_poll(
        actor=admin,
        club=club,
        title="Our next book",
        method=method,
        proposals=make_proposals(club, admin, titles),
        **options,
    )


@pytest.fixture
def poll(club, admin_membership):
    return make_poll(club, admin_membership)
