"""Pages run the same number of queries with 5 members or 300 (no query per row)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, JoinRequest, Membership
from tests.factories import ClubFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [5, 300]
CLUB_HOME_MAX = 10  # with the unread notification count and the open poll, a query each
MEMBER_LIST_MAX = 8
DIRECTORY_MAX = 8


def _people(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"q{n}@example.org", display_name=f"Q{n}", display_name_key=f"q{n}")
        for n in range(count)
    )


def _club_with_members(count: int) -> tuple[Club, User]:
    club = ClubFactory()
    people = _people(count)
    roles = ["owner", "admin", "moderator"] + ["member"] * count
    Membership.objects.bulk_create(
        Membership(club=club, user=person, role=role)
        for person, role in zip(people, roles, strict=False)
    )
    JoinRequest.objects.bulk_create(
        JoinRequest(club=club, user=person) for person in _people_suffix(count)
    )
    return club, people[1]  # an admin: the page with the most on it


def _people_suffix(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"r{n}@example.org", display_name=f"R{n}", display_name_key=f"r{n}")
        for n in range(min(count, 20))
    )


@pytest.mark.parametrize("size", SIZES)
def test_club_detail_query_count_is_constant(client, django_assert_max_num_queries, size):
    club, admin = _club_with_members(size)
    client.force_login(admin)
    with django_assert_max_num_queries(CLUB_HOME_MAX):
        response = client.get(club.get_absolute_url())
    assert f"{size} members" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_membership_list_query_count_is_constant(client, django_assert_max_num_queries, size):
    club, admin = _club_with_members(size)
    client.force_login(admin)
    with django_assert_max_num_queries(MEMBER_LIST_MAX):
        response = client.get(reverse("clubs:membership-list", args=[club.slug]))
    assert f"{size} member" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_directory_query_count_is_constant(client, django_assert_max_num_queries, size):
    viewer = UserFactory()
    people = _people(size)
    for number in range(min(size, 30)):
        club = ClubFactory(name=f"Directory {number:03d}")
        Membership.objects.bulk_create(Membership(club=club, user=person) for person in people)
        Membership.objects.create(club=club, user=viewer)
    client.force_login(viewer)
    with django_assert_max_num_queries(DIRECTORY_MAX):
        response = client.get("/")
    assert f"{size + 1} members" in response.content.decode()
