"""One secret per purpose: the calendar link opens the calendar only, the discussion feed
link opens the discussion feed only. Each is shown on its own page, each is reset on its
own, and leaving, removal or a ban kills both. Links are read off the pages, as a member
would copy them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from bookclub.clubs import services as club_services
from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading

pytestmark = pytest.mark.django_db

_ADDRESS = re.compile(r'id="private-feed" type="text" readonly value="(?P<url>[^"]+)"')


def _private_link(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200
    found = _ADDRESS.search(response.text)
    assert found, f"no private link on {page}"
    return found["url"].removeprefix("http://testserver")


_PAGES = {"calendar": "readings:calendar-detail", "feed": "discussions:feed-detail"}


def _page(club, purpose: str) -> str:
    return reverse(_PAGES[purpose], kwargs={"club_slug": club.slug})


class World(dict):
    """The club, its owner, a reader signed in, and the reader's links, read when first used."""

    def __missing__(self, purpose: str) -> str:
        self[purpose] = _private_link(self["client"], _page(self["club"], purpose))
        return self[purpose]


@pytest.fixture
def world(private_club):
    reading = make_reading(private_club)
    owner = member_of(private_club, "owner")
    reader = member_of(private_club)
    services.create_thread(
        reading=reading, actor=acting(owner, reading.club), title="Borders", body="Private words"
    )
    client = Client()
    client.force_login(reader)
    return World(club=private_club, owner=owner, reader=reader, client=client)


def _status(url: str) -> int:
    return Client().get(url).status_code


def test_calendar_link_does_not_open_the_discussion_feed(world):
    token = world["calendar"].rsplit("/", 1)[1].removesuffix(".ics")
    as_feed = f"/c/{world['club'].slug}/feed/{token}.atom"

    assert _status(world["calendar"]) == 200
    assert _status(as_feed) == 404


def test_discussion_feed_link_opens_the_feed_and_not_the_calendar(world):
    token = world["feed"].rsplit("/", 1)[1].removesuffix(".atom")
    as_calendar = f"/c/{world['club'].slug}/calendar/{token}.ics"

    response = Client().get(world["feed"])

    assert response.status_code == 200 and "Private words" in response.text
    assert _status(as_calendar) == 404


def test_each_link_is_shown_only_on_its_own_page(world):
    calendar_html = world["client"].get(_page(world["club"], "calendar")).text
    feed_html = world["client"].get(_page(world["club"], "feed")).text

    assert world["feed"] not in calendar_html
    assert world["calendar"] not in feed_html


@pytest.mark.parametrize(
    ("reset", "killed", "kept"),
    [
        ("readings:calendar-reset", "calendar", "feed"),
        ("discussions:feed-reset", "feed", "calendar"),
    ],
)
def test_reset_kills_only_its_own_link(world, reset, killed, kept):
    assert _both_links_work(world)
    response = world["client"].post(reverse(reset, kwargs={"club_slug": world["club"].slug}))

    assert response.status_code == 302
    assert _status(world[killed]) == 404
    assert _status(world[kept]) == 200
    fresh = _private_link(world["client"], _page(world["club"], killed))
    assert fresh != world[killed] and _status(fresh) == 200


@pytest.mark.parametrize("reset", ["readings:calendar-reset", "discussions:feed-reset"])
def test_reset_needs_a_post_with_a_csrf_token(world, reset):
    url = reverse(reset, kwargs={"club_slug": world["club"].slug})
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["reader"])

    assert world["client"].get(url).status_code == 405
    assert strict.post(url).status_code == 403
    assert _both_links_work(world)


def _both_links_work(world) -> bool:
    return _status(world["calendar"]) == 200 and _status(world["feed"]) == 200


def test_leaving_kills_both_links_even_after_rejoining(world):
    club = world["club"]
    assert _both_links_work(world)
    world["client"].post(reverse("clubs:club-leave", kwargs={"club_slug": club.slug}))
    assert (_status(world["calendar"]), _status(world["feed"])) == (404, 404)

    member_of(club, user=world["reader"])

    assert (_status(world["calendar"]), _status(world["feed"])) == (404, 404)


def test_removal_kills_both_links(world):
    club = world["club"]
    assert _both_links_work(world)
    membership = club.memberships.get(user=world["reader"])
    club_services.remove_member(actor=acting(world["owner"], club), membership_id=membership.pk)

    assert (_status(world["calendar"]), _status(world["feed"])) == (404, 404)


def test_a_ban_kills_both_links_and_lifting_it_does_not_revive_them(world):
    club = world["club"]
    assert _both_links_work(world)
    membership = club.memberships.get(user=world["reader"])
    club_services.ban_member(actor=acting(world["owner"], club), membership_id=membership.pk)
    assert (_status(world["calendar"]), _status(world["feed"])) == (404, 404)

    club_services.lift_ban(actor=acting(world["owner"], club), membership_id=membership.pk)
    member_of(club, user=world["reader"])

    assert (_status(world["calendar"]), _status(world["feed"])) == (404, 404)


def test_feed_page_and_feed_read_a_fixed_number_of_queries(world, django_assert_num_queries):
    services.create_thread(
        actor=acting(world["owner"], world["club"]),
        reading=world["club"].readings.get(),
        title="More",
        body="x",
    )
    page, feed = _page(world["club"], "feed"), world["feed"]
    with django_assert_num_queries(5):  # session, user, membership, club, unread badge
        world["client"].get(page)
    with django_assert_num_queries(3):  # membership with club and user, progress, posts
        Client().get(feed)
