"""No input reaches the database unless it is clean text: NUL, control characters and bytes
that are not UTF-8 in a path, a query string, a header or a form field name are a 400 page
before any view runs, the same for a private club as for a missing one. (Form values with
such characters are the forms' to refuse, with a message: see test_bad_input.py.)
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from discussions import services
from tests.clubs.matrix import build_world
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.test_url_matrix import CLUB_URLS, ENTRIES

pytestmark = pytest.mark.django_db

BAD_REQUEST = "That request did not make sense to us"
# Percent-encoded, as they arrive: NUL, C0 controls, DEL, and bytes that are not UTF-8
# (a lone byte, an overlong NUL, an encoded surrogate).
BAD_TEXT = ["%00", "a%00b", "%01", "%0A", "%1B", "%7F", "%FF", "%C0%80", "%ED%A0%80"]
# A tab or a line break in a query value is text (see the search test below).
BAD_QUERY_TEXT = [bad for bad in BAD_TEXT if bad != "%0A"]
MISSING_SLUG = "no-such-club"
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("token", ["%00", "a%00b"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_invite_link_with_nul_is_the_same_for_a_private_and_a_missing_club(
    private_club, token, method
):
    client = _client()
    secret = getattr(client, method)(f"/c/{private_club.slug}/invite/{token}/")
    missing = getattr(client, method)(f"/c/{MISSING_SLUG}/invite/{token}/")
    assert (secret.status_code, missing.status_code) == (400, 400)
    assert secret.content == missing.content
    assert BAD_REQUEST in secret.content.decode()


def test_nul_in_the_session_cookie_is_served_signed_out():
    client = _client()
    response = client.get("/", HTTP_COOKIE="sessionid=" + "\x00" * 32)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


def test_nul_in_a_forwarded_address_is_refused_before_the_rate_limit_stores_it(settings, club):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    author = member_of(club)
    thread = services.create_thread(
        actor=acting(author, club), reading=make_reading(club), title="Hello", body="Hi"
    )
    client = _client()
    client.force_login(author)
    response = client.post(
        reverse("discussions:post-create", args=[club.slug, thread.pk]),
        {"body": "A reply"},
        HTTP_X_FORWARDED_FOR="203.0.113.9\x00",
    )
    assert response.status_code == 400
    assert thread.posts.count() == 1


def test_control_character_in_a_form_field_name_is_400(user):
    client = _client()
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), {"display_name": "Sam", "x\x00": "1"})
    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def test_a_tab_or_line_break_in_a_search_is_still_a_search(user):
    client = _client()
    assert client.get("/", QUERY_STRING="q=two%09words%0Aand%0Dmore").status_code == 200


# The class: every club URL of the matrix, every path parameter and a query parameter.


def _path(route: str, values: dict[str, str]) -> str:
    return "/" + _PARAM.sub(lambda match: values[match.group(1)], route)


def _bad_urls(route: str, kwargs: dict, club_slug: str):
    """(what was made bad, URL) for each parameter and each bad text, then the query."""
    real = {name: str(value) for name, value in kwargs.items()} | {"club_slug": club_slug}
    for param in _PARAM.findall(route):
        for bad in BAD_TEXT:
            yield f"{param}={bad}", _path(route, real | {param: bad})
    for bad in BAD_QUERY_TEXT:
        yield f"?q={bad}", _path(route, real) + f"?q={bad}"
        yield f"?{bad}=1", _path(route, real) + f"?{bad}=1"


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_club_url_refuses_bad_text_alike_for_a_private_and_a_missing_club(name):
    world = build_world("private")
    entry = ENTRIES[name]
    kwargs = (entry.get("setup") or (lambda w: {}))(world)
    route = CLUB_URLS[name]
    methods = ("get", "post") if "post" in entry else ("get",)
    viewers = {"anonymous": _client(), "outsider": _client(), "member": _client()}
    viewers["outsider"].force_login(world.users["outsider"])
    viewers["member"].force_login(world.users["member"])
    failures = []
    for role, client in viewers.items():
        for method in methods:
            send = getattr(client, method)
            private = dict(_bad_urls(route, kwargs, world.club.slug))
            missing = dict(_bad_urls(route, kwargs, MISSING_SLUG))
            for what, url in private.items():
                answer = send(url)
                if answer.status_code not in (400, 404):
                    failures.append(f"{method.upper()} {url} as {role}: {answer.status_code}")
                if role == "member" or what.startswith("club_slug="):
                    continue
                other = send(missing[what])
                if (answer.status_code, answer.content) != (other.status_code, other.content):
                    failures.append(
                        f"{method.upper()} {url} as {role}: {answer.status_code}, but "
                        f"{other.status_code} (or other bytes) for a missing club"
                    )
    assert not failures, "\n".join(failures)
