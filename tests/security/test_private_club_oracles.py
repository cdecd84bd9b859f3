"""A private club does not exist for outsiders: no address, form message, invitation link or
page tells a signed-in outsider that one is there."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bookclub.clubs import services
from tests.factories import ClubFactory, UserFactory

pytestmark = pytest.mark.django_db

SUFFIXED = r"-[a-z2-9]{5}"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def same_page(text: str) -> str:
    """The page without its CSRF token, which is masked afresh on every response."""
    return CSRF_VALUE.sub(r"\1…\2", text)


def _create(owner, name: str, visibility: str = "public"):
    return services.create_club(
        owner=owner, name=name, code_of_conduct="Be kind.", visibility=visibility
    )


# Addresses made from names


def test_new_club_address_is_the_same_whether_a_private_namesake_exists_or_not():
    outsider = UserFactory()
    alone = _create(outsider, "Rowan and Sol")
    alone.delete()
    _create(UserFactory(), "Rowan and Sol", visibility="private")
    beside_private = _create(outsider, "Rowan and Sol")
    assert alone.slug == beside_private.slug == "rowan-and-sol"


def test_private_club_address_ends_in_a_random_suffix():
    owner = UserFactory()
    first = _create(owner, "Rowan and Sol", visibility="private")
    second = _create(owner, "Rowan and Sol", visibility="private")
    assert re.fullmatch("rowan-and-sol" + SUFFIXED, first.slug)
    assert re.fullmatch("rowan-and-sol" + SUFFIXED, second.slug)
    assert first.slug != second.slug


def test_taken_public_name_gets_a_random_suffix_not_a_count():
    owner = UserFactory()
    assert _create(owner, "Night Readers").slug == "night-readers"
    again = _create(owner, "Night Readers")
    assert re.fullmatch("night-readers" + SUFFIXED, again.slug)


# The address field of the settings form


def _settings_post(client, club, slug: str):
    return client.post(
        reverse("clubs:club-settings", kwargs={"club_slug": club.slug}),
        {
            "name": club.name,
            "slug": slug,
            "code_of_conduct": "Be kind.",
            "visibility": "public",
            "join_policy": "open",
            "time_zone": "UTC",
        },
    )


def test_address_form_answers_alike_for_a_private_address_a_public_one_and_a_reserved_word(
    client,
):
    owner = UserFactory()
    mine = _create(owner, "Mine")
    taken = {
        "private": ClubFactory(slug="rowan-and-sol", visibility="private").slug,
        "public": ClubFactory(slug="open-shelf").slug,
        "reserved": "admin",
    }
    client.force_login(owner)
    pages = {}
    for kind, slug in taken.items():
        response = _settings_post(client, mine, slug)
        assert response.status_code == 200, kind
        page = response.content.decode()
        assert "That address is not available. Choose another." in page, kind
        assert f'value="{slug}"' in page, "the person's text is kept"
        pages[kind] = same_page(page).replace(f'value="{slug}"', 'value="…"')
    assert pages["private"] == pages["reserved"] == pages["public"]
    mine.refresh_from_db()
    assert mine.slug == "mine"
