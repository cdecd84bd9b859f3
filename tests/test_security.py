"""Hardening a user would notice: rate limits, body limits, noindex, sessions, headers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from bookclub.ratelimit import parse_rate
from discussions import services
from tests import servers
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def thread(club):
    reading = make_reading(club)
    author = member_of(club)
    return services.create_thread(
        reading=reading, actor=acting(author, reading.club), title="Limits", body="Hi"
    )


def _reply(client, thread, body="A reply", address="10.0.0.1"):
    url = reverse("discussions:post-create", args=[thread.club.slug, thread.pk])
    data = {"body": body, "idempotency_key": str(uuid.uuid4())}
    return client.post(url, data, REMOTE_ADDR=address)


def test_rate_limit_posting_gives_429_page_with_retry_after(client, thread, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "3/60"}
    client.force_login(member_of(thread.club))
    statuses = [_reply(client, thread).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    response = _reply(client, thread)
    assert 1 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "Too many attempts" in page and "css/app.css" in page
    assert thread.posts.count() == 4  # the opening post and three replies


def test_rate_limit_counts_per_account_across_addresses(client, thread, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "2/60"}
    client.force_login(member_of(thread.club))
    codes = [_reply(client, thread, address=f"10.0.0.{n}").status_code for n in range(1, 4)]
    assert codes == [302, 302, 429]


def test_rate_limit_counts_per_address_across_accounts(thread, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "2/60"}
    codes = []
    for _ in range(3):
        client = Client()
        client.force_login(member_of(thread.club))
        codes.append(_reply(client, thread, address="10.9.9.9").status_code)
    assert codes == [302, 302, 429]


def test_rate_limit_leaves_reading_free(client, thread, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": "1/60"}
    client.force_login(member_of(thread.club))
    for _ in range(5):
        assert client.get(thread.get_absolute_url()).status_code == 200


def test_rate_limit_on_join_requests(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "join": "2/3600"}
    codes = []
    for _ in range(3):
        club = ClubFactory(join_policy="request")
        client.force_login(UserFactory())
        url = reverse("clubs:club-join", args=[club.slug])
        data = {"message": "hi", "accept_code_of_conduct": "on"}
        codes.append(client.post(url, data, REMOTE_ADDR="10.1.1.1").status_code)
    assert codes == [302, 302, 429]


def test_rate_limit_on_invitations(client, club, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invite": "1/3600"}
    client.force_login(member_of(club, "admin"))
    url = reverse("clubs:invitation-list", args=[club.slug])
    data = {"expires_in_days": "7", "note": "x"}
    client.post(url, data)
    assert client.post(url, data).status_code == 429


def test_rate_limits_parse_from_settings():
    assert parse_rate("5/60") == (5, 60)
    assert parse_rate("") is None


def _settings_in_a_fresh_process(names: list[str], **environ: str) -> dict:
    """The named settings as a new process with `environ` added would read them."""
    env = {**servers.without_test_only_variables(os.environ), **environ}
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_rate_limits_configured_from_environment():
    values = _settings_in_a_fresh_process(["RATE_LIMITS"], RATE_LIMIT_POST="7/30")
    assert values["RATE_LIMITS"]["post"] == "7/30"


def test_oversized_body_is_refused_with_400_not_500(client, thread):
    client.force_login(member_of(thread.club))
    response = _reply(client, thread, body="x" * 400_000)
    assert response.status_code == 400
    assert thread.posts.count() == 1


def test_too_long_post_is_a_clear_message_with_text_kept(client, thread):
    client.force_login(member_of(thread.club))
    response = _reply(client, thread, body="y" * 20_001)
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 20,000 characters" in page
    assert "y" * 1000 in page


def test_private_club_pages_are_noindex_header_and_meta(client, private_club):
    client.force_login(member_of(private_club))
    response = client.get(private_club.get_absolute_url())
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_public_club_pages_may_be_indexed(client, club):
    response = client.get(club.get_absolute_url())
    assert "X-Robots-Tag" not in response
    assert 'name="robots"' not in response.content.decode()


def test_login_rotates_the_session_key_in_an_httponly_cookie(client, user):
    user.set_password("a long pass phrase 42")
    user.save()
    client.get(reverse("account_login"))
    session = client.session
    session["before"] = "login"
    session.save()
    before = session.session_key
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a long pass phrase 42"}
    )
    assert response.status_code == 302
    assert client.session.session_key != before
    assert response.cookies["sessionid"]["httponly"]


def test_password_change_ends_every_session(user):
    user.set_password("a long pass phrase 42")
    user.save()
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a long pass phrase 42",
            "password1": "another pass phrase 77",
            "password2": "another pass phrase 77",
        },
    )
    assert response.status_code == 302
    settings_url = reverse("accounts:settings")
    assert elsewhere.get(settings_url).status_code == 302
    assert here.get(settings_url).status_code == 302


def test_responses_carry_security_headers(client, club):
    response = client.get(club.get_absolute_url())
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "style-src 'self'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_settings_secure_cookies_hsts_and_redirect():
    names = [
        "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
        "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE", "DEBUG",
    ]  # fmt: skip
    values = _settings_in_a_fresh_process(
        names, DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="books.example.org"
    )
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"]
    assert values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    assert values["CSRF_COOKIE_HTTPONLY"] and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE"] is True
    assert values["DEBUG"] is False
