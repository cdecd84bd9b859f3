"""The notifications page, the nav count, email settings, unsubscribe links, follow buttons."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookclub.clubs.models import Membership
from discussions.notifications.emails import unsubscribe_token
from discussions.notifications.models import (
    EmailMode,
    Notification,
    NotificationSettings,
    Subscription,
)
from tests.conftest import member_of
from tests.discussions.test_notifications import chapter, reply, start, theme

LIST_URL = "/notifications/"
SETTINGS_URL = "/settings/notifications/"


@pytest.fixture
def other(club):
    return member_of(club, "member")


def mention(thread, author, person, body="look", **fields):
    return reply(thread, author, body=f"@{person.display_name} {body}", **fields)


# The notifications page


def test_notification_list_shows_unread_first_with_links_to_posts(client, reading, member, other):
    thread = start(reading, member, title="Borders")
    first = mention(thread, member, other, "one")
    second = mention(thread, member, other, "two")
    Notification.objects.filter(post=second).update(read_at=first.created_at)
    client.force_login(other)

    page = client.get(LIST_URL).text

    first_url = reverse("discussions:post-detail", args=[reading.club.slug, first.pk])
    second_url = reverse("discussions:post-detail", args=[reading.club.slug, second.pk])
    assert page.index(first_url) < page.index(second_url)
    assert f"{member.display_name}</strong>\n      mentioned you in" in page
    assert page.count("Mark read</button>") == 1


def test_notification_list_is_for_signed_in_people(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_notification_list_hides_titles_beyond_the_readers_progress(client, reading, member, other):
    thread = start(reading, member, title="The ending", anchor_chapter=chapter(reading, 6))
    mention(thread, member, other)
    client.force_login(other)

    page = client.get(LIST_URL).text

    assert "The ending" not in page and "a thread about Chapter 6" in page


def test_notification_list_leaves_out_clubs_the_member_left(client, reading, member, other):
    thread = start(reading, member, title="Borders")
    mention(thread, member, other)
    Membership.objects.filter(user=other, club=reading.club).delete()
    client.force_login(other)

    assert "Borders" not in client.get(LIST_URL).text


@pytest.mark.parametrize("count", [3, 40])
def test_notification_list_queries_are_constant(
    client, reading, member, other, count, django_assert_max_num_queries
):
    for n in range(count):
        thread = start(reading, member, title=f"Thread {n}")
        mention(thread, member, other)
    client.force_login(other)

    # session, user, unread count, page count, page rows, progress
    with django_assert_max_num_queries(6):
        response = client.get(LIST_URL)

    assert response.status_code == 200


def test_notification_mark_read_marks_one(client, reading, member, other):
    thread = start(reading, member)
    mention(thread, member, other)
    note = Notification.objects.get(recipient=other)
    client.force_login(other)

    response = client.post(reverse("notifications:mark-read", args=[note.pk]))

    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_notification_mark_read_of_someone_elses_is_404(client, reading, member, other):
    thread = start(reading, member)
    mention(thread, member, other)
    note = Notification.objects.get(recipient=other)
    client.force_login(member)

    response = client.post(reverse("notifications:mark-read", args=[note.pk]))

    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_notification_mark_all_read(client, reading, member, other):
    thread = start(reading, member)
    mention(thread, member, other)
    mention(thread, member, other)
    client.force_login(other)

    client.post(reverse("notifications:mark-all-read"))

    assert not Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


# The count in the navigation


def nav_count(client) -> str:
    page = client.get("/").text
    start_at = page.index('href="/notifications/"')
    return page[start_at : page.index("</a>", start_at)]


def test_nav_shows_the_unread_count_until_the_thread_is_read(client, reading, member, other):
    thread = start(reading, member)
    mention(thread, member, other)
    mention(thread, member, other)
    client.force_login(other)

    assert '<span class="badge badge-accent">2<span class="visually-hidden"> unread' in nav_count(
        client
    )
    client.get(thread.get_absolute_url())
    assert "badge" not in nav_count(client)


def test_nav_count_costs_no_query_of_its_own(client, reading, member, other):
    client.force_login(other)
    client.get("/")
    with CaptureQueriesContext(connection) as without_notifications:
        client.get("/")
    thread = start(reading, member)
    mention(thread, member, other)

    with CaptureQueriesContext(connection) as with_one:
        page = client.get("/").text

    assert 'badge badge-accent">1<' in page
    assert len(with_one) == len(without_notifications)


# Email settings


def test_notification_settings_default_to_immediate_direct_and_digest_following(client, member):
    client.force_login(member)

    page = client.get(SETTINGS_URL).text

    assert '<option value="immediate" selected>' in page
    assert '<option value="digest" selected>' in page
    assert 'aria-current="page">Notifications</a>' in page


def test_notification_settings_saves_choices(client, member):
    client.force_login(member)

    response = client.post(SETTINGS_URL, {"direct_email": "digest", "following_email": "off"})

    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=member)
    assert (saved.direct_email, saved.following_email) == ("digest", "off")


def test_notification_settings_refuses_unknown_choice_and_keeps_input(client, member):
    client.force_login(member)

    response = client.post(SETTINGS_URL, {"direct_email": "hourly", "following_email": "off"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert '<option value="off" selected>' in response.text
    assert not NotificationSettings.objects.filter(user=member).exists()


def test_notification_settings_lists_followed_threads_and_themes(client, reading, member):
    start(reading, member, title="Borders")  # the author follows it
    Subscription.objects.create(user=member, reading=reading, theme=theme(reading))
    client.force_login(member)

    page = client.get(SETTINGS_URL).text

    assert "Borders" in page and "Sex Work as Labor" in page


@pytest.mark.parametrize("count", [2, 30])
def test_notification_settings_queries_are_constant(
    client, reading, member, count, django_assert_max_num_queries
):
    for n in range(count):
        start(reading, member, title=f"T{n}")  # followed by its author
    client.force_login(member)

    with django_assert_max_num_queries(6):  # the unread count is a query of its own
        assert client.get(SETTINGS_URL).status_code == 200


# Unsubscribe links


def unsubscribe_url(user) -> str:
    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user.pk)])


def test_unsubscribe_get_asks_for_confirmation_and_changes_nothing(client, member):
    response = client.get(unsubscribe_url(member))

    assert response.status_code == 200
    assert "Stop notification emails</button>" in response.text
    assert not NotificationSettings.objects.filter(user=member).exists()


def test_unsubscribe_post_turns_every_email_off_without_login(client, reading, member, other):
    thread = start(reading, member)
    reply(thread, other)  # waits for member's digest

    response = client.post(unsubscribe_url(member))

    assert response.status_code == 200 and "Notification emails stopped" in response.text
    saved = NotificationSettings.objects.get(user=member)
    assert saved.direct_email == saved.following_email == EmailMode.OFF
    assert Notification.objects.get(recipient=member).email == "skipped"


def test_unsubscribe_one_click_post_from_a_mail_client(member):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        unsubscribe_url(member),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=member).direct_email == EmailMode.OFF


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_tampered_link_is_refused_with_a_message(client, member, other, method):
    token = unsubscribe_token(member.pk)
    forged = str(other.pk) + token[token.index(":") :]

    response = getattr(client, method)(reverse("notifications:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.text
    assert not NotificationSettings.objects.exists()


# Follow buttons


def test_thread_follow_and_unfollow(client, reading, member, other):
    thread = start(reading, member)
    client.force_login(other)
    url = reverse("following:thread-follow", args=[reading.club.slug, thread.pk])

    client.post(url, {"follow": "1"})
    assert Subscription.objects.get(user=other, thread=thread).is_following
    response = client.post(url, {"follow": "0"})

    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert not Subscription.objects.get(user=other, thread=thread).is_following


def test_thread_follow_of_another_clubs_thread_is_404(client, reading, member, other):
    from tests.factories import ClubFactory

    elsewhere = ClubFactory()
    member_of(elsewhere, "member", user=other)
    thread = start(reading, member)
    client.force_login(other)

    response = client.post(
        reverse("following:thread-follow", args=[elsewhere.slug, thread.pk]), {"follow": "1"}
    )

    assert response.status_code == 404


def test_theme_follow_and_unfollow(client, reading, other):
    client.force_login(other)
    url = reverse(
        "following:theme-follow", args=[reading.club.slug, reading.pk, "anti-trafficking-myths"]
    )

    client.post(url, {"follow": "1"})
    assert Subscription.objects.filter(user=other, theme__slug="anti-trafficking-myths").exists()
    client.post(url, {"follow": "0"})

    assert not Subscription.objects.filter(user=other).exists()


def test_theme_follow_unknown_theme_is_404(client, reading, other):
    client.force_login(other)

    response = client.post(
        reverse("following:theme-follow", args=[reading.club.slug, reading.pk, "nope"]),
        {"follow": "1"},
    )

    assert response.status_code == 404


def test_follow_next_must_stay_on_the_site(client, reading, member, other):
    thread = start(reading, member)
    client.force_login(other)

    response = client.post(
        reverse("following:thread-follow", args=[reading.club.slug, thread.pk]),
        {"follow": "1", "next": "https://elsewhere.example/"},
    )

    assert response["Location"] == thread.get_absolute_url()


def test_thread_page_shows_follow_state(client, reading, member, other):
    thread = start(reading, member)

    client.force_login(member)
    assert "Unfollow thread</button>" in client.get(thread.get_absolute_url()).text
    client.force_login(other)
    assert "Follow thread</button>" in client.get(thread.get_absolute_url()).text


def test_thread_page_has_no_follow_button_for_visitors(client, reading, member):
    thread = start(reading, member)

    assert "Follow thread" not in client.get(thread.get_absolute_url()).text


def test_theme_list_shows_follow_state(client, reading, other):
    url = reverse(
        "discussions:thread-list-theme", args=[reading.club.slug, reading.pk, "sex-work-as-labor"]
    )
    client.force_login(other)
    assert "Follow theme</button>" in client.get(url).text

    Subscription.objects.create(user=other, reading=reading, theme=theme(reading))

    assert "Unfollow theme</button>" in client.get(url).text
