"""Meeting links lead where they read: https:// only (http:// once confirmed), no login in the
address, no look-alike hosts, and a host in other letters shown in punycode beside the link."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from readings import calendar
from readings.models import ScheduleEntry
from readings.tasks import send_meeting_reminder
from tests.conftest import member_of
from tests.factories import BookFactory, ReadingFactory, ScheduleEntryFactory
from tests.readings.conftest import START

pytestmark = pytest.mark.django_db

CYRILLIC_A = "\u0430"

REFUSED = {
    "look-alike host": (
        f"https://ex{CYRILLIC_A}mple.org/room",
        "mixes letters of different alphabets (Cyrillic and Latin)",
    ),
    "punycode look-alike": (
        "https://xn--exmple-4nf.org/room",
        "mixes letters of different alphabets (Cyrillic and Latin)",
    ),
    "name and password": (
        "https://reader:secret@example.org/room",
        "Take out the part before “@” (reader:secret@)",
    ),
    "scheme-relative": ("//example.org/room", "Write the whole address, starting with https://."),
    "ftp": ("ftp://example.org/room", "must start with https:// (this one starts with ftp://)"),
    "script": ("javascript:alert(1)", "must start with https://"),
    "http unconfirmed": ("http://example.org/room", "This link starts with http://"),
}


def _entry_form(client, draft, link: str, **extra):
    return client.post(
        reverse(
            "readings:entry-create", kwargs={"club_slug": draft.club.slug, "reading_id": draft.pk}
        ),
        {
            "schedule_version": "0",
            "first_chapter": "1",
            "last_chapter": "2",
            "due_on": "2026-01-12",
            "meeting_at": "2026-01-12T19:30",
            "meeting_minutes": "90",
            "meeting_url": link,
            **extra,
        },
    )


@pytest.fixture
def admin_client(client, club):
    client.force_login(member_of(club, "admin"))
    return client


@pytest.mark.parametrize("case", list(REFUSED))
def test_entry_form_refuses_a_misleading_link_with_a_message_and_the_text_kept(
    admin_client, draft, case
):
    link, message = REFUSED[case]
    response = _entry_form(admin_client, draft, link)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert message in page
    assert f'value="{link}"' in page, "the typed link is kept"
    assert not ScheduleEntry.objects.filter(reading=draft).exists()


@pytest.mark.parametrize("case", ["look-alike host", "name and password", "ftp"])
def test_spread_form_refuses_a_misleading_link_too(admin_client, draft, case):
    link, message = REFUSED[case]
    response = admin_client.post(
        reverse(
            "readings:schedule-spread",
            kwargs={"club_slug": draft.club.slug, "reading_id": draft.pk},
        ),
        {"schedule_version": "0", "every_days": "7", "meeting_time": "19:00", "meeting_url": link},
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert message in page and f'value="{link}"' in page
    assert not draft.entries.exists()


def test_http_link_is_kept_once_the_admin_confirms_it(admin_client, draft):
    response = _entry_form(admin_client, draft, "http://example.org/room", meeting_url_http_ok="on")
    assert response.status_code == 302
    assert ScheduleEntry.objects.get(reading=draft).meeting_url == "http://example.org/room"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("meet.example.org/room", "https://meet.example.org/room"),
        ("  https://meet.example.org/room  ", "https://meet.example.org/room"),
        ("https://münchen.example/room", "https://münchen.example/room"),
        ("https://пример.example/room", "https://пример.example/room"),
    ],
)
def test_plain_and_single_alphabet_links_are_accepted(admin_client, draft, typed, kept):
    assert _entry_form(admin_client, draft, typed).status_code == 302
    assert ScheduleEntry.objects.get(reading=draft).meeting_url == kept


# Wherever the link is shown, a host in other letters is spelled out in punycode beside it.


@pytest.fixture
def idn_meeting(club):
    reading = ReadingFactory(club=club, book=BookFactory(chapters=4), starts_on=START)
    return ScheduleEntryFactory(
        reading=reading,
        first=1,
        last=2,
        due_on=timezone.localdate() + dt.timedelta(days=1),
        meeting_at=timezone.now() + dt.timedelta(hours=20),
        meeting_url="https://münchen.example/room",
    )


PUNYCODE = "xn--mnchen-3ya.example"


def test_schedule_shows_the_punycode_host_beside_the_link(client, club, idn_meeting):
    client.force_login(member_of(club))
    page = client.get(idn_meeting.reading.get_absolute_url()).content.decode()
    assert 'href="https://münchen.example/room"' in page
    assert f"(address: {PUNYCODE})" in page


def test_schedule_shows_no_punycode_for_a_plain_host(client, club, idn_meeting):
    idn_meeting.meeting_url = "https://meet.example.org/room"
    idn_meeting.save()
    client.force_login(member_of(club))
    page = client.get(idn_meeting.reading.get_absolute_url()).content.decode()
    assert 'href="https://meet.example.org/room"' in page and "(address:" not in page


def test_calendar_and_reminder_email_spell_the_host_out(club, idn_meeting):
    ics = calendar.build_calendar("Club", [idn_meeting]).decode()
    assert PUNYCODE in ics.replace("\r\n ", "")
    person = member_of(club)
    idn_meeting.rsvps.create(user=person, answer="going")
    send_meeting_reminder.enqueue(entry_id=idn_meeting.pk)
    body = mail.outbox[-1].body
    assert f"Online: https://münchen.example/room (address: {PUNYCODE})" in body
