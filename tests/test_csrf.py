"""Every POST the URL matrix knows is refused without a CSRF token, for the most powerful
member (the owner), on a public and a private club; nothing changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.clubs.matrix import CLUB_KINDS, build_world
from tests.test_url_matrix import ENTRIES

POST_URLS = sorted(name for name, entry in ENTRIES.items() if "post" in entry)
SITE_POSTS = [
    "accounts:settings",
    "accounts:export",
    "accounts:delete",
    "notifications:mark-all-read",
]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CLUB_KINDS)
@pytest.mark.parametrize("name", POST_URLS)
def test_club_post_without_csrf_token_is_refused(name, kind):
    world = build_world(kind)
    entry = ENTRIES[name]
    kwargs = {"club_slug": world.club.slug, **(entry.get("setup") or (lambda w: {}))(world)}
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["owner"])
    effect = entry.get("effect")
    before = effect(world) if effect else None
    data = entry["post_data"](world) if "post_data" in entry else {}
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    if effect:
        assert effect(world) == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", SITE_POSTS)
def test_site_post_without_csrf_token_is_refused(name, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse(name), {}).status_code == 403
