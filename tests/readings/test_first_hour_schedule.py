"""A schedule seen before and during its reading, and meetings within it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from readings.zones import club_today
from tests.conftest import member_of
from tests.factories import BookFactory, ReadingFactory, ScheduleEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_started(club):
    """A reading that starts in 7 days; its first entry is due in 14."""
    today = club_today(club)
    reading = ReadingFactory(
        club=club,
        book=BookFactory(chapters=6),
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=60),
    )
    ScheduleEntryFactory(reading=reading, first=1, last=3, due_on=today + dt.timedelta(days=14))
    ScheduleEntryFactory(reading=reading, first=4, last=6, due_on=today + dt.timedelta(days=21))
    return reading


# Bug 9: nothing is "this week" before the reading starts


def test_club_home_before_the_reading_starts_says_when_and_offers_no_mark_read(
    client, club, not_started
):
    client.force_login(member_of(club))

    html = client.get(club.get_absolute_url()).content.decode()

    assert "Mark these chapters read" not in html
    assert "Starts on" in html
    assert (
        f">{not_started.starts_on:%A} {not_started.starts_on.day} {not_started.starts_on:%b}<"
        in html
    )
    assert "First, read <strong>Chapter 1 – Chapter 3</strong>" in html


def test_schedule_before_the_reading_starts_marks_no_entry_this_week(client, club, not_started):
    client.force_login(member_of(club))

    html = client.get(not_started.get_absolute_url()).content.decode()

    assert "This week" not in html
    assert "Starts on" in html


def test_club_home_once_the_reading_started_offers_mark_read(client, club, not_started):
    not_started.starts_on = club_today(club)
    not_started.save()
    client.force_login(member_of(club))

    html = client.get(club.get_absolute_url()).content.decode()

    assert "Mark these chapters read" in html and "Starts on" not in html


# Bug 11: a meeting must fall within its reading


def entry_url(reading, name="entry-create"):
    return reverse(f"readings:{name}", args=[reading.club.slug, reading.pk])


@pytest.fixture
def far_reading(club):
    return ReadingFactory(
        club=club,
        book=BookFactory(chapters=6),
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 5, 31),
        schedule_published=False,
    )


def test_entry_create_refuses_a_meeting_outside_the_reading_and_keeps_the_input(
    client, club, far_reading
):
    client.force_login(member_of(club, "admin"))

    response = client.post(
        entry_url(far_reading),
        {
            "schedule_version": "0",
            "first_chapter": "1",
            "last_chapter": "2",
            "due_on": "2027-03-08",
            "meeting_at": "2020-03-08T19:00",
            "meeting_minutes": "90",
            "meeting_place": "The back room",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The meeting is on 8 Mar 2020, outside this reading (1 Mar 2027 to 31 May 2027)" in html
    assert 'value="2020-03-08T19:00"' in html and 'value="The back room"' in html
    assert not far_reading.entries.exists()


def test_entry_create_accepts_a_meeting_on_the_last_day_of_the_reading(client, club, far_reading):
    client.force_login(member_of(club, "admin"))

    response = client.post(
        entry_url(far_reading),
        {
            "schedule_version": "0",
            "first_chapter": "1",
            "last_chapter": "6",
            "due_on": "2027-05-31",
            "meeting_at": "2027-05-31T23:30",
            "meeting_minutes": "90",
        },
    )

    assert response.status_code == 302
    assert far_reading.entries.get().meeting_at is not None
