"""Bad input is a clear message or a 4xx, never a 500: forged ids in every int path parameter
of every URL pattern, unknown slugs and tokens, oversized bodies, malformed headers, overlong
posts and look-alike display names. Script in every text field is proven in test_xss_fields.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bookclub.accounts.models import User
from discussions import services
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, UserFactory
from tests.security.forms import submit

pytestmark = pytest.mark.django_db

FORGED_INTS = ["0", "99999999999999999999", "2147483648"]
# Unblocking is idempotent (a second click must not error): an unknown id changes nothing,
# reveals nothing and goes back to the privacy page.
IDEMPOTENT_ROUTES = {"settings/privacy/blocks/<int:block_id>/unblock/"}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes(patterns, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def _club_routes_with_ids() -> list[str]:
    """Every project route taking an int, outside the admin (Django's own, tested upstream)."""
    return sorted(
        {
            route
            for route in _routes(get_resolver().url_patterns)
            if "<int:" in route and not route.startswith(("admin/", "^"))
        }
    )


@pytest.fixture
def staff_owner_client():
    """The widest access there is: a staff member owning the club, with a reading in it."""
    club = ClubFactory(slug="home-club", join_policy="request")
    reading = make_reading(club)
    owner = member_of(club, "owner", user=UserFactory(is_staff=True, is_superuser=True))
    client = Client(raise_request_exception=False)
    client.force_login(owner)
    return client, club, reading


def _fill(route: str, forged: str, reading_id: int) -> list[str]:
    """One URL per int parameter: that one forged, the others real where a real one exists."""
    names = [m.group(2) for m in _PARAM.finditer(route) if m.group(1) == "int"]
    urls = []
    for target in names:
        if target == "index" and forged == "0":
            continue  # prompt indexes count from 0: the first prompt is real

        def value(match, target=target):
            kind, name = match.group(1), match.group(2)
            if name == "club_slug":
                return "home-club"
            if kind == "int":
                if name == target:
                    return forged
                return {"reading_id": str(reading_id), "position": "1"}.get(name, "1")
            if kind == "uuid":
                return str(uuid.uuid4())
            return "x"

        urls.append("/" + _PARAM.sub(value, route))
    return urls


def test_bad_input_forged_ids_in_every_int_parameter_are_404(staff_owner_client):
    client, club, reading = staff_owner_client
    routes = _club_routes_with_ids()
    assert len(routes) >= 30, routes  # the walk really covers the project
    results = {}
    for route in routes:
        if route in IDEMPOTENT_ROUTES:
            continue
        for forged in FORGED_INTS:
            for url in _fill(route, forged, reading.pk):
                # A current schedule version, so version checks cannot answer before the lookup.
                get = client.get(url)
                version = reading.schedule_version
                post = client.post(url, {"version": version, "schedule_version": version})
                results[url] = (get.status_code, post.status_code)
    bad = {url: codes for url, codes in results.items() if codes[0] != 404 and codes[1] != 404}
    assert bad == {}, bad  # 405 for GET on a POST-only action is fine when POST gives 404
    errors = {url: codes for url, codes in results.items() if max(codes) >= 500}
    assert errors == {}, errors
    print(f"forged-id URLs tried: {len(results)} (x2 methods)")


@pytest.mark.parametrize(
    "url",
    [
        "/c/no-such-club/",
        "/c/home-club/invite/not-a-real-token/",
        "/c/home-club/r/{reading}/themes/no-such-theme/",
        "/c/home-club/t/1/no-such-thread/",
        "/c/home-club/feed/{uuid}.atom",
        "/c/home-club/calendar/{uuid}.ics",
        "/calendar/{uuid}.ics",
        "/c/home-club/r/abc/schedule/",
        "/c/home-club/r/-1/schedule/",
        "/c/home-club/feed/not-a-uuid.atom",
    ],
)
def test_bad_input_unknown_slugs_tokens_and_non_numbers_are_404(staff_owner_client, url):
    client, club, reading = staff_owner_client
    response = client.get(url.format(reading=reading.pk, uuid=uuid.uuid4()))
    assert response.status_code == 404
    assert "css/app.css" in response.content.decode()  # the site's own 404 page


# Bodies and headers


@pytest.fixture
def thread_client(staff_owner_client):
    client, club, reading = staff_owner_client
    author = member_of(club)
    thread = services.create_thread(
        reading=reading, actor=acting(author, reading.club), title="Limits", body="Hi"
    )
    member = Client(raise_request_exception=False)
    member.force_login(author)
    return member, thread


def _reply_url(thread) -> str:
    return reverse("discussions:post-create", args=[thread.club.slug, thread.pk])


def test_bad_input_body_over_upload_limit_is_a_400_page(thread_client, settings):
    client, thread = thread_client
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(_reply_url(thread), {"body": body, "idempotency_key": uuid.uuid4()})
    assert response.status_code in (400, 413)
    assert "css/app.css" in response.content.decode()
    assert thread.posts.count() == 1


def test_bad_input_too_many_fields_is_a_400_page(thread_client, settings):
    client, thread = thread_client
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(_reply_url(thread), {**data, "body": "hi"})
    assert response.status_code in (400, 413)
    assert "css/app.css" in response.content.decode()
    assert thread.posts.count() == 1


def test_bad_input_wrong_content_type_on_a_form_post_changes_nothing(thread_client):
    client, thread = thread_client
    response = client.post(
        _reply_url(thread), "body=hello&idempotency_key=x", content_type="text/plain"
    )
    assert 400 <= response.status_code < 500
    response = client.post(_reply_url(thread), {"body": "hi"}, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert thread.posts.count() == 1


def test_bad_input_bad_host_header_is_400():
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example\x00:80")
    assert response.status_code == 400
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400


def test_bad_input_huge_cookie_is_served(thread_client):
    client, thread = thread_client
    client.cookies["junk"] = "z" * 16_384
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.get("/", HTTP_COOKIE="sessionid=" + "\xff" * 50).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=a%00b",
        "q=%FF%FE%FD",
        "q=%C0%AF",
        "page=%00",
        "page=-5",
        "page=2147483648",
        "page=99999999999999999999",
    ],
)
def test_bad_input_nul_and_invalid_utf8_in_query_strings(thread_client, query):
    client, thread = thread_client
    slug = thread.club.slug
    for path in (
        "/",
        f"/c/{slug}/search/",
        thread.get_absolute_url(),
        f"/c/{slug}/r/{thread.reading_id}/discussions/",
        "/notifications/",
        f"/c/{slug}/moderation/log/",
    ):
        response = client.get(path, QUERY_STRING=query)
        assert response.status_code < 500, (path, query, response.status_code)


