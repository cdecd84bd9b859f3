"""The thread page shows every change at once, and each reader only their own view of it.

Each test reads a page, changes something, and reads it again (or reads it as someone else).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from bookclub.accounts.models import Block
from bookclub.clubs.models import Membership
from discussions import services
from discussions.models import Thread
from discussions.moderation import actions as moderation
from tests.conftest import acting, member_of
from tests.discussions.conftest import mark_read


@pytest.fixture
def thread(reading, member):
    chapters = list(reading.book.chapters.order_by("position"))
    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Cached talk",
        body="Opening words",
    )
    other = member_of(reading.club)
    services.create_post(
        thread=thread,
        actor=acting(other, thread.club),
        body="Late twist talk",
        anchor_chapter=chapters[4],
    )
    return Thread.objects.select_related("club").get(pk=thread.pk)


def page(client, thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_thread_page_shows_an_edit_after_a_first_reading(client, thread, member):
    client.force_login(member)
    page(client, thread)
    first = thread.posts.get(number=1)
    services.edit_post(
        post=first,
        actor=acting(member, first.thread.club),
        body="Rewritten words",
        version=first.version,
    )

    text = page(client, thread)

    assert "Rewritten words" in text
    assert "Opening words" not in text
    assert "· edited" in text


def test_thread_page_shows_a_deletion_after_a_first_reading(client, thread, member):
    client.force_login(member)
    assert "Opening words" in page(client, thread)
    services.delete_post(actor=acting(member, thread.club), post=thread.posts.get(number=1))

    text = page(client, thread)

    assert "This post was deleted." in text
    assert "Opening words" not in text


def test_thread_page_shows_a_reaction_and_its_pressed_state_only_to_the_reactor(
    client, thread, member, reading
):
    other = member_of(reading.club)
    client.force_login(other)
    page(client, thread)
    client.force_login(member)
    page(client, thread)
    services.toggle_reaction(
        actor=acting(member, thread.club), post=thread.posts.get(number=1), kind="love"
    )

    mine = page(client, thread)
    client.force_login(other)
    theirs = page(client, thread)

    assert 'value="love" class="reaction small" aria-pressed="true"' in mine
    assert 'value="love" class="reaction small" aria-pressed="false"' in theirs
    assert "</span> 1</button>" in theirs


def test_thread_page_shows_a_new_post_after_a_first_reading(client, thread, member):
    client.force_login(member)
    page(client, thread)
    services.create_post(thread=thread, actor=acting(member, thread.club), body="A brand new reply")

    assert "A brand new reply" in page(client, thread)


def test_thread_page_shows_pin_and_lock_after_a_first_reading(client, thread, member, reading):
    moderator = member_of(reading.club, "moderator")
    client.force_login(member)
    assert "Post reply" in page(client, thread)
    moderation.pin_thread(
        actor=acting(moderator, thread.club), thread=thread, pinned=True, reason="Guide"
    )
    moderation.lock_thread(
        actor=acting(moderator, thread.club), thread=thread, locked=True, reason="Closed"
    )

    text = page(client, thread)

    assert "Pinned</span>" in text
    assert "This thread is locked" in text
    assert "Post reply" not in text
    assert "&amp;quote=" not in text  # no reply links on the posts either


def test_thread_page_reveals_posts_once_the_viewer_reads_further(client, thread, reading):
    reader = member_of(reading.club)
    client.force_login(reader)
    assert "1 post on this page discusses later chapters" in page(client, thread)

    mark_read(reading, reader, 5)
    text = page(client, thread)

    assert "discusses later chapters" not in text
    assert "post-gated" not in text


def test_thread_page_read_by_one_reader_stays_gated_for_another(client, thread, reading):
    ahead = member_of(reading.club)
    mark_read(reading, ahead, 6)
    behind = member_of(reading.club)
    client.force_login(ahead)
    assert "post-gated" not in page(client, thread)

    client.force_login(behind)
    text = page(client, thread)

    assert "post-gated" in text
    assert "1 post on this page discusses later chapters" in text


def test_thread_page_read_by_the_author_never_shows_their_controls_to_others(
    client, thread, member, reading
):
    client.force_login(member)
    own = page(client, thread)
    first = thread.posts.get(number=1)
    assert f"/p/{first.pk}/edit/" in own

    client.force_login(member_of(reading.club))
    other = page(client, thread)
    client.logout()
    anonymous = page(client, thread)

    assert f"/p/{first.pk}/edit/" not in other
    assert f"/p/{first.pk}/edit/" not in anonymous
    assert "csrfmiddlewaretoken" not in anonymous


def test_thread_page_carries_each_viewers_own_csrf_token(thread, member, reading):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    page(strict, thread)
    other = member_of(reading.club)
    strict.force_login(other)
    text = page(strict, thread)
    first = thread.posts.get(number=1)
    form = text[text.index(f'id="reactions-{first.pk}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = strict.post(
        reverse("discussions:post-react", args=[reading.club.slug, first.pk]),
        {"kind": "like", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert first.reactions.filter(user=other, kind="like").exists()


def test_thread_page_shows_an_authors_new_display_name(client, thread, member):
    page(client, thread)
    member.display_name = "Renamed Reader"
    member.save()

    assert "Renamed Reader" in page(client, thread)


def theme_list(client, reading, theme) -> str:
    response = client.get(
        reverse(
            "discussions:thread-list-theme",
            kwargs={
                "club_slug": reading.club.slug,
                "reading_id": reading.pk,
                "theme_slug": theme.slug,
            },
        )
    )
    assert response.status_code == 200
    return response.text


def test_thread_list_shows_new_replies_and_unread_state_after_a_reading(client, reading, member):
    theme = reading.book.themes.first()
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Listed", body="x", theme=theme
    )
    reader = member_of(reading.club)
    client.force_login(reader)
    assert "no replies" in theme_list(client, reading, theme)
    client.get(thread.get_absolute_url())
    assert ">New<" not in theme_list(client, reading, theme)

    services.create_post(thread=thread, actor=acting(member, thread.club), body="A reply")
    text = theme_list(client, reading, theme)

    assert "1 reply" in text
    assert "1 unread" in text
    client.force_login(member)
    assert "1 unread" not in theme_list(client, reading, theme)


def test_thread_list_read_by_a_reader_ahead_keeps_titles_gated_for_others(client, reading, member):
    theme = reading.book.themes.first()
    services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Ending talk",
        body="x",
        theme=theme,
        anchor_chapter=reading.book.chapters.get(position=6),
    )
    ahead = member_of(reading.club)
    mark_read(reading, ahead, 6)
    client.force_login(ahead)
    assert "gated-title" not in theme_list(client, reading, theme)

    client.force_login(member_of(reading.club))

    assert "gated-title" in theme_list(client, reading, theme)


def test_thread_page_collapses_a_blocked_authors_posts_only_for_the_blocker(
    client, thread, member, reading
):
    blocker, other = member_of(reading.club), member_of(reading.club)
    client.force_login(blocker)
    assert "someone you blocked" not in page(client, thread)
    Block.objects.create(blocker=blocker, blocked=member)

    assert "Post by someone you blocked" in page(client, thread)
    client.force_login(other)
    assert "someone you blocked" not in page(client, thread)


def test_thread_page_gives_each_reply_form_its_own_idempotency_key(client, thread, member):
    client.force_login(member)
    keys = [
        re.search(r'name="idempotency_key" value="([^"]+)"', page(client, thread)).group(1)
        for _ in range(2)
    ]

    response = client.post(
        reverse("discussions:post-create", args=[thread.club.slug, thread.pk]),
        {"body": "Posted from the page form", "idempotency_key": keys[1]},
    )

    assert keys[0] != keys[1]
    assert response.status_code == 302
    assert thread.posts.filter(body="Posted from the page form").exists()


def test_thread_page_shows_a_renamed_anchor_chapter_after_a_first_reading(client, thread, reading):
    reader = member_of(reading.club)
    client.force_login(reader)
    page(client, thread)
    chapter = thread.posts.get(number=2).anchor_chapter
    chapter.label = "Part Two"
    chapter.save()

    assert "up to Part Two" in page(client, thread)


def test_thread_page_shows_a_renamed_club_to_a_signed_in_reader(client, thread, member):
    client.force_login(member)
    page(client, thread)
    club = thread.club
    club.name = "The Renamed Circle"
    club.save()

    assert "The Renamed Circle" in page(client, thread)


def test_thread_page_shows_the_readers_own_new_name_and_notifications(
    client, thread, member, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page(client, thread)
    assert "badge-accent" not in page(client, thread)
    member.display_name = "Freshname"
    member.save()
    other = member_of(thread.club)
    # A mention in a thread the reader has not opened stays unread.
    with django_capture_on_commit_callbacks(execute=True):
        services.create_thread(
            reading=thread.reading,
            actor=acting(other, thread.reading.club),
            title="Elsewhere",
            body="@Freshname look",
        )

    text = page(client, thread)

    assert "Freshname" in text
    assert re.search(r"Notifications <span class=\"badge[^\"]*\">\d", text)


def test_thread_page_read_again_unchanged_is_the_same_page(client, thread, member):
    client.force_login(member)
    first = page(client, thread)
    again = page(client, thread)

    strip = re.compile(r'value="[0-9a-zA-Z-]{32,}"')  # per-request CSRF tokens and reply keys
    assert strip.sub("", again) == strip.sub("", first)


def test_thread_page_gives_delete_links_to_a_member_made_moderator_after_a_first_reading(
    client, thread, reading
):
    reader = member_of(reading.club)
    others_post = thread.posts.get(number=1)
    client.force_login(reader)
    assert f"/p/{others_post.pk}/delete/" not in page(client, thread)

    Membership.objects.filter(club=reading.club, user=reader).update(role="moderator")

    assert f"/p/{others_post.pk}/delete/" in page(client, thread)


def test_thread_page_shows_each_authors_role_in_the_club(client, reading):
    club = reading.club
    owner, admin, moderator, plain = (
        member_of(club, role) for role in ("owner", "admin", "moderator", "member")
    )
    thread = services.create_thread(
        reading=reading, actor=acting(owner, reading.club), title="Roles", body="Hello"
    )
    for author in (admin, moderator, plain):
        services.create_post(
            thread=thread, actor=acting(author, thread.club), body=f"From {author}"
        )
    thread = Thread.objects.select_related("club").get(pk=thread.pk)

    text = page(client, thread)

    for label in ("Owner", "Admin", "Moderator"):
        assert text.count(f'<span class="badge role-badge">{label}</span>') == 1
    assert 'role-badge">Member' not in text


def test_thread_page_drops_the_role_badge_of_an_author_who_left(client, reading):
    moderator = member_of(reading.club, "moderator")
    thread = services.create_thread(
        reading=reading, actor=acting(moderator, reading.club), title="Gone", body="Hi"
    )
    Membership.objects.filter(user=moderator).delete()

    assert "role-badge" not in page(client, Thread.objects.get(pk=thread.pk))


def test_thread_page_shows_when_a_post_was_edited(client, thread, member):
    first = thread.posts.get(number=1)
    services.edit_post(
        post=first,
        actor=acting(member, first.thread.club),
        body="Second thoughts",
        version=first.version,
    )
    edited_at = dt.datetime(2026, 3, 4, 9, 15, tzinfo=dt.UTC)
    thread.posts.filter(pk=first.pk).update(edited_at=edited_at)

    text = page(client, thread)

    assert '· edited <time datetime="2026-03-04T09:15:00+0000">4 Mar 2026, 09:15</time>' in text
