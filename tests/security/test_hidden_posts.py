"""A post a moderator hid, or its author deleted, is read through one rule
(`Post.objects.readable_by`) wherever its words could appear: quote and reply prefills, the
edit form, search, the Atom feed, notification emails and the notification list, and the
personal data export. Members never get the text; moderators read a hidden post only on the
site, where it is marked hidden, and nobody reads a deleted one."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from discussions import services
from discussions.feeds import ClubFeed
from discussions.moderation import actions as moderation
from discussions.notifications.models import Subscription
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.discussions.test_notifications import reply, start

HIDDEN = "Meet at the lantern by the old mill"
DELETED = "Lantern keys are under the mat"
HIDDEN_MARK, DELETED_MARK = "old mill", "under the mat"


@pytest.fixture
def scene(club):
    reading = make_reading(club)
    people = {
        "reader": member_of(club),
        "author": member_of(club),
        "moderator": member_of(club, "moderator"),
    }
    thread = start(reading, people["reader"], title="Where we meet", body="Any ideas?")
    Subscription.objects.create(user=people["moderator"], thread=thread)
    hidden = reply(thread, people["author"], body=HIDDEN)
    deleted = reply(thread, people["author"], body=DELETED)
    moderation.hide_post(
        actor=acting(people["moderator"], hidden.thread.club),
        post=hidden,
        reason="Gives a location",
    )
    services.delete_post(post=deleted, actor=acting(people["author"], deleted.thread.club))
    return {"club": club, "thread": thread, "hidden": hidden, "deleted": deleted, **people}


def quote_page(client, scene, post, viewer):
    return client.get(f"{scene['thread'].get_absolute_url()}?quote={post.pk}").text


def reply_to_page(client, scene, post, viewer):
    return client.get(f"{scene['thread'].get_absolute_url()}?reply_to={post.pk}").text


def edit_page(client, scene, post, viewer):
    return client.get(
        reverse("discussions:post-edit", args=[scene["club"].slug, post.pk])
    ).content.decode()


def search_results(client, scene, post, viewer):
    return client.get(
        reverse("discussions:thread-search", args=[scene["club"].slug]), {"q": "lantern"}
    ).text


def atom_feeds(client, scene, post, viewer, rf):
    public = client.get(reverse("discussions:feed-public", args=[scene["club"].slug]))
    private = ClubFeed()(rf.get("/"), club=scene["club"], viewer=viewer)
    return public.content.decode() + private.content.decode()


def notification_emails(client, scene, post, viewer, mailoutbox):
    call_command("send_digests", stdout=io.StringIO())
    return "".join(m.subject + m.body for m in mailoutbox if m.to == [viewer.email])


def notification_list(client, scene, post, viewer):
    return client.get(reverse("notifications:list")).text


def data_export(client, scene, post, viewer):
    return json.dumps(json.loads(client.post(reverse("accounts:export")).content))


ENTRY_POINTS = [
    quote_page,
    reply_to_page,
    edit_page,
    search_results,
    atom_feeds,
    notification_emails,
    notification_list,
    data_export,
]
# Where a moderator reads a hidden post: site pages that mark it "hidden by a moderator".
MODERATOR_READS_HIDDEN_ON = {quote_page, reply_to_page, search_results}


def read(entry, client, scene, post, viewer, rf, mailoutbox) -> str:
    client.force_login(viewer)
    extra = {"rf": rf} if entry is atom_feeds else {}
    if entry is notification_emails:
        extra = {"mailoutbox": mailoutbox}
    return entry(client, scene, post, viewer, **extra)


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda entry: entry.__name__)
@pytest.mark.parametrize("who", ["reader", "author"])
def test_members_never_read_a_hidden_or_deleted_post(client, scene, entry, who, rf, mailoutbox):
    page = read(entry, client, scene, scene["hidden"], scene[who], rf, mailoutbox)
    page += read(entry, client, scene, scene["deleted"], scene[who], rf, mailoutbox)

    assert HIDDEN_MARK not in page
    assert DELETED_MARK not in page


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda entry: entry.__name__)
def test_moderators_read_hidden_posts_only_where_marked_and_deleted_ones_nowhere(
    client, scene, entry, rf, mailoutbox
):
    moderator = scene["moderator"]
    hidden_page = read(entry, client, scene, scene["hidden"], moderator, rf, mailoutbox)
    deleted_page = read(entry, client, scene, scene["deleted"], moderator, rf, mailoutbox)

    assert (HIDDEN_MARK in hidden_page) == (entry in MODERATOR_READS_HIDDEN_ON)
    assert DELETED_MARK not in hidden_page + deleted_page


def test_quote_of_a_hidden_post_prefills_nothing_for_a_member(client, scene):
    client.force_login(scene["reader"])

    page = quote_page(client, scene, scene["hidden"], scene["reader"])

    assert "This post was hidden by a moderator." in page
    assert "wrote:" not in page


def test_quote_of_a_hidden_post_prefills_it_for_a_moderator(client, scene):
    client.force_login(scene["moderator"])

    page = quote_page(client, scene, scene["hidden"], scene["moderator"])

    assert f"wrote:\n&gt; {HIDDEN}" in page


def test_author_cannot_open_the_edit_form_of_a_hidden_post(client, scene):
    client.force_login(scene["author"])

    response = client.get(
        reverse("discussions:post-edit", args=[scene["club"].slug, scene["hidden"].pk])
    )

    assert response.status_code == 404


def test_search_marks_hidden_results_for_moderators(client, scene):
    client.force_login(scene["moderator"])

    page = search_results(client, scene, scene["hidden"], scene["moderator"])

    assert "Hidden by a moderator" in page and "1 post match “lantern”" in page


def test_reply_to_a_hidden_post_is_not_linked_for_a_member(client, scene):
    client.force_login(scene["reader"])

    client.post(
        reverse("discussions:post-create", args=[scene["club"].slug, scene["thread"].pk]),
        {
            "body": "Replying",
            "reply_to": scene["hidden"].pk,
            "content_warning": "",
            "idempotency_key": "5d1c5a1e-1a8e-4d43-9a55-0c8a2f1b7e21",
        },
    )

    assert scene["thread"].posts.get(body="Replying").reply_to is None


def test_digest_of_a_hidden_post_says_so_without_quoting_it(client, scene, mailoutbox):
    call_command("send_digests", stdout=io.StringIO())

    (mail,) = [m for m in mailoutbox if m.to == [scene["reader"].email]]
    assert "A moderator has since hidden the post." in mail.body
    assert HIDDEN_MARK not in mail.body


def test_export_leaves_out_the_authors_hidden_post(client, scene):
    client.force_login(scene["author"])

    data = json.loads(client.post(reverse("accounts:export")).content)

    texts = [post["text"] for post in data["discussions"]["posts"]]
    assert HIDDEN not in texts and DELETED not in texts