def test_bad_input_nul_in_a_form_field_is_dropped(thread_client):
    # Like every control character (tests/security/test_control_characters.py).
    client, thread = thread_client
    response = submit(
        client, thread.get_absolute_url(), "body", {"body": "a\x00b"}, _reply_url(thread)
    )
    assert response.status_code == 200 and response.redirect_chain
    assert thread.posts.get(number=2).body == "ab"


# Overlong posts: a clear message on the page submitted, the draft kept


def test_bad_input_overlong_reply_keeps_the_draft(thread_client):
    client, thread = thread_client
    draft = "w" * 20_001
    response = submit(
        client, thread.get_absolute_url(), "body", {"body": draft}, _reply_url(thread)
    )
    page = response.content.decode()
    assert response.status_code == 400 and "at most 20,000 characters" in page
    assert draft in page
    assert thread.posts.count() == 1


def test_bad_input_overlong_new_thread_keeps_the_draft(thread_client):
    client, thread = thread_client
    url = reverse("discussions:thread-create", args=[thread.club.slug, thread.reading_id])
    draft = "d" * 20_001
    response = submit(client, url, "body", {"title": "Long", "body": draft})
    page = response.content.decode()
    assert response.status_code in (200, 400) and "at most 20,000 characters" in page
    assert draft in page
    assert thread.club.threads.count() == 1


def test_bad_input_overlong_edit_keeps_the_draft(thread_client):
    client, thread = thread_client
    post = thread.posts.get(number=1)
    url = reverse("discussions:post-edit", args=[thread.club.slug, post.pk])
    draft = "e" * 20_001
    response = submit(client, url, "body", {"body": draft})
    page = response.content.decode()
    assert response.status_code in (200, 400) and "at most 20,000 characters" in page
    assert draft in page
    post.refresh_from_db()
    assert post.body == "Hi"


# Look-alike display names

LOOKALIKES = {
    "cyrillic o": "R\u043ewan",
    "greek omicron": "R\u03bfwan",
    "fullwidth": "\uff32\uff4f\uff57\uff41\uff4e",
    "zero-width space": "Ro\u200bwan",
    "combining acute": "Ro\u0301wan",
    "upper case": "ROWAN",
    "spaced": "R o w a n",
    "rn for m": "Rovvan",
}
TAKEN = "That name, or one that looks just like it, is taken"


@pytest.mark.parametrize("variant", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_bad_input_lookalike_display_name_refused_at_signup(variant):
    UserFactory(display_name="Rowan")
    client = Client(raise_request_exception=False)
    data = {
        "email": "newcomer@example.org",
        "password1": "a long pass phrase 42",
        "password2": "a long pass phrase 42",
        "display_name": variant,
    }
    response = submit(client, reverse("account_signup"), "display_name", data)
    assert response.status_code == 200 and TAKEN in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.org").exists()


@pytest.mark.parametrize("variant", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_bad_input_lookalike_display_name_refused_in_settings(variant):
    UserFactory(display_name="Rowan")
    user = UserFactory(display_name="Sam")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = submit(
        client, reverse("accounts:settings"), "display_name", {"display_name": variant}
    )
    assert response.status_code == 200 and TAKEN in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Sam"
