"""A form's idempotency key belongs to the person who posted it: someone else's key (read from
a shared page, a log, a guess) creates that person's own post and never leads into another's."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Post, Thread
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading


@pytest.fixture
def stolen_key(private_club):
    """The key of a thread a moderator opened in a private club the attacker is not in."""
    key = uuid.uuid4()
    reading = make_reading(private_club)
    services.create_thread(
        reading=reading,
        actor=acting(member_of(private_club, "moderator"), reading.club),
        title="Safety plan for Friday",
        body="Only for us",
        idempotency_key=key,
    )
    return key


@pytest.fixture
def reading(club):
    return make_reading(club)


def test_new_thread_with_another_persons_key_creates_own_thread(client, reading, stolen_key):
    person = member_of(reading.club)
    client.force_login(person)

    response = client.post(
        reverse("discussions:thread-create", args=[reading.club.slug, reading.pk]),
        {
            "title": "My own question",
            "place": "general",
            "body": "Mine",
            "content_warning": "",
            "idempotency_key": str(stolen_key),
        },
    )

    mine = Thread.objects.get(title="My own question")
    assert response.status_code == 302 and response.url == mine.get_absolute_url()
    assert mine.author == person and mine.club == reading.club
    assert "Safety plan" not in client.get(response.url).text


def test_reply_with_another_persons_key_creates_own_post(client, reading, stolen_key):
    person = member_of(reading.club)
    thread = services.create_thread(
        reading=reading, actor=acting(person, reading.club), title="Open", body="Hi"
    )
    client.force_login(person)

    response = client.post(
        reverse("discussions:post-create", args=[reading.club.slug, thread.pk]),
        {"body": "My reply", "content_warning": "", "idempotency_key": str(stolen_key)},
    )

    assert response.status_code == 302
    reply = Post.objects.get(body="My reply")
    assert reply.author == person and reply.thread == thread
    assert response.url.startswith(thread.get_absolute_url())


def test_same_key_twice_from_the_same_person_still_creates_one_post(reading):
    person = member_of(reading.club)
    thread = services.create_thread(
        reading=reading, actor=acting(person, reading.club), title="Open", body="Hi"
    )
    key = uuid.uuid4()

    first = services.create_post(
        thread=thread, actor=acting(person, thread.club), body="Once", idempotency_key=key
    )
    again = services.create_post(
        thread=thread, actor=acting(person, thread.club), body="Once", idempotency_key=key
    )

    assert first == again and thread.posts.count() == 2
