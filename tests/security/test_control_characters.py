"""Control characters: every form strips them, every renderer survives them.

Text can reach the database without a form (an import, the admin, text stored before forms
cleaned it), so each renderer is tried with every character of the range written straight
into the rows it shows: the Atom feeds (XML refuses them), the ICS feeds (RFC 5545 forbids
them), the thread page and a notification email.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.dom import minidom

import icalendar
import pytest
from django.core.management import call_command
from django.forms import BaseForm
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Membership
from bookclub.core.forms import PlainTextMixin
from discussions.models import Post, Thread
from readings.models import Book
from tests.conftest import member_of
from tests.discussions.conftest import make_reading
from tests.discussions.test_notifications import reply, start
from tests.factories import ClubFactory
from tests.security.forms import submit
from tests.security.test_xss_fields import FIELDS, World, world  # noqa: F401

pytestmark = pytest.mark.django_db

CONTROLS = [chr(code) for code in range(0x20)] + ["\x7f", "\ufffe", "\uffff"]
# PostgreSQL stores every one of them but NUL, which it refuses (forms strip it first).
STORABLE = CONTROLS[1:]
# What no rendered page, feed or email may hold (tab, LF and CR are ordinary there).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _dirty(char: str, word: str) -> str:
    return f"{word}{char}marked"


def _spoil_rows(thread: Thread, char: str) -> None:
    """Put `char` into everything a feed, page or email shows, bypassing every form."""
    Thread.objects.filter(pk=thread.pk).update(title=_dirty(char, "Title"))
    Post.objects.filter(thread=thread, number=1).update(
        body=_dirty(char, "Body"),
        body_html=f"<p>{_dirty(char, 'Body')}</p>",
        body_text=_dirty(char, "Body"),
    )
    Post.objects.filter(thread=thread, number=2).update(content_warning=_dirty(char, "Warning"))
    User.objects.filter(pk=thread.author_id).update(display_name=_dirty(char, "Author"))
    Club.objects.filter(pk=thread.club_id).update(name=_dirty(char, "Club"))


# Renderers


@pytest.mark.parametrize("char", STORABLE, ids=_code)
def test_atom_feeds_stay_valid_xml_with_any_control_character(char):
    club = ClubFactory()
    reading = make_reading(club)
    author = member_of(club)
    thread = start(reading, author)
    reply(thread, author, body="A warned reply")
    _spoil_rows(thread, char)
    token = Membership.objects.get(user=author).discussion_feed_token
    feeds = [
        reverse("discussions:feed-public", kwargs={"club_slug": club.slug}),
        reverse("discussions:feed-private", kwargs={"club_slug": club.slug, "token": token}),
    ]

    for url in feeds:
        response = Client().get(url)

        assert response.status_code == 200, url
        text = response.content.decode()
        minidom.parseString(response.content)  # raises on anything XML 1.0 refuses
        assert not FORBIDDEN.search(text)
        for word in ("Title", "Body", "Warning", "Author", "Club"):
            assert re.search(word + r"\s?marked", text), (url, word)


@pytest.mark.parametrize("char", STORABLE, ids=_code)
def test_ics_feeds_hold_no_control_character(char):
    club = ClubFactory()
    reading = make_reading(club)
    member = member_of(club)
    meeting = timezone.now() + dt.timedelta(days=3)
    reading.entries.update(
        meeting_at=meeting,
        meeting_place=_dirty(char, "Place"),
        prompts=f"{_dirty(char, 'Prompt')}\nSecond prompt",
    )
    Book.objects.filter(pk=reading.book_id).update(title=_dirty(char, "Book"))
    Club.objects.filter(pk=club.pk).update(name=_dirty(char, "Club"))
    token = Membership.objects.get(user=member).calendar_token
    client = Client()
    client.force_login(member)
    personal = client.get(reverse("user_calendar:detail"))
    assert personal.status_code == 200
    feeds = [
        reverse("readings:calendar-public", kwargs={"club_slug": club.slug}),
        reverse("readings:calendar-private", kwargs={"club_slug": club.slug, "token": token}),
        re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', personal.text)[1],
    ]

    for url in feeds:
        response = Client().get(url)

        assert response.status_code == 200, url
        calendar = icalendar.Calendar.from_ical(response.content)
        assert not FORBIDDEN.search(response.content.decode().replace("\t", "")), url
        text = "".join(str(event.get("description")) for event in calendar.walk("VEVENT"))
        # Line breaks split a prompt in two, as they do on the schedule page.
        assert re.search(r"Prompt[\s-]*marked", text) and re.search(r"Book\s?marked", text)


@pytest.mark.parametrize("char", STORABLE, ids=_code)
def test_thread_page_renders_with_any_control_character(char):
    club = ClubFactory()
    reading = make_reading(club)
    author = member_of(club)
    thread = start(reading, author)
    reply(thread, author, body="A warned reply")
    _spoil_rows(thread, char)
    client = Client()
    client.force_login(member_of(club))

    response = client.get(Thread.objects.get(pk=thread.pk).get_absolute_url())

    assert response.status_code == 200
    assert "Body" in response.text and "marked" in response.text


@pytest.mark.parametrize("char", STORABLE, ids=_code)
def test_notification_email_body_holds_no_control_character(char, mailoutbox):
    club = ClubFactory()
    reading = make_reading(club)
    author, follower = member_of(club), member_of(club)
    thread = start(reading, author)
    quoted, warned = reply(thread, follower), reply(thread, follower)
    # The digest's subject is fixed, so names and titles may be spoiled too.
    Thread.objects.filter(pk=thread.pk).update(title=_dirty(char, "Title"))
    Club.objects.filter(pk=club.pk).update(name=_dirty(char, "Club"))
    User.objects.filter(pk=follower.pk).update(display_name=_dirty(char, "Actor"))
    Post.objects.filter(pk=quoted.pk).update(body_text=_dirty(char, "Body"))
    Post.objects.filter(pk=warned.pk).update(content_warning=_dirty(char, "Warning"))

    call_command("send_digests", stdout=io.StringIO())

    (mail,) = mailoutbox
    assert mail.to == [author.email]
    mail.message().as_bytes()  # it can be serialised for sending
    assert not FORBIDDEN.search(mail.body)
    for word in ("Title", "Club", "Actor", "Body", "Warning"):
        assert re.search(word + r"[\s>]*marked", mail.body), word  # quoted lines start "> "


# Forms: every text field, through its own page


ALL_CONTROLS = "".join(CONTROLS)


@pytest.mark.parametrize("name", FIELDS)
def test_every_text_field_strips_control_characters(name, world):  # noqa: F811
    build, field = FIELDS[name]
    payload = f"Before{ALL_CONTROLS}After"
    client, page, field_name, extra, action, pages = build(world, field)(payload)

    response = submit(client, page, field_name, {**extra, field_name: payload}, action)

    assert response.status_code < 500, (name, response.status_code)
    owner = world.client(world.owner)
    shown = [response] + [who.get(url) for url in pages for who in (client, owner)]
    for rendered in shown:
        assert rendered.status_code < 500
        assert not FORBIDDEN.search(rendered.content.decode()), (name, rendered.request)


def test_thread_form_keeps_lines_only_where_a_textarea_allows_them(client, club):
    reading = make_reading(club)
    client.force_login(member_of(club))
    page = reverse("discussions:thread-create", args=[club.slug, reading.pk])

    response = submit(
        client,
        page,
        "title",
        {
            "title": "Two\r\nlines\tand\x0ba tab",
            "body": "First line\r\nsecond\rthird\twith a tab\x00\x1b",
            "content_warning": "War\nning",
        },
    )

    assert response.status_code == 200 and response.redirect_chain
    thread = Thread.objects.get(club=club)
    first = thread.posts.get(number=1)
    assert thread.title == "Two lines and a tab"
    assert first.body == "First line\nsecond\nthird\twith a tab"
    assert first.content_warning == "War ning"


@pytest.mark.parametrize("char", CONTROLS, ids=_code)
def test_reply_form_strips_each_control_character(client, club, char):
    reading = make_reading(club)
    author = member_of(club)
    thread = start(reading, author)
    client.force_login(author)
    body = f"Kept{char}words"

    response = submit(
        client,
        thread.get_absolute_url(),
        "body",
        {"body": body, "content_warning": f"Careful{char}now"},
        reverse("discussions:post-create", args=[club.slug, thread.pk]),
    )

    assert response.status_code == 200 and response.redirect_chain
    post = thread.posts.get(number=2)
    assert not FORBIDDEN.search(post.body + post.content_warning)
    assert post.body.startswith("Kept") and post.body.endswith("words")
    assert "\r" not in post.body and "\n" not in post.content_warning


def _project_forms() -> list[type]:
    assert get_resolver().url_patterns  # imports every view, so every form class exists
    found, todo = [], [BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {"bookclub", "readings", "discussions"}:
            found.append(cls)
    return found


def test_every_project_form_cleans_its_text():
    """A new form that forgets the shared base would take control characters again."""
    forms = _project_forms()

    assert len(forms) > 20
    assert [form for form in forms if not issubclass(form, PlainTextMixin)] == []
