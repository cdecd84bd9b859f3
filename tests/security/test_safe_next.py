"""A `next` that is not a path on this site is ignored: the view redirects where it would
have anyway. Before, a bare word (`true`, `-1`) was looked up as a view name: a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.clubs.matrix import build_world
from tests.discussions.conftest import make_reading
from tests.security import test_all_urls
from tests.test_url_matrix import ENTRIES, _visit

pytestmark = pytest.mark.django_db
site_world = test_all_urls.site_world  # the fixture

FORM = "application/x-www-form-urlencoded"
# Percent-encoded, as a form sends them.
HOSTILE_NEXT = [
    "true",
    "-1",
    "home",
    "clubs%3Aclub-detail",
    "%FF%FE",
    "%C0%80",
    "%00",
    "%2F%2Fevil.example%2F",
    "https%3A%2F%2Fevil.example%2F",
    "%2F%5Cevil.example",
    "%20%2F%2Fevil.example",
    "javascript%3Aalert(1)",
]


def _post(client: Client, url: str, data: dict, next_value: str):
    body = urlencode(data, doseq=True) + "&next=" + next_value
    return client.post(url, body, content_type=FORM)


def _is_local(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("next_value", ["true", "-1", "%FF"])
def test_progress_with_a_bare_word_next_goes_back_to_the_schedule(next_value):
    world = build_world("public")
    reading = make_reading(world.club)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["member"])
    url = reverse(
        "readings:progress-toggle", kwargs={"club_slug": world.club.slug, "reading_id": reading.pk}
    )
    response = _post(client, url, {"chapter": "1"}, next_value)
    assert response.status_code == 302
    assert response["Location"] == reading.get_absolute_url()


def test_a_next_on_this_site_is_still_followed():
    world = build_world("public")
    reading = make_reading(world.club)
    client = Client()
    client.force_login(world.users["member"])
    url = reverse(
        "readings:progress-toggle", kwargs={"club_slug": world.club.slug, "reading_id": reading.pk}
    )
    response = _post(client, url, {"chapter": "1"}, "%2Fc%2Fsomewhere%2F%23entry-3")
    assert response["Location"] == "/c/somewhere/#entry-3"


def _refusals(client: Client, url: str, data: dict) -> list[str]:
    failures = []
    for next_value in HOSTILE_NEXT:
        response = _post(client, url, data, next_value)
        location = response.get("Location", "")
        if response.status_code >= 500 or (location and not _is_local(location)):
            failures.append(f"next={next_value}: {response.status_code} {location}")
    return failures


@pytest.mark.parametrize("name", sorted(name for name, entry in ENTRIES.items() if "post" in entry))
@pytest.mark.parametrize("role", ["member", "owner"])
def test_every_club_post_url_ignores_a_hostile_next(name, role):
    client = Client(raise_request_exception=False)
    world, entry, url = _visit(client, name, "public", role)
    data = entry["post_data"](world) if "post_data" in entry else {}
    failures = _refusals(client, url, data)
    assert not failures, f"POST {url} as {role}:\n" + "\n".join(failures)


SITE_POSTS = sorted(name for name, entry in test_all_urls.SITE.items() if "post" in entry)


@pytest.mark.parametrize("name", SITE_POSTS)
def test_every_site_post_url_ignores_a_hostile_next(name, site_world, user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    kwargs = (test_all_urls.SITE[name].get("args") or (lambda w: {}))(site_world)
    url = reverse(name, kwargs=kwargs)
    failures = _refusals(client, url, {})
    assert not failures, f"POST {url}:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("account_login", {"login": "nobody@example.org", "password": "wrong"}),
        ("account_logout", {}),
        ("account_signup", {"email": "new@example.org"}),
    ],
)
def test_account_forms_ignore_a_hostile_next(name, data, user):
    client = Client(raise_request_exception=False)
    if name == "account_logout":
        client.force_login(user)
    failures = _refusals(client, reverse(name), data)
    assert not failures, f"POST {reverse(name)}:\n" + "\n".join(failures)


def test_marking_your_notification_read_ignores_a_hostile_next(site_world):
    notification = site_world["notification"]
    client = Client(raise_request_exception=False)
    client.force_login(notification.recipient)
    url = reverse("notifications:mark-read", kwargs={"notification_id": notification.pk})
    failures = _refusals(client, url, {})
    assert not failures, f"POST {url}:\n" + "\n".join(failures)
