"""Script in every text field: submitted through the real form, never rendered live.

Each field below is filled with each payload of `PAYLOADS` through its own page, as the role
that may use it; the page after the redirect and the pages listing the value are then parsed
with html.parser: no `<script>` holding the payload, no `on*=` attribute, no `javascript:`
link target. 28 fields x 5 payloads = 140 cases (asserted in `test_xss_case_count`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs.models import JoinRequest, Membership
from discussions import services
from discussions.models import Thread
from readings.models import Reading, Theme
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, UserFactory
from tests.security.forms import submit

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[see this](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
]
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _LiveScript(HTMLParser):
    """Collects every way the markup could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            target = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name in LINK_ATTRIBUTES and target.startswith("javascript:"):
                self.problems.append(f'<{tag} {name}="{value}">')
        self._in_script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.problems.append(f"<script>{data}")


def live_script(html: str) -> list[str]:
    parser = _LiveScript()
    parser.feed(html)
    # Escaped text such as &lt;a href="javascript:…"&gt; is harmless; the parser judges tags.
    if "<script>alert" in html.lower():
        parser.problems.append("<script>alert")
    return parser.problems


@dataclass
class World:
    club: object
    reading: Reading
    owner: object
    moderator: object
    member: object
    thread: object

    def client(self, user) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.club.slug, *args])


@pytest.fixture
def world():
    club = ClubFactory(join_policy="request")
    reading = make_reading(club)
    reading.book.added_by_club = club
    reading.book.save()
    owner = member_of(club, "owner")
    member = member_of(club, "member")
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Borders", body="Hi"
    )
    return World(club, reading, owner, member_of(club, "moderator"), member, thread)


# Each case: (client, page holding the form, field, extra form values, form action or None,
# pages that list the value afterwards). Built per payload so each gets fresh objects.


def club_settings(w: World, field: str):
    def case(payload):
        pages = [w.url("clubs:club-detail"), w.url("clubs:club-conduct"), "/"]
        return w.client(w.owner), w.url("clubs:club-settings"), field, {}, None, pages

    return case


def new_thread(w: World, field: str):
    def case(payload):
        extra = {"title": "A thread", "body": "Opening words"}
        pages = [
            w.url("discussions:thread-index", w.reading.pk),
            w.url("discussions:thread-list-general", w.reading.pk),
            w.url("discussions:thread-search") + "?q=alert",
        ]
        page = w.url("discussions:thread-create", w.reading.pk)
        return w.client(w.member), page, field, extra, None, pages

    return case


def reply(w: World, field: str):
    def case(payload):
        extra = {"body": "A reply"}
        action = w.url("discussions:post-create", w.thread.pk)
        pages = [w.thread.get_absolute_url(), "/notifications/"]
        return w.client(w.member), w.thread.get_absolute_url(), field, extra, action, pages

    return case


def profile(w: World, field: str):
    def case(payload):
        pages = [
            w.url("clubs:membership-list"),
            w.thread.get_absolute_url(),
            w.url("discussions:thread-index", w.reading.pk),
            w.url("clubs:club-detail"),
        ]
        return w.client(w.member), reverse("accounts:settings"), field, {}, None, pages

    return case


def signup(w: World, field: str):
    def case(payload):
        email = f"reader{UserFactory._meta.model.objects.count()}@example.org"
        extra = {"email": email, "password1": "a long pass phrase 42"}
        extra["password2"] = extra["password1"]
        client = Client(raise_request_exception=False)
        return client, reverse("account_signup"), field, extra, None, []

    return case


def report(w: World, field: str):
    def case(payload):
        post = services.create_post(
            thread=w.thread, actor=acting(w.member, w.thread.club), body="Reported words"
        )
        reporter = member_of(w.club)
        page = reverse("moderation:post-report", args=[w.club.slug, post.pk])
        pages = [w.url("moderation:queue")]
        return w.client(reporter), page, field, {"reason": "harassment"}, None, pages

    return case


def invitation_note(w: World, field: str):
    def case(payload):
        pages = [w.url("clubs:invitation-list")]
        return w.client(w.owner), w.url("clubs:invitation-list"), field, {}, None, pages

    return case


def join_message(w: World, field: str):
    def case(payload):
        pages = [w.url("clubs:joinrequest-list")]
        client = w.client(UserFactory())
        extra = {"accept_code_of_conduct": "on"}
        return client, w.url("clubs:club-join"), field, extra, None, pages

    return case


def decline_reason(w: World, field: str):
    def case(payload):
        applicant = UserFactory()
        request = JoinRequest.objects.create(club=w.club, user=applicant, message="Hello")
        action = w.url("clubs:joinrequest-decide", request.pk)
        pages = [w.url("clubs:joinrequest-list")]
        extra = {"decision": "decline"}
        return w.client(w.owner), w.url("clubs:joinrequest-list"), field, extra, action, pages

    return case


def ban_reason(w: World, field: str):
    def case(payload):
        target = Membership.objects.get(user=member_of(w.club), club=w.club)
        page = w.url("clubs:membership-manage", target.pk)
        action = w.url("clubs:membership-ban", target.pk)
        pages = [page, w.url("clubs:membership-list"), w.url("moderation:audit-log")]
        return w.client(w.owner), page, field, {}, action, pages

    return case


def hide_reason(w: World, field: str):
    def case(payload):
        post = services.create_post(
            thread=w.thread, actor=acting(w.member, w.thread.club), body="Words to hide"
        )
        page = reverse("moderation:post-hide", args=[w.club.slug, post.pk])
        pages = [w.thread.get_absolute_url(), w.url("moderation:audit-log")]
        return w.client(w.owner), page, field, {}, None, pages

    return case


