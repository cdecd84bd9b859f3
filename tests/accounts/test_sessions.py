"""Django's own sessions decide who is signed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from bookclub.accounts.models import User
from discussions.notifications.context import unread_notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def settings_page(client):
    return client.get(reverse("accounts:settings"))


def expire_sessions() -> None:
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))


def test_changing_password_elsewhere_signs_out_other_sessions(client):
    person = UserFactory()
    client.force_login(person)
    assert settings_page(client).status_code == 200

    person.set_password("second-pass-phrase-2")
    person.save()

    assert settings_page(client).status_code == 302  # to the login page


def test_expired_session_signs_nobody_in(client):
    client.force_login(UserFactory())
    expire_sessions()

    assert settings_page(client).status_code == 302


def test_session_of_a_deleted_person_signs_nobody_in(client):
    person = UserFactory()
    client.force_login(person)
    User.objects.filter(pk=person.pk).delete()

    assert settings_page(client).status_code == 302


def test_inactive_person_is_not_signed_in_by_their_session(client):
    person = UserFactory()
    client.force_login(person)
    User.objects.filter(pk=person.pk).update(is_active=False)

    assert settings_page(client).status_code == 302


def test_anonymous_session_keeps_its_data_without_a_user(client):
    session = client.session
    session["draft"] = "kept"
    session.save()

    stored = Session.objects.get(session_key=session.session_key).get_decoded()
    assert stored["draft"] == "kept"
    assert SESSION_KEY not in stored


def test_unread_badge_is_counted_only_by_a_page_that_shows_it(rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = UserFactory()

    with django_assert_num_queries(0):
        badge = unread_notifications(request)["unread_notification_count"]
    with django_assert_num_queries(1):  # however often the page reads it
        assert badge() == 0
        assert badge() == 0
