"""Notification emails: immediate or digest, once per thread until visited, spoiler-safe."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from bookclub.clubs.models import Membership
from discussions.notifications.models import EmailMode, Notification
from tests.conftest import member_of
from tests.discussions.conftest import mark_read
from tests.discussions.test_notifications import chapter, email_mode, reply, start


@pytest.fixture
def other(club):
    return member_of(club, "member")


def digests() -> str:
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    return out.getvalue()


def test_email_immediate_for_a_mention_by_default(reading, member, other, mailoutbox):
    thread = start(reading, member, title="Borders")

    reply(thread, member, body=f"@{other.display_name} what do you make of this?")

    (mail,) = mailoutbox
    assert mail.to == [other.email]
    assert mail.subject == f"[{reading.club.name}] {member.display_name} mentioned you in “Borders”"
    assert "what do you make of this?" in mail.body
    post = thread.posts.get(number=2)
    assert f"http://testserver/c/{reading.club.slug}/p/{post.pk}/" in mail.body
    assert Notification.objects.get(recipient=other).email == "sent"


def test_email_followed_thread_waits_for_the_digest_by_default(reading, member, other, mailoutbox):
    thread = start(reading, member)

    reply(thread, other, body="First reply")
    reply(thread, other, body="Second reply")

    assert mailoutbox == []
    digests()
    (mail,) = mailoutbox
    assert mail.to == [member.email] and mail.subject == "[Bookclub] 2 new notifications"
    assert "First reply" in mail.body and "Second reply" in mail.body


def test_send_digests_twice_sends_once(reading, member, other, mailoutbox):
    thread = start(reading, member)
    reply(thread, other)

    digests()
    digests()

    assert len(mailoutbox) == 1
    assert Notification.objects.get(recipient=member).email == "sent"


def test_email_off_sends_nothing_but_keeps_the_notification(reading, member, other, mailoutbox):
    email_mode(other, direct=EmailMode.OFF, following=EmailMode.OFF)
    thread = start(reading, member)

    reply(thread, member, body=f"@{other.display_name} hi")
    digests()

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=other).count() == 1


def test_email_immediate_for_followed_thread_when_chosen(reading, member, other, mailoutbox):
    email_mode(member, following=EmailMode.IMMEDIATE)
    thread = start(reading, member, title="Labour")

    reply(thread, other, body="A new angle")

    (mail,) = mailoutbox
    assert mail.subject == f"[{reading.club.name}] {other.display_name} posted in “Labour”"


def test_email_at_most_once_per_thread_until_the_member_visits(
    client, reading, member, other, mailoutbox
):
    email_mode(member, following=EmailMode.IMMEDIATE)
    thread = start(reading, member)

    reply(thread, other, body="one")
    reply(thread, other, body="two")
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=member).count() == 2  # both in the app

    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 200
    reply(thread, other, body="three")

    assert len(mailoutbox) == 2 and "three" in mailoutbox[1].body


def test_email_once_per_thread_counts_digests_too(reading, member, other, mailoutbox):
    thread = start(reading, member)
    reply(thread, other, body="one")
    digests()

    reply(thread, other, body="two")
    digests()

    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=member, email="skipped").count() == 1


def test_digest_leaves_out_what_the_member_already_read(client, reading, member, other, mailoutbox):
    thread = start(reading, member)
    reply(thread, other)
    client.force_login(member)
    client.get(thread.get_absolute_url())

    digests()

    assert mailoutbox == []


def test_digest_leaves_out_clubs_the_member_was_banned_from(reading, member, other, mailoutbox):
    thread = start(reading, member)
    reply(thread, other)
    Membership.objects.filter(user=member).update(status=Membership.Status.BANNED)

    digests()

    assert mailoutbox == []


def test_email_shows_display_names_and_no_other_addresses(reading, member, other, mailoutbox):
    email_mode(member, following=EmailMode.IMMEDIATE)
    thread = start(reading, member)
    third = member_of(reading.club)

    reply(thread, other, body=f"Agreeing with @{third.display_name}")

    to_member, to_third = sorted(mailoutbox, key=lambda m: m.to != [member.email])
    assert other.display_name in to_member.subject and other.display_name in to_third.subject
    assert to_member.to == [member.email] and to_third.to == [third.email]
    for mail in mailoutbox:
        message = mail.message().as_string()
        assert other.email not in message and not mail.cc and not mail.bcc
    assert third.email not in to_member.message().as_string()
    assert member.email not in to_third.message().as_string()


def test_email_does_not_quote_a_post_beyond_the_recipients_progress(
    reading, member, other, mailoutbox
):
    mark_read(reading, other, 2)
    thread = start(reading, member, title="Endings", anchor_chapter=chapter(reading, 1))

    reply(
        thread,
        member,
        body=f"@{other.display_name} the twist: the narrator organizes the strike",
        anchor_chapter=chapter(reading, 5),
    )

    (mail,) = mailoutbox
    assert "narrator" not in mail.body and "strike" not in mail.body
    assert "a post about Chapter 5" in mail.body


def test_email_hides_a_thread_title_beyond_the_recipients_progress(
    reading, member, other, mailoutbox
):
    thread = start(reading, member, title="The strike wins", anchor_chapter=chapter(reading, 6))

    reply(thread, member, body=f"@{other.display_name} see?", anchor_chapter=chapter(reading, 6))

    (mail,) = mailoutbox
    assert "strike" not in mail.subject and "strike" not in mail.body
    assert "a thread about Chapter 6" in mail.subject


def test_email_quotes_a_post_within_the_recipients_progress(reading, member, other, mailoutbox):
    mark_read(reading, other, 5)
    thread = start(reading, member, anchor_chapter=chapter(reading, 1))

    reply(
        thread,
        member,
        body=f"@{other.display_name} chapter five",
        anchor_chapter=chapter(reading, 5),
    )

    assert "chapter five" in mailoutbox[0].body


def test_email_does_not_quote_a_post_with_a_content_warning(reading, member, other, mailoutbox):
    thread = start(reading, member)

    reply(thread, member, body=f"@{other.display_name} hard story", content_warning="violence")

    assert "hard story" not in mailoutbox[0].body
    assert "content warning (violence)" in mailoutbox[0].body


def test_email_carries_one_click_unsubscribe_headers(reading, member, other, mailoutbox):
    thread = start(reading, member)

    reply(thread, member, body=f"@{other.display_name} hi")

    mail = mailoutbox[0]
    link = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://testserver/notifications/unsubscribe/")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail.body


def test_email_skipped_when_the_member_left_before_it_was_sent(
    reading, member, other, mailoutbox, monkeypatch
):
    from discussions.notifications import fanout, tasks

    monkeypatch.setattr(fanout, "send_notification_emails", SimpleNamespace(enqueue=lambda **kw: 0))
    thread = start(reading, member)
    post = reply(thread, member, body=f"@{other.display_name} hi")
    Membership.objects.filter(user=other).delete()
    monkeypatch.undo()

    assert tasks.send_notification_emails.call(post_id=post.pk) == 0
    assert mailoutbox == []
    assert Notification.objects.get(recipient=other).email == "skipped"