def schedule_entry(w: World, field: str):
    def case(payload):
        entry = w.reading.entries.order_by("due_on").first()
        page = w.url("readings:entry-update", w.reading.pk, entry.pk)
        pages = [
            w.url("readings:schedule", w.reading.pk),
            w.url("readings:schedule-edit", w.reading.pk),
            w.url("clubs:club-detail"),
            w.url("discussions:thread-index", w.reading.pk),
            w.url("readings:calendar-detail"),
        ]
        meeting = (timezone.localdate() + dt.timedelta(days=7)).strftime("%Y-%m-%dT19:00")
        return w.client(w.owner), page, field, {"meeting_at": meeting}, None, pages

    return case


def new_reading(w: World, field: str):
    def case(payload):
        today = timezone.localdate()
        extra = {
            "book": "",
            "title": "A new book",
            "authors": "Someone",
            "starts_on": str(today + dt.timedelta(days=100)),
            "ends_on": str(today + dt.timedelta(days=130)),
            "chapter_count": "" if field == "chapter_lines" else "3",
        }
        pages = [w.url("readings:reading-list"), w.url("clubs:club-detail")]
        return w.client(w.owner), w.url("readings:reading-create"), field, extra, None, pages

    return case


def new_theme(w: World, field: str):
    def case(payload):
        extra = {"name": "A theme"}
        page = w.url("readings:theme-list", w.reading.pk)
        action = w.url("readings:theme-create", w.reading.pk)
        pages = [page, w.url("discussions:thread-index", w.reading.pk)]
        return w.client(w.owner), page, field, extra, action, pages

    return case


def chapter_names(w: World, field: str):
    def case(payload):
        pages = [
            w.url("readings:schedule", w.reading.pk),
            w.url("readings:schedule-edit", w.reading.pk),
            w.url("discussions:thread-index", w.reading.pk),
            w.url("discussions:thread-list-chapter", w.reading.pk, 1),
        ]
        page = w.url("readings:chapter-update", w.reading.pk)
        return w.client(w.owner), page, field, {}, None, pages

    return case


FIELDS = {
    "club name": (club_settings, "name"),
    "club description": (club_settings, "description"),
    "club code of conduct": (club_settings, "code_of_conduct"),
    "thread title": (new_thread, "title"),
    "thread opening post": (new_thread, "body"),
    "thread content warning": (new_thread, "content_warning"),
    "reply body": (reply, "body"),
    "reply content warning": (reply, "content_warning"),
    "display name": (profile, "display_name"),
    "bio": (profile, "bio"),
    "pronouns": (profile, "pronouns"),
    "signup display name": (signup, "display_name"),
    "report text": (report, "details"),
    "invitation note": (invitation_note, "note"),
    "join request message": (join_message, "message"),
    "decline reason": (decline_reason, "reason"),
    "ban reason": (ban_reason, "reason"),
    "hide reason": (hide_reason, "reason"),
    "schedule prompts": (schedule_entry, "prompts"),
    "meeting place": (schedule_entry, "meeting_place"),
    "book title": (new_reading, "title"),
    "book subtitle": (new_reading, "subtitle"),
    "book authors": (new_reading, "authors"),
    "book chapter lines": (new_reading, "chapter_lines"),
    "book theme lines": (new_reading, "theme_lines"),
    "theme name": (new_theme, "name"),
    "theme description": (new_theme, "description"),
    "chapter title": (chapter_names, "form-0-title"),
}


def _pages_after(name: str, w: World) -> list[str]:
    """Pages that exist only once the submission created them."""
    if name.startswith("book"):
        reading = Reading.objects.filter(club=w.club).latest("pk")
        return [
            w.url("readings:schedule-edit", reading.pk),
            w.url("discussions:thread-index", reading.pk),
            w.url("readings:chapter-update", reading.pk),
        ]
    if name.startswith("theme"):
        theme = Theme.objects.filter(reading=w.reading).order_by("-pk").first()
        if theme:
            return [w.url("discussions:thread-list-theme", w.reading.pk, theme.slug)]
    if name.startswith("thread"):
        return [Thread.objects.filter(club=w.club).latest("pk").get_absolute_url()]
    return []


def test_xss_case_count():
    assert len(FIELDS) * len(PAYLOADS) == 140


@pytest.mark.parametrize("name", FIELDS)
def test_xss_field_never_renders_live_script(name, world):
    build, field = FIELDS[name]
    stored = 0
    for payload in PAYLOADS:
        client, page, field_name, extra, action, pages = build(world, field)(payload)
        response = submit(client, page, field_name, {**extra, field_name: payload}, action)
        assert response.status_code < 500, (name, payload, response.status_code)
        stored += bool(response.redirect_chain)
        rendered = {"(after submit)": response}
        owner = world.client(world.owner)
        for url in pages + _pages_after(name, world):
            for who in (client, owner):
                rendered[url] = who.get(url)
        seen_text = False
        for url, reply_page in rendered.items():
            assert reply_page.status_code < 500, (name, url, reply_page.status_code)
            html = reply_page.content.decode("utf-8", "replace")
            assert live_script(html) == [], (name, payload, url, live_script(html))
            seen_text |= "alert(1)" in html
        assert seen_text, f"{name}: {payload!r} appears on no page, so nothing was tested"
    # A field refusing every payload proves nothing about output: most must be stored.
    # Display names allow no markup at all: refusing every payload (with a message) is right.
    assert stored >= 1 or "display name" in name, f"{name}: every payload was refused"


def test_xss_checker_flags_every_payload_left_unescaped():
    # The markdown link payload is what a careless renderer would turn into the last one.
    raw = [p for p in PAYLOADS if not p.startswith("[")]
    assert all(live_script(f"<p>{payload}</p>") for payload in raw)
    assert live_script("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
