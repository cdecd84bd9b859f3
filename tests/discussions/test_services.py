from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from discussions import services
from discussions.models import Mention, Post, PostRevision, ReadState, Thread
from discussions.moderation import actions as moderation
from discussions.notifications import services as following
from discussions.notifications.models import Subscription
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, MembershipFactory


def chapter(reading, position):
    return reading.book.chapters.get(position=position)


def test_create_thread_opens_it_with_a_first_post_and_counters(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="First", body="Hello"
    )

    assert thread.kind == "general"
    assert thread.post_count == 1 and thread.last_post_number == 1
    assert thread.last_post.number == 1 and thread.last_post.body_html == "<p>Hello</p>\n"


def test_create_thread_in_chapter_anchors_to_that_chapter(reading, member):
    ch3 = chapter(reading, 3)

    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Ch3",
        body="x",
        chapter=ch3,
        anchor_chapter=chapter(reading, 1),
    )

    assert thread.kind == "chapter" and thread.anchor_chapter == ch3
    assert thread.posts.get().anchor_chapter == ch3


def test_create_thread_refuses_non_members(reading, user):
    with pytest.raises(PermissionDenied):
        services.create_thread(
            reading=reading, actor=acting(user, reading.club), title="x", body="y"
        )
    assert not Thread.objects.exists()


def test_create_post_numbers_posts_and_updates_counters(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="1"
    )
    second = services.create_post(thread=thread, actor=acting(member, thread.club), body="2")
    third = services.create_post(
        thread=thread, actor=acting(member, thread.club), body="3", reply_to=second
    )

    thread.refresh_from_db()
    assert [second.number, third.number] == [2, 3]
    assert thread.post_count == 3 and thread.last_post == third
    assert third.reply_to == second


def test_create_post_same_idempotency_key_twice_creates_one(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="1"
    )
    key = uuid.uuid4()

    first = services.create_post(
        thread=thread, actor=acting(member, thread.club), body="again", idempotency_key=key
    )
    second = services.create_post(
        thread=thread, actor=acting(member, thread.club), body="again", idempotency_key=key
    )

    assert first.pk == second.pk
    assert thread.posts.count() == 2


def test_create_thread_same_idempotency_key_twice_creates_one(reading, member):
    key = uuid.uuid4()
    one = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="T",
        body="1",
        idempotency_key=key,
    )
    two = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="T",
        body="1",
        idempotency_key=key,
    )

    assert one.pk == two.pk and Thread.objects.count() == 1


def test_create_post_in_locked_thread_is_refused_for_members(reading, member, moderator):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="1"
    )
    moderation.lock_thread(
        actor=acting(moderator, thread.club), thread=thread, locked=True, reason="Closed"
    )

    with pytest.raises(PermissionDenied, match="locked"):
        services.create_post(thread=thread, actor=acting(member, thread.club), body="late")
    services.create_post(thread=thread, actor=acting(moderator, thread.club), body="closing note")

    assert thread.posts.count() == 2


def test_create_post_refuses_reply_to_another_thread(reading, member):
    one = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="1"
    )
    two = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="B", body="1"
    )

    with pytest.raises(ValidationError):
        services.create_post(
            thread=two, actor=acting(member, two.club), body="x", reply_to=one.last_post
        )


def test_create_post_refuses_chapter_of_another_book(reading, member, club):
    other = make_reading(club)
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="1"
    )

    with pytest.raises(ValidationError):
        services.create_post(
            thread=thread,
            actor=acting(member, thread.club),
            body="x",
            anchor_chapter=chapter(other, 1),
        )


def test_create_post_records_mentions_of_members_only(reading, club, member):
    mei = member_of(club, "member", user__display_name="Mei Lin")
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="1"
    )

    post = services.create_post(
        thread=thread, actor=acting(member, thread.club), body="Thanks @mei lin and @Ghost!"
    )

    assert list(Mention.objects.filter(post=post).values_list("user", flat=True)) == [mei.pk]
    assert '<span class="mention">@Mei Lin</span>' in post.body_html
    assert post.unknown_mentions == ["Ghost"]


def test_edit_post_keeps_the_earlier_version(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="first"
    )
    post = thread.last_post

    services.edit_post(post=post, actor=acting(member, post.thread.club), body="second", version=1)

    post.refresh_from_db()
    assert post.body == "second" and post.is_edited and post.version == 2
    assert PostRevision.objects.get(post=post).body == "first"


def test_edit_post_stale_version_is_refused(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="first"
    )
    services.edit_post(
        post=thread.last_post,
        actor=acting(member, thread.last_post.thread.club),
        body="second",
        version=1,
    )

    with pytest.raises(services.StaleEdit):
        services.edit_post(
            post=thread.last_post,
            actor=acting(member, thread.last_post.thread.club),
            body="third",
            version=1,
        )
    assert Post.objects.get().body == "second"


def test_edit_post_by_someone_else_is_refused(reading, member, moderator):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="first"
    )

    with pytest.raises(PermissionDenied):
        services.edit_post(
            post=thread.last_post,
            actor=acting(moderator, thread.last_post.thread.club),
            body="x",
            version=1,
        )


def test_delete_post_leaves_a_placeholder_and_fixes_counters(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="first"
    )
    reply = services.create_post(thread=thread, actor=acting(member, thread.club), body="oops")

    services.delete_post(post=reply, actor=acting(member, reply.thread.club))

    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.is_deleted and reply.body == "" and reply.body_text == ""
    assert thread.post_count == 1 and thread.last_post_number == 2
    assert thread.last_post.number == 1


