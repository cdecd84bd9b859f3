"""A private club does not exist for outsiders: no address, form message, invitation link or
page tells a signed-in outsider that one is there."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs import services
from tests.factories import ClubFactory, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUFFIXED = r"-[a-z2-9]{5}"
LITERAL = re.compile(r"'(?:[^']|'')*'")
SAVEPOINT = re.compile(r'"s\d+_x\d+"')
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


# Invitation links that no longer work


UNUSABLE = {
    "revoked": {"revoked_at": timezone.now()},
    "expired": {"expires_at": timezone.now() - timedelta(minutes=1)},
    "used up": {"max_uses": 1, "use_count": 1},
}


def _invitation_page(client, method: str, slug: str, token: str):
    url = reverse("clubs:invitation-accept", kwargs={"club_slug": slug, "token": token})
    data = {"accept_code_of_conduct": "on", "then": "signup"}
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "outsider"])
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("kind", ["private", "public"])
@pytest.mark.parametrize("state", list(UNUSABLE))
def test_unusable_invitation_is_a_neutral_404_like_a_forged_one(
    client, state, kind, method, signed_in
):
    club = ClubFactory(
        visibility=kind,
        name="Rowan and Sol",
        description="Readers in Leith.",
        description_html="<p>Readers in Leith.</p>",
        code_of_conduct_html="<p>Sol's rules.</p>",
    )
    invitation = InvitationFactory(club=club, **UNUSABLE[state])
    person = UserFactory()
    if signed_in:
        client.force_login(person)
    response = _invitation_page(client, method, club.slug, invitation.token)
    page = response.content.decode()
    assert response.status_code == 404
    assert "Rowan and Sol" not in page and "Leith" not in page and "Sol's rules" not in page
    assert "This invitation link does not work" in page
    forged = _invitation_page(client, method, club.slug, "f" * len(invitation.token))
    missing = _invitation_page(client, method, _missing_slug(club.slug), invitation.token)
    assert forged.status_code == missing.status_code == 404
    assert same_page(page) == same_page(forged.content.decode())
    assert same_page(page) == same_page(missing.content.decode())
    assert not club.memberships.filter(user=person).exists()


# Every club URL: a private club answers outsiders exactly as a missing one does.


def _missing_slug(slug: str) -> str:
    """An address no club has, as long as `slug`, so that pages cannot differ by its length."""
    return ("z" * len(slug))[:-1] + "q"


def _not_found_cases():
    from tests.clubs.matrix import NON_MEMBER_ROLES
    from tests.test_url_matrix import ENTRIES, _expected

    for name in sorted(ENTRIES):
        for method in ("get", "post"):
            if method not in ENTRIES[name]:
                continue
            for role in NON_MEMBER_ROLES:
                if _expected(ENTRIES[name], method, "private")[role] == 404:
                    yield pytest.param(name, method, role, id=f"{name}-{method}-{role}")


def _statement(sql: str) -> str:
    """The statement without its literals (the slug, cache expiry times) or savepoint names."""
    return SAVEPOINT.sub("<savepoint>", LITERAL.sub("'…'", sql))


def _answer(client, method: str, url: str, data: dict):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data) if method == "post" else client.get(url)
    headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
    sql = [_statement(query["sql"]) for query in queries.captured_queries]
    return response.status_code, headers, same_page(response.content.decode()), sql


@pytest.mark.parametrize(("name", "method", "role"), list(_not_found_cases()))
def test_private_club_answers_outsiders_as_a_missing_club_does(client, name, method, role):
    from tests.clubs.matrix import build_world
    from tests.test_url_matrix import ENTRIES

    world = build_world("private")
    entry = ENTRIES[name]
    kwargs = (entry.get("setup") or (lambda w: {}))(world)
    data = entry["post_data"](world) if method == "post" and "post_data" in entry else {}
    if world.users[role] is not None:
        client.force_login(world.users[role])
    missing = _missing_slug(world.club.slug)
    private_url = reverse(name, kwargs={"club_slug": world.club.slug, **kwargs})
    missing_url = reverse(name, kwargs={"club_slug": missing, **kwargs})
    # Warm up what a first request does once (session, rate-limit counters), then compare.
    _answer(client, method, missing_url, data)
    private = _answer(client, method, private_url, data)
    absent = _answer(client, method, missing_url, data)
    assert private[0] == absent[0] == 404
    assert private[1] == absent[1], "headers"
    assert private[2] == absent[2], "page bytes"
    assert len(private[3]) == len(absent[3]), "number of queries"
    assert private[3] == absent[3], "the same queries"
