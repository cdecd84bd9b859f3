"""A member's profile card: what they chose to show, only to people who share a club."""

from __future__ import annotations

import pytest
from django.urls import reverse

from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def card_url(club, person) -> str:
    return reverse("clubs:member-profile", kwargs={"club_slug": club.slug, "user_id": person.pk})


@pytest.fixture
def person(club):
    person = UserFactory(
        display_name="Ama Mensah", pronouns="she/her", bio="Reads on the night bus.\n<b>Hi</b>"
    )
    MembershipFactory(club=club, user=person)
    return person


def test_card_shows_name_pronouns_bio_and_clubs_in_common_never_email(client, club, person):
    viewer = member_of(club)
    shared_private = ClubFactory(name="Night readers", visibility="private", join_policy="invite")
    MembershipFactory(club=shared_private, user=person)
    MembershipFactory(club=shared_private, user=viewer)
    only_theirs = ClubFactory(name="Their own circle")
    MembershipFactory(club=only_theirs, user=person)
    client.force_login(viewer)

    page = client.get(card_url(club, person)).text

    assert "Ama Mensah" in page and "she/her" in page
    assert "Reads on the night bus.<br>&lt;b&gt;Hi&lt;/b&gt;" in page
    assert club.name in page and "Night readers" in page
    assert "Their own circle" not in page
    assert person.email not in page


def test_card_is_reached_from_the_member_list_and_the_authors_name_on_posts(client, club, person):
    client.force_login(member_of(club))
    members = client.get(reverse("clubs:membership-list", kwargs={"club_slug": club.slug}))
    assert f'href="{card_url(club, person)}">Ama Mensah</a>' in members.text
    thread = services.create_thread(
        actor=acting(person, club), reading=make_reading(club), title="Hello", body="First"
    )
    page = client.get(thread.get_absolute_url()).text
    assert f'<a href="{card_url(club, person)}">Ama Mensah</a>' in page


def test_visitors_see_no_card_links_on_posts(client, club, person):
    thread = services.create_thread(
        actor=acting(person, club), reading=make_reading(club), title="Hello", body="First"
    )
    page = client.get(thread.get_absolute_url()).text
    assert card_url(club, person) not in page
    assert "Ama Mensah" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 403),
        ("banned", 403),
        ("member", 200),
        ("moderator", 200),
        ("admin", 200),
        ("owner", 200),
    ],
)
def test_card_by_role_in_a_public_club(client, club, person, role, status):
    if role == "outsider":
        client.force_login(UserFactory())
    elif role == "banned":
        client.force_login(MembershipFactory(club=club, status="banned").user)
    elif role != "anonymous":
        client.force_login(member_of(club, role))
    assert client.get(card_url(club, person)).status_code == status


def test_card_of_a_private_club_is_404_to_outsiders(client, user):
    club = ClubFactory(visibility="private", join_policy="invite")
    person = member_of(club)
    client.force_login(user)
    assert client.get(card_url(club, person)).status_code == 404


@pytest.mark.parametrize("who", ["not_in_club", "banned", "left"])
def test_no_card_for_someone_who_is_not_an_active_member_here(client, club, who):
    if who == "not_in_club":
        person = UserFactory()
    elif who == "banned":
        person = MembershipFactory(club=club, status="banned").user
    else:
        person = member_of(club)
        person.memberships.all().delete()
    client.force_login(member_of(club))
    assert client.get(card_url(club, person)).status_code == 404


def test_avatars_are_drawn_locally_from_the_name(client, club, person):
    client.force_login(member_of(club))
    page = client.get(card_url(club, person)).text
    assert '<svg class="avatar"' in page and ">AM</text>" in page
    assert "gravatar" not in page.lower()