def test_delete_post_by_moderator_keeps_text_for_review(reading, member, moderator):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="rude"
    )

    services.delete_post(
        post=thread.last_post, actor=acting(moderator, thread.last_post.thread.club)
    )

    assert PostRevision.objects.get().body == "rude"


def test_toggle_reaction_adds_and_takes_back(reading, member, moderator):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="x"
    )
    post = thread.last_post

    services.toggle_reaction(post=post, actor=acting(moderator, post.thread.club), kind="like")
    post = services.toggle_reaction(post=post, actor=acting(member, post.thread.club), kind="like")
    assert post.reaction_counts == {"like": 2}

    post = services.toggle_reaction(post=post, actor=acting(member, post.thread.club), kind="like")
    assert post.reaction_counts == {"like": 1}


def test_toggle_reaction_unknown_kind_is_refused(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="x"
    )

    with pytest.raises(ValidationError):
        services.toggle_reaction(
            post=thread.last_post, actor=acting(member, thread.last_post.thread.club), kind="angry"
        )


def test_mark_read_never_moves_backwards(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="A", body="x"
    )

    services.mark_read(thread=thread, user=member, up_to=5)
    services.mark_read(thread=thread, user=member, up_to=2)

    assert ReadState.objects.get().last_read_number == 5


def test_mark_all_read_marks_every_thread_to_its_last_post(reading, member, moderator):
    one = services.create_thread(
        reading=reading, actor=acting(moderator, reading.club), title="A", body="x"
    )
    services.create_post(thread=one, actor=acting(moderator, one.club), body="y")
    services.create_thread(
        reading=reading, actor=acting(moderator, reading.club), title="B", body="x"
    )

    count = services.mark_all_read(
        actor=acting(member, reading.club), threads=Thread.objects.filter(reading=reading)
    )

    assert count == 2
    assert Thread.objects.with_read_state(member).filter(unread_count__gt=0).count() == 0


def test_open_prompt_thread_opens_once(reading, member):
    entry = reading.entries.order_by("due_on").first()

    first = services.open_prompt_thread(
        entry=entry, index=1, actor=acting(member, entry.reading.club)
    )
    again = services.open_prompt_thread(
        entry=entry, index=1, actor=acting(member, entry.reading.club)
    )

    assert first.pk == again.pk
    assert first.title == "Which argument needs more evidence?"
    assert first.anchor_chapter == entry.last_chapter


def test_thread_slug_never_shadows_an_action_path(reading, member):
    thread = services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Reply", body="x"
    )

    assert thread.slug == "reply-thread"


# A membership of one club holds no power in another, even for someone who is in both.
def _another_clubs_thread(person):
    other_club = ClubFactory()
    MembershipFactory(club=other_club, user=person)
    reading = make_reading(other_club)
    thread = services.create_thread(
        actor=acting(person, other_club), reading=reading, title="There", body="Mine"
    )
    services.create_post(actor=acting(member_of(other_club), other_club), thread=thread, body="B")
    return reading, thread


ELSEWHERE_WRITES = {
    "create_thread": lambda actor, reading, thread: services.create_thread(
        actor=actor, reading=reading, title="Here?", body="x"
    ),
    "create_post": lambda actor, reading, thread: services.create_post(
        actor=actor, thread=thread, body="x"
    ),
    "edit_post": lambda actor, reading, thread: services.edit_post(
        actor=actor, post=thread.posts.get(number=1), body="changed", version=1
    ),
    "delete_post": lambda actor, reading, thread: services.delete_post(
        actor=actor, post=thread.posts.get(number=2)
    ),
    "toggle_reaction": lambda actor, reading, thread: services.toggle_reaction(
        actor=actor, post=thread.posts.get(number=2), kind="like"
    ),
    "open_prompt_thread": lambda actor, reading, thread: services.open_prompt_thread(
        actor=actor, entry=reading.entries.order_by("due_on").first(), index=0
    ),
    "set_thread_following": lambda actor, reading, thread: following.set_thread_following(
        actor=actor, thread=thread, following=True
    ),
    "set_theme_following": lambda actor, reading, thread: following.set_theme_following(
        actor=actor, reading=reading, theme=reading.book.themes.first(), following=True
    ),
}


def _discussion_state():
    return (
        list(Thread.objects.values_list("pk", "title", "post_count")),
        list(Post.objects.values_list("pk", "body", "deleted_at", "reaction_counts")),
        list(Subscription.objects.values_list("pk", "thread", "theme", "is_following")),
    )


@pytest.mark.parametrize("write", ELSEWHERE_WRITES)
def test_discussion_services_refuse_a_membership_of_another_club(club, write):
    person = member_of(club, "moderator")
    reading, thread = _another_clubs_thread(person)
    before = _discussion_state()

    with pytest.raises(PermissionDenied):
        ELSEWHERE_WRITES[write](acting(person, club), reading, thread)

    assert _discussion_state() == before


def test_mark_all_read_leaves_another_clubs_threads_unread(club):
    person = member_of(club)
    reading, thread = _another_clubs_thread(person)

    marked = services.mark_all_read(
        actor=acting(person, club), threads=Thread.objects.filter(reading=reading)
    )

    assert marked == 0 and not ReadState.objects.filter(user=person).exists()
