"""Emails never leak: every page of the demo, the feeds, the export and the mail sent.

Each demo person (and an anonymous visitor) follows every same-site link from `/` with the
test client; no page body or header holds another person's address (or its local part + "@").
Pages crawled per person are printed and must reach a floor, so a broken crawl cannot pass.
"""

from __future__ import annotations

import uuid
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bookclub.accounts.models import User
from bookclub.clubs.models import Membership
from bookclub.demo.clubs import DEMO_CLUB_SLUG
from bookclub.demo.people import DEMO_PASSWORD, PEOPLE
from discussions.models import Thread
from discussions.notifications.models import EmailMode, NotificationSettings
from readings.models import PersonalCalendar

pytestmark = pytest.mark.django_db

MAX_PAGES = 300
SKIPPED_PREFIXES = ("/accounts/logout/", "/admin/", "/static/")
ADDRESSES = [person.email for person in PEOPLE]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _same_site_links(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://testserver" + base, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def _leaks(response, viewer_email: str | None) -> list[str]:
    """Other people's addresses found in the response's headers or body."""
    text = response.content.decode("utf-8", "replace").lower()
    text += "\n" + "\n".join(f"{k}: {v}" for k, v in response.items()).lower()
    found = []
    for address in ADDRESSES:
        if address == viewer_email:
            continue
        local = address.split("@")[0] + "@"
        found += [needle for needle in (address, local) if needle in text]
    return found


def _crawl(client: Client, viewer_email: str | None) -> tuple[int, dict[str, list[str]]]:
    seen = {"/"}
    queue = deque(["/"])
    leaks: dict[str, list[str]] = {}
    crawled = 0
    while queue and crawled < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        crawled += 1
        assert response.status_code < 500, f"{url} gave {response.status_code}"
        if found := _leaks(response, viewer_email):
            leaks[url] = found
        targets = []
        if response.status_code in (301, 302, 303, 307, 308):
            targets = _same_site_links(url, f'<a href="{response["Location"]}">')
        elif "html" in response.get("Content-Type", ""):
            targets = _same_site_links(url, response.content.decode("utf-8", "replace"))
        for target in targets:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return crawled, leaks


def _feeds_and_export(client: Client, user: User) -> dict[str, list[str]]:
    """The viewer's own feeds (public and tokenised) and their export download."""
    client.get(reverse("user_calendar:detail"))  # creates the personal calendar token
    token_client = Client()  # calendar apps and feed readers send no cookies
    responses = {}
    for membership in Membership.objects.filter(user=user).select_related("club"):
        slug = membership.club.slug
        if membership.club.visibility == "public":
            for path in (f"/c/{slug}/feed.atom", f"/c/{slug}/calendar.ics"):
                responses[path] = client.get(path)
                assert responses[path].status_code == 200, path
        for path in (
            f"/c/{slug}/feed/{membership.discussion_feed_token}.atom",
            f"/c/{slug}/calendar/{membership.calendar_token}.ics",
        ):
            responses[path] = token_client.get(path)
            assert responses[path].status_code == 200, path
    calendar = PersonalCalendar.objects.get(user=user)
    personal = reverse("user_calendar:feed", kwargs={"token": calendar.token})
    responses[personal] = token_client.get(personal)
    export = client.post(reverse("accounts:export"))
    assert export.status_code == 200 and user.email in export.content.decode()
    responses["/settings/export/"] = export
    return {url: found for url, r in responses.items() if (found := _leaks(r, user.email))}


def _signed_in(person) -> Client:
    client = Client(raise_request_exception=False)
    assert client.login(email=person.email, password=DEMO_PASSWORD), person.email
    return client


def test_email_privacy_no_page_feed_or_export_shows_another_persons_address():
    call_command("seed_demo", stdout=None)
    crawled = {}
    for person in PEOPLE:
        client = _signed_in(person)
        count, leaks = _crawl(client, person.email)
        leaks |= _feeds_and_export(client, User.objects.get(email=person.email))
        assert leaks == {}, f"{person.display_name} sees other addresses: {leaks}"
        crawled[person.display_name] = count
    count, leaks = _crawl(Client(raise_request_exception=False), None)
    assert leaks == {}, f"anonymous visitors see addresses: {leaks}"
    crawled["anonymous"] = count
    print(f"pages crawled per person: {crawled}")
    # Every signed-in person reaches far more than their settings pages.
    assert all(n >= 40 for name, n in crawled.items() if name != "anonymous"), crawled


def _mention_and_reply_burst(clients: dict[str, Client], thread: Thread, capture) -> None:
    names = list(clients)
    reply_url = reverse("discussions:post-create", args=[thread.club.slug, thread.pk])
    for round_number in range(2):
        for name in names:
            others = " ".join(f"@{other}" for other in names if other != name)
            body = f"{others} round {round_number}: what did you make of this chapter?"
            with capture(execute=True):
                response = clients[name].post(
                    reply_url, {"body": body, "idempotency_key": str(uuid.uuid4())}
                )
            assert response.status_code == 302, (name, response.status_code)


def test_email_privacy_notification_mail_holds_only_the_recipients_address(
    django_capture_on_commit_callbacks,
):
    call_command("seed_demo", stdout=None)
    users = {person.display_name: User.objects.get(email=person.email) for person in PEOPLE}
    for user in users.values():
        NotificationSettings.objects.update_or_create(
            user=user,
            defaults={"direct_email": EmailMode.IMMEDIATE, "following_email": EmailMode.IMMEDIATE},
        )
    thread = Thread.objects.filter(club__slug=DEMO_CLUB_SLUG, is_locked=False).first()
    clients = {}
    for person in PEOPLE:
        clients[person.display_name] = _signed_in(person)
        # Every member has read the whole book, so no mention is held back as a spoiler.
        progress_url = reverse(
            "readings:progress-up-to", args=[thread.club.slug, thread.reading_id]
        )
        last = thread.reading.book.chapters.order_by("-position").first().position
        marked = clients[person.display_name].post(progress_url, {"chapter": last})
        assert marked.status_code == 302, marked.status_code
    mail.outbox.clear()

    _mention_and_reply_burst(clients, thread, django_capture_on_commit_callbacks)
    call_command("send_digests", stdout=None)

    # Each of the four is mentioned by the three others twice: mail reaches every one of them.
    assert {m.to[0] for m in mail.outbox} == set(ADDRESSES), [m.to for m in mail.outbox]
    print(f"messages checked: {len(mail.outbox)}")
    for message in mail.outbox:
        (recipient,) = message.to
        assert message.cc == [] and message.bcc == []
        text = "\n".join(
            [
                message.subject,
                message.body,
                *message.to,
                *message.reply_to,
                message.from_email,
                *(f"{k}: {v}" for k, v in message.extra_headers.items()),
                message.message().as_string(),
                *(str(alternative) for alternative in getattr(message, "alternatives", [])),
            ]
        ).lower()
        for address in ADDRESSES:
            if address == recipient:
                continue
            assert address not in text and address.split("@")[0] + "@" not in text, (
                f"mail to {recipient} holds {address}: {message.subject}"
            )
