"""Sessions read their user in the same query; every check Django makes still applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookclub.accounts.models import Session, User
from bookclub.compiled import CompiledQuery
from bookclub.sessions import AuthenticationMiddleware, user_read_with_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def settings_page(client):
    return client.get(reverse("accounts:settings"))


def test_session_records_whose_it_is_at_login_and_forgets_at_logout(client):
    person = UserFactory()
    client.force_login(person)
    key = client.cookies["sessionid"].value

    assert Session.objects.get(session_key=key).user_id == person.pk
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key, user_id=person.pk).exists()


def test_session_and_user_are_read_in_one_query(client, rf, django_assert_num_queries):
    person = UserFactory(display_name="Quiet Reader")
    client.force_login(person)
    request = rf.get("/")
    request.COOKIES["sessionid"] = client.cookies["sessionid"].value
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)

    with django_assert_num_queries(1):
        assert request.user.display_name == "Quiet Reader"
        assert request.user.unread_notification_count == 0


def test_changing_password_elsewhere_still_signs_out_other_sessions(client):
    person = UserFactory()
    person.set_password("first-pass-phrase-1")
    person.save()
    client.force_login(person)
    assert settings_page(client).status_code == 200

    person.set_password("second-pass-phrase-2")
    person.save()

    assert settings_page(client).status_code == 302  # to the login page


def test_expired_session_signs_nobody_in(client):
    person = UserFactory()
    client.force_login(person)
    Session.objects.filter(user_id=person.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert settings_page(client).status_code == 302


def test_session_of_a_deleted_person_signs_nobody_in(client):
    person = UserFactory()
    client.force_login(person)
    key = client.cookies["sessionid"].value
    User.objects.filter(pk=person.pk).delete()

    assert not Session.objects.filter(session_key=key).exists()
    assert settings_page(client).status_code == 302


def test_inactive_person_is_not_signed_in_by_their_session(client):
    person = UserFactory()
    client.force_login(person)
    User.objects.filter(pk=person.pk).update(is_active=False)

    assert settings_page(client).status_code == 302


def test_a_user_read_with_a_session_is_never_offered_outside_its_request():
    person = UserFactory()
    other = Client()
    other.force_login(person)
    other.get(reverse("home"))

    assert user_read_with_session(person.pk) is None


def test_anonymous_session_keeps_its_data_without_a_user(client):
    session = client.session
    session["draft"] = "kept"
    session.save()

    stored = Session.objects.get(session_key=session.session_key)
    assert stored.user_id is None
    assert stored.get_decoded()["draft"] == "kept"
    assert SESSION_KEY not in stored.get_decoded()


def test_compiled_query_gives_what_the_queryset_gives():
    people = UserFactory.create_batch(3)
    by_pk = CompiledQuery(lambda pk: User.objects.filter(pk=pk), arity=1)

    for person in people:
        assert by_pk.first(person.pk) == User.objects.get(pk=person.pk)
    assert by_pk.first(-1) is None


def test_compiled_query_rows_read_inside_another_query_become_the_same_instances():
    person = UserFactory(display_name="Embedded Reader")
    by_pk = CompiledQuery(lambda pk: User.objects.filter(pk=pk), arity=1)
    sql, params = by_pk.sql_and_params(person.pk)
    outer = f"SELECT v.* FROM (SELECT 1) one LEFT JOIN ({sql}) v ON true"  # noqa: S608

    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        found = by_pk.instance(cursor.fetchone())
        cursor.execute(outer, by_pk.sql_and_params(-1)[1])
        missing = by_pk.instance(cursor.fetchone())

    assert found == person and found.display_name == "Embedded Reader"
    assert missing is None
    with pytest.raises(ValueError, match="columns"):
        by_pk.instance((person.pk,))


def test_compiled_query_refuses_a_value_it_cannot_place():
    # `__contains` wraps the value in %...%: the SQL would not carry it unchanged.
    by_text = CompiledQuery(lambda name: User.objects.filter(display_name__contains=name), arity=1)

    with pytest.raises(ValueError, match="unchanged"):
        by_text.first("Reader")


def test_decoded_session_data_is_each_callers_own_and_tampering_still_fails():
    from bookclub.sessions import SessionStore

    store = SessionStore()
    signed = store.encode({"cart": ["first"], "step": 1})

    first = store.decode(signed)
    first["cart"].append("changed by the first request")
    first["step"] = 2

    assert store.decode(signed) == {"cart": ["first"], "step": 1}
    assert store.decode(signed[:-2] + "xx") == {}
