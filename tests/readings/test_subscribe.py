"""Club home and schedule offer the calendar feed (webcal and https) and the discussions feed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookclub.clubs.models import Membership
from tests.conftest import member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory

pytestmark = pytest.mark.django_db


def private_feed(club, user) -> str:
    token = Membership.objects.get(club=club, user=user).calendar_token
    return reverse("readings:calendar-private", kwargs={"club_slug": club.slug, "token": token})


@pytest.mark.parametrize("page", ["home", "schedule"])
def test_member_is_offered_their_calendar_and_the_discussions_feed(client, page):
    club = ClubFactory(visibility="private", join_policy="invite")
    reading = make_reading(club)
    user = member_of(club)
    client.force_login(user)
    url = club.get_absolute_url() if page == "home" else reading.get_absolute_url()

    html = client.get(url).text

    feed = private_feed(club, user)
    assert f'href="webcal://testserver{feed}"' in html
    assert f'value="http://testserver{feed}"' in html
    assert 'data-copy="' in html and ">Copy</button>" in html
    assert reverse("discussions:feed-detail", kwargs={"club_slug": club.slug}) in html


def test_visitor_of_a_public_club_gets_the_public_calendar(client):
    reading = make_reading(ClubFactory())
    html = client.get(reading.get_absolute_url()).text
    public = reverse("readings:calendar-public", kwargs={"club_slug": reading.club.slug})
    assert f'href="webcal://testserver{public}"' in html
    assert "private calendar address" not in html


def test_copy_button_needs_no_inline_script(client):
    reading = make_reading(ClubFactory())
    html = client.get(reading.get_absolute_url()).text
    assert "onclick" not in html
    assert "<script>" not in html
