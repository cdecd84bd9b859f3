"""The thread page reads the reader's session and user with its own query: one query in all,
and every check Django makes of a session still decides who is signed in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bookclub.accounts.models import Session
from bookclub.clubs.models import Club
from discussions import services
from discussions.models import Post, Thread
from tests.conftest import member_of

pytestmark = pytest.mark.django_db

POSTED_AT = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)


@pytest.fixture
def thread(reading, member):
    thread = services.create_thread(
        reading=reading, author=member, title="Session talk", body="Words of the author"
    )
    Post.objects.filter(thread=thread).update(created_at=POSTED_AT)
    return Thread.objects.select_related("club").get(pk=thread.pk)


def read(client, thread):
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.text


def own_post_controls(thread) -> str:
    return f"/p/{thread.posts.get(number=1).pk}/edit/"


def test_signed_in_page_is_one_query_once_cached(client, thread, member, django_assert_num_queries):
    client.force_login(member)
    read(client, thread)
    read(client, thread)

    with django_assert_num_queries(1) as captured:
        text = read(client, thread)

    assert own_post_controls(thread) in text
    assert "Log out" in text
    # Long text and search vectors stay unread: the page never shows them.
    assert "search_vector" not in captured.captured_queries[0]["sql"]
    assert "description" not in captured.captured_queries[0]["sql"]


def test_dates_show_in_the_readers_own_time_zone(client, thread, member):
    member.time_zone = "Asia/Tokyo"
    member.save()
    client.force_login(member)

    assert "2 Mar 2026, 07:30" in read(client, thread)  # 22:30 UTC is 07:30 next day in Tokyo
    client.logout()
    assert "1 Mar 2026, 22:30" in read(client, thread)


def test_password_changed_elsewhere_shows_the_page_signed_out(client, thread, member):
    client.force_login(member)
    assert own_post_controls(thread) in read(client, thread)

    member.set_password("a-new-pass-phrase-2026")
    member.save()
    text = read(client, thread)

    assert own_post_controls(thread) not in text
    assert "Log in" in text


def test_expired_session_shows_the_page_signed_out(client, thread, member):
    client.force_login(member)
    read(client, thread)
    Session.objects.filter(user_id=member.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    text = read(client, thread)

    assert own_post_controls(thread) not in text
    assert "Log in" in text


def test_private_club_thread_is_a_404_once_the_session_has_expired(client, thread, member):
    Club.objects.filter(pk=thread.club_id).update(visibility=Club.Visibility.PRIVATE)
    client.force_login(member)
    read(client, thread)
    Session.objects.filter(user_id=member.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert client.get(thread.get_absolute_url()).status_code == 404


def test_page_follows_the_person_the_session_signs_in_not_the_rows_user_column(
    client, thread, member, reading
):
    other = member_of(reading.club)
    client.force_login(other)
    # The session's own data names `other`; a row claiming `member` must not change that.
    Session.objects.filter(user_id=other.pk).update(user_id=member.pk)

    text = read(client, thread)

    assert own_post_controls(thread) not in text
    assert "Log out" in text
