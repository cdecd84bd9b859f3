"""The thread page as Django's own sessions sign its reader in (or out)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from bookclub.clubs.models import Club
from discussions import services
from discussions.models import Post, Thread
from tests.conftest import acting

pytestmark = pytest.mark.django_db

POSTED_AT = dt.datetime(2026, 3, 1, 22, 30, tzinfo=dt.UTC)


def expire_sessions() -> None:
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))


@pytest.fixture
def thread(reading, member):
    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Session talk",
        body="Words of the author",
    )
    Post.objects.filter(thread=thread).update(created_at=POSTED_AT)
    return Thread.objects.select_related("club").get(pk=thread.pk)


def read(client, thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.text


def own_post_controls(thread) -> str:
    return f"/p/{thread.posts.get(number=1).pk}/edit/"


def test_thread_page_dates_show_in_the_readers_own_time_zone(client, thread, member):
    member.time_zone = "Asia/Tokyo"
    member.save()
    client.force_login(member)

    assert "2 Mar 2026, 07:30" in read(client, thread)  # 22:30 UTC is 07:30 next day in Tokyo
    client.logout()
    assert "1 Mar 2026, 22:30" in read(client, thread)


def test_thread_page_after_a_password_change_elsewhere_is_signed_out(client, thread, member):
    client.force_login(member)
    assert own_post_controls(thread) in read(client, thread)

    member.set_password("a-new-pass-phrase-2026")
    member.save()
    text = read(client, thread)

    assert own_post_controls(thread) not in text
    assert "Log in" in text


def test_thread_page_after_the_session_expired_is_signed_out(client, thread, member):
    client.force_login(member)
    read(client, thread)
    expire_sessions()

    text = read(client, thread)

    assert own_post_controls(thread) not in text
    assert "Log in" in text


def test_private_club_thread_is_a_404_once_the_session_has_expired(client, thread, member):
    Club.objects.filter(pk=thread.club_id).update(visibility=Club.Visibility.PRIVATE)
    client.force_login(member)
    read(client, thread)
    expire_sessions()

    assert client.get(thread.get_absolute_url()).status_code == 404
