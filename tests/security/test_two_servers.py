"""Two gunicorn processes on two ports, one database: no per-process state.

A person signs in on A through the real login form (with its CSRF token); the session works
on B. A reply posted on A shows on B, and the member it mentions finds the notification on
B's /notifications/.
"""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils.crypto import get_random_string

from discussions import services
from tests import servers
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import PASSWORD, ClubFactory, UserFactory
from tests.security.http import Browser

pytestmark = pytest.mark.django_db(transaction=True)


def _production_password(user) -> None:
    # The servers run production settings, which do not accept the tests' fast hasher.
    salt = get_random_string(16)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, salt, iterations=1000)
    user.save(update_fields=["password"])


def test_session_post_and_notification_work_across_two_app_servers(tmp_path):
    club = ClubFactory(visibility="private", join_policy="invite")
    reading = make_reading(club)
    author = member_of(club)
    recipient = member_of(club, user=UserFactory(display_name="Tamsin"))
    thread = services.create_thread(
        reading=reading, actor=acting(recipient, reading.club), title="Two", body="Hi"
    )
    for person in (author, recipient):
        _production_password(person)
    env = servers.production_env(tmp_path / "static")
    servers.collectstatic(env)
    with servers.gunicorn(env) as server_a, servers.gunicorn(env) as server_b:
        assert server_a != server_b
        browser = Browser()
        signed_in = browser.login(server_a, author.email, PASSWORD)
        assert signed_in.status == 302, signed_in.text[:500]
        on_b = browser.get(server_b + reverse("accounts:settings"))
        assert on_b.status == 200 and author.display_name in on_b.text

        thread_url = thread.get_absolute_url()
        words = f"@Tamsin the cross-server reply {uuid.uuid4().hex[:8]}"
        reply = browser.post_form(
            server_a + thread_url,
            server_a + reverse("discussions:post-create", args=[club.slug, thread.pk]),
            {"body": words, "idempotency_key": str(uuid.uuid4())},
        )
        assert reply.status == 302, reply.text[:500]
        assert words.removeprefix("@Tamsin ") in browser.get(server_b + thread_url).text

        reader = Browser()
        assert reader.login(server_b, recipient.email, PASSWORD).status == 302
        inbox = reader.get(server_b + reverse("notifications:list"))
        assert inbox.status == 200
        assert author.display_name in inbox.text and "Two" in inbox.text
        assert recipient.notifications.filter(kind="mention").count() == 1
