"""Club names and addresses: no club passes for another, and every alphabet gets a readable
address."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookclub.clubs.models import Club
from tests.conftest import member_of
from tests.factories import ClubFactory

pytestmark = pytest.mark.django_db


def club_data(**overrides):
    return {
        "name": "Kept Name",
        "description": "Kept description",
        "code_of_conduct": "Be kind.",
        "visibility": "public",
        "join_policy": "open",
        "time_zone": "UTC",
    } | overrides


# Bug 10: look-alike names


@pytest.mark.parametrize(
    "name", ["Lyon Readers", "lyon  readers", "Lyon Reader$", "Lуon Readers", "Lyon Rеaders"]
)
def test_club_create_refuses_a_name_like_a_public_clubs(client, user, name):
    ClubFactory(name="Lyon Readers", visibility="public")
    client.force_login(user)

    response = client.post(reverse("clubs:club-create"), club_data(name=name))

    page = response.content.decode()
    assert response.status_code == 200
    assert "looks the same as the name of another club" in page
    assert "Kept description" in page
    assert Club.objects.count() == 1


def test_club_create_refuses_a_private_club_named_like_a_public_one(client, user):
    ClubFactory(name="Lyon Readers", visibility="public")
    client.force_login(user)

    response = client.post(
        reverse("clubs:club-create"),
        club_data(name="Lyon Readers", visibility="private", join_policy="invite"),
    )

    assert "looks the same as the name of another club" in response.content.decode()


def test_club_create_accepts_a_name_a_private_club_has_and_reveals_nothing(client, user):
    ClubFactory(name="Safe Harbour", visibility="private")
    client.force_login(user)

    response = client.post(reverse("clubs:club-create"), club_data(name="Safe Harbour"))

    assert response.status_code == 302
    assert Club.objects.filter(name="Safe Harbour").count() == 2


def test_club_rename_to_another_clubs_name_is_refused(client):
    ClubFactory(name="Lyon Readers", visibility="public")
    club = ClubFactory(name="Mine", visibility="public")
    client.force_login(member_of(club, "owner"))

    response = client.post(
        reverse("clubs:club-settings", args=[club.slug]),
        club_data(name="LYON READERS", slug=club.slug),
    )

    assert "looks the same as the name of another club" in response.content.decode()
    club.refresh_from_db()
    assert club.name == "Mine"


def test_club_keeps_its_own_name_when_saving_settings(client):
    club = ClubFactory(name="Lyon Readers", visibility="public")
    client.force_login(member_of(club, "owner"))

    response = client.post(
        reverse("clubs:club-settings", args=[club.slug]),
        club_data(name="Lyon Readers", slug=club.slug, description="New words"),
    )

    assert response.status_code == 302


# Bug 10: addresses for names in other alphabets


@pytest.mark.parametrize(
    ("name", "slug"),
    [("读书会", "读书会"), ("نادي الكتاب", "نادي-الكتاب"), ("Café Lecture", "cafe-lecture")],
)
def test_club_create_gives_a_readable_address_in_the_names_alphabet(client, user, name, slug):
    client.force_login(user)

    response = client.post(reverse("clubs:club-create"), club_data(name=name))

    club = Club.objects.get(name=name)
    assert club.slug == slug
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and name in page.content.decode()
    schedule = reverse("readings:reading-list", kwargs={"club_slug": club.slug})
    assert client.get(schedule).status_code == 200


def test_club_settings_refuses_an_address_that_passes_for_latin_letters(client):
    club = ClubFactory(name="Mine", visibility="public")
    client.force_login(member_of(club, "owner"))

    response = client.post(
        reverse("clubs:club-settings", args=[club.slug]),
        club_data(name="Mine", slug="bооkclub"),  # Cyrillic о
    )

    assert "look like Latin letters (a–z) but are not" in response.content.decode()
    club.refresh_from_db()
    assert club.slug != "bооkclub"
