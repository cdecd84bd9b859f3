"""Every email the project sends has a one-line subject whatever the stored text holds, and an
email that cannot be sent is logged with the reason and tried again, never silently lost."""

from __future__ import annotations

import io
import logging
import smtplib
import uuid
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bookclub.clubs import tasks as club_tasks
from bookclub.clubs.models import Club, Membership
from bookclub.mail import SUBJECT_MAX_LENGTH, email_subject
from discussions.models import Thread
from discussions.moderation import actions as moderation
from discussions.moderation.tasks import email_report_closed
from discussions.notifications.models import Notification
from readings.models import Rsvp, ScheduleEntry
from readings.tasks import send_meeting_reminder
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.discussions.test_notifications import email_mode, reply, start
from tests.factories import InvitationFactory, JoinRequestFactory

BROKEN = "Borders\r\nand\x0bwalls\x1f\u2028again"


@given(st.text())
def test_email_subject_of_any_text_is_one_valid_line(text):
    subject = email_subject(text)

    assert "\n" not in subject and "\r" not in subject
    assert len(subject) <= SUBJECT_MAX_LENGTH
    EmailMessage(subject=subject, body="", to=["someone@example.org"]).message()


def test_email_subject_keeps_ordinary_text():
    assert email_subject("[Rowan & Sol] Ana mentioned you in “Borders”") == (
        "[Rowan & Sol] Ana mentioned you in “Borders”"
    )
    assert email_subject(BROKEN) == "Borders and walls again"


@pytest.fixture
def reading(club):
    Club.objects.filter(pk=club.pk).update(name=f"Rowan\nSol {club.pk}")
    club.refresh_from_db()
    return make_reading(club)


def one_line_subjects(mailoutbox) -> list[str]:
    assert mailoutbox, "no email was sent"
    for mail in mailoutbox:
        assert "\n" not in mail.subject and "\r" not in mail.subject
        mail.message()  # headers valid
    return [mail.subject for mail in mailoutbox]


def test_notification_email_for_a_title_with_a_line_break_is_sent(reading, mailoutbox):
    author, reader = member_of(reading.club), member_of(reading.club)
    thread = start(reading, author, title="Borders")
    Thread.objects.filter(pk=thread.pk).update(title="Borders\nand walls")

    reply(thread, author, body=f"@{reader.display_name} look")

    (subject,) = one_line_subjects(mailoutbox)
    assert subject.endswith("mentioned you in “Borders and walls”")


def test_digest_for_a_title_with_a_line_break_is_sent(reading, mailoutbox):
    author, reader = member_of(reading.club), member_of(reading.club)
    thread = start(reading, reader, title="Borders")
    Thread.objects.filter(pk=thread.pk).update(title=BROKEN)
    reply(thread, author, body="A reply")

    call_command("send_digests", stdout=io.StringIO())

    (subject,) = one_line_subjects(mailoutbox)
    assert subject == "[Bookclub] 1 new notification"


def send_club_emails(club):
    admin = member_of(club, "admin")
    JoinRequestFactory(club=club)
    club_tasks.email_admins_about_request.enqueue(join_request_id=club.join_requests.get().pk)
    invitation = InvitationFactory(club=club, email="new@example.org", created_by=admin)
    club_tasks.email_invitation.enqueue(invitation_id=invitation.pk)
    membership = Membership.objects.get(club=club, user=member_of(club))
    club_tasks.email_warning.enqueue(membership_id=membership.pk, reason="Line\none")


def send_meeting_reminders(club):
    entry = ScheduleEntry.objects.filter(reading__club=club).first()
    ScheduleEntry.objects.filter(pk=entry.pk).update(meeting_at=timezone.now() + timedelta(1))
    Rsvp.objects.create(entry=entry, user=member_of(club), answer=Rsvp.Answer.GOING)
    send_meeting_reminder.enqueue(entry_id=entry.pk)


def send_report_closed(club):
    reading = club.readings.first()
    author, reporter = member_of(club), member_of(club)
    post = start(reading, author).posts.get()
    report = moderation.report_post(
        actor=acting(reporter, post.thread.club), post=post, reason="spam"
    )
    moderation.hide_post(
        actor=acting(member_of(club, "moderator"), post.thread.club), post=post, reason="spam"
    )
    email_report_closed.enqueue(report_id=report.pk)


@pytest.mark.parametrize("send", [send_club_emails, send_meeting_reminders, send_report_closed])
def test_every_email_with_a_broken_club_name_has_a_one_line_subject(
    reading, send, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(reading.club)

    for subject in one_line_subjects(mailoutbox):
        assert f"Rowan Sol {reading.club.pk}" in subject or "Bookclub" in subject


@pytest.fixture
def failing_mail(monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"mailbox unavailable")})

    monkeypatch.setattr(EmailMessage, "send", refuse)


def test_failed_notification_email_is_logged_and_left_for_the_digest(
    reading, failing_mail, caplog, monkeypatch, mailoutbox
):
    author, reader = member_of(reading.club), member_of(reading.club)
    email_mode(reader)
    thread = start(reading, author, title="Borders")

    with caplog.at_level(logging.ERROR, logger="bookclub.mail"):
        post = reply(thread, author, body=f"@{reader.display_name} look")

    notification = Notification.objects.get(recipient=reader, post=post)
    (record,) = [r for r in caplog.records if r.name == "bookclub.mail"]
    assert record.levelno == logging.ERROR
    assert "mailbox unavailable" in record.getMessage()
    assert f"notification {notification.pk}" in record.getMessage()
    assert reader.email not in record.getMessage()
    assert notification.email == Notification.Email.DIGEST

    monkeypatch.undo()  # the mail server is back: the next digest sends it
    call_command("send_digests", stdout=io.StringIO())
    (mail,) = mailoutbox
    assert mail.to == [reader.email] and "look" in mail.body


def test_failed_digest_is_logged_and_tried_again(reading, failing_mail, caplog, monkeypatch):
    author, reader = member_of(reading.club), member_of(reading.club)
    thread = start(reading, reader, title="Borders")
    reply(thread, author, body="A reply")

    with caplog.at_level(logging.ERROR, logger="bookclub.mail"):
        call_command("send_digests", stdout=io.StringIO())

    assert any("mailbox unavailable" in r.getMessage() for r in caplog.records)
    assert Notification.objects.get(recipient=reader).email == Notification.Email.DIGEST


def test_thread_form_makes_a_title_one_line(client, reading):
    person = member_of(reading.club)
    client.force_login(person)

    response = client.post(
        reverse("discussions:thread-create", args=[reading.club.slug, reading.pk]),
        {
            "title": "Borders\r\n\r\nand walls",
            "place": "general",
            "body": "Opening",
            "content_warning": "",
            "idempotency_key": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 302
    assert Thread.objects.get(author=person).title == "Borders and walls"
