from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import member_of
from tests.factories import BookFactory, ReadingFactory

START = dt.date(2026, 1, 5)


@pytest.fixture
def admin(club):
    return member_of(club, "admin")


@pytest.fixture
def admin_membership(club, admin):
    return admin.memberships.get(club=club)


@pytest.fixture
def book(db):
    return BookFactory(chapters=12)


@pytest.fixture
def draft(club, book):
    """A 12-chapter reading over ten weeks from START, schedule not yet published."""
    return ReadingFactory(
        club=club,
        book=book,
        starts_on=START,
        ends_on=START + dt.timedelta(days=70),
        schedule_published=False,
    )
