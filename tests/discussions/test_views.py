from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import Post, Thread
from discussions.moderation import actions as moderation
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading, mark_read
from tests.factories import ClubFactory


def url(name, club, **kwargs):
    return reverse(f"discussions:{name}", kwargs={"club_slug": club.slug, **kwargs})


def chapter(reading, position):
    return reading.book.chapters.get(position=position)


@pytest.fixture
def thread(reading, member):
    return services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Borders", body="Opening"
    )


def reply_data(body="A reply", **extra):
    return {"body": body, "idempotency_key": str(uuid.uuid4()), "content_warning": "", **extra}


def test_thread_detail_shows_posts_to_anonymous_in_public_club(client, thread):
    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert "Opening" in response.text
    assert "Members of" in response.text and 'name="body"' not in response.text


def test_thread_detail_wrong_slug_redirects_to_canonical(client, thread, club):
    response = client.get(url("thread-detail", club, thread_id=thread.pk, slug="nope"))

    assert response.status_code == 301 and response.url == thread.get_absolute_url()


def test_thread_detail_of_another_club_is_404(client, thread):
    elsewhere = ClubFactory()

    response = client.get(url("thread-detail", elsewhere, thread_id=thread.pk, slug=thread.slug))

    assert response.status_code == 404


def test_thread_detail_private_club_is_404_for_outsiders(client, private_club, user):
    reading = make_reading(private_club)
    author = member_of(private_club)
    thread = services.create_thread(
        reading=reading, actor=acting(author, reading.club), title="Hidden", body="x"
    )
    client.force_login(user)

    assert client.get(thread.get_absolute_url()).status_code == 404


def test_post_create_adds_reply_and_redirects_to_it(client, thread, member):
    client.force_login(member)

    response = client.post(url("post-create", thread.club, thread_id=thread.pk), reply_data())

    assert response.status_code == 302 and response.url.endswith("#post-2")
    assert thread.posts.count() == 2


def test_post_create_double_submit_creates_one_post(client, thread, member):
    client.force_login(member)
    data = reply_data("Only once")

    client.post(url("post-create", thread.club, thread_id=thread.pk), data)
    client.post(url("post-create", thread.club, thread_id=thread.pk), data)

    assert thread.posts.filter(body="Only once").count() == 1


def test_post_create_empty_post_shows_message(client, thread, member):
    client.force_login(member)

    response = client.post(url("post-create", thread.club, thread_id=thread.pk), reply_data("   "))

    assert response.status_code == 400
    assert "Write something before posting" in response.text
    assert thread.posts.count() == 1


def test_post_create_over_long_post_keeps_draft(client, thread, member):
    client.force_login(member)
    draft = "word " * 4001

    response = client.post(url("post-create", thread.club, thread_id=thread.pk), reply_data(draft))

    assert response.status_code == 400
    assert "at most 20,000 characters" in response.text
    assert draft.strip()[:200] in response.text
    assert thread.posts.count() == 1


def test_post_create_in_locked_thread_is_refused_with_message(client, thread, member, moderator):
    moderation.lock_thread(
        actor=acting(moderator, thread.club), thread=thread, locked=True, reason="Closed"
    )
    client.force_login(member)

    response = client.post(
        url("post-create", thread.club, thread_id=thread.pk), reply_data("My draft text")
    )

    assert response.status_code == 400
    assert "This thread is locked" in response.text and "My draft text" in response.text
    assert thread.posts.count() == 1


def test_post_create_into_thread_of_another_club_is_404(client, thread):
    other = ClubFactory()
    intruder = member_of(other)
    client.force_login(intruder)

    response = client.post(url("post-create", other, thread_id=thread.pk), reply_data())

    assert response.status_code == 404 and thread.posts.count() == 1


def test_post_create_with_htmx_returns_the_post_list_partial(client, thread, member):
    client.force_login(member)

    response = client.post(
        url("post-create", thread.club, thread_id=thread.pk),
        reply_data("Swapped in"),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="post-list"')
    assert "Swapped in" in response.text and "<html" not in response.text


def test_post_react_toggles_without_js_and_with_htmx(client, thread, moderator):
    client.force_login(moderator)
    react = url("post-react", thread.club, post_id=thread.last_post_id)

    assert client.post(react, {"kind": "like"}).status_code == 302
    response = client.post(react, {"kind": "love"}, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<div class="reactions"')
    assert Post.objects.get(pk=thread.last_post_id).reaction_counts == {"like": 1, "love": 1}


def test_quote_prefills_the_reply_form(client, thread, moderator):
    client.force_login(moderator)

    response = client.get(thread.get_absolute_url() + f"?quote={thread.last_post_id}")

    assert "&gt; Opening" in response.text
    assert f'name="reply_to" value="{thread.last_post_id}"' in response.text


@pytest.mark.parametrize("param", ["quote", "reply_to"])
def test_reply_form_names_the_post_by_its_number_not_its_id(
    client, reading, member, moderator, param
):
    # Posts in another thread first, so the first post of this one has an id far from 1.
    for n in range(3):
        services.create_thread(
            actor=acting(member, reading.club), reading=reading, title=f"Other {n}", body="x"
        )
    thread = services.create_thread(
        actor=acting(member, reading.club), reading=reading, title="Mine", body="Opening"
    )
    first = thread.posts.get(number=1)
    assert first.pk != 1
    client.force_login(moderator)

    response = client.get(thread.get_absolute_url() + f"?{param}={first.pk}")

    assert "Replying to post #1." in response.text
    assert f"Replying to post #{first.pk}." not in response.text


def test_reply_links_back_to_the_post_it_answers(client, thread, moderator):
    services.create_post(
        thread=thread,
        actor=acting(moderator, thread.club),
        body="Answer",
        reply_to=thread.last_post,
    )

    response = client.get(thread.get_absolute_url())

    assert (
        "in reply to #1" in response.text
        and 'href="' + thread.get_absolute_url() + '#post-1"' in response.text
    )


def test_thread_detail_gates_posts_beyond_progress(client, reading, member, club):
    reader = member_of(club)
    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="T",
        body="Early",
        anchor_chapter=chapter(reading, 1),
    )
    services.create_post(
        thread=thread,
        actor=acting(member, thread.club),
        body="Late twist",
        anchor_chapter=chapter(reading, 5),
    )
    mark_read(reading, reader, 2)
    client.force_login(reader)

    response = client.get(thread.get_absolute_url())

    assert "1 post on this page discusses later chapters" in response.text
    assert "Discusses up to Chapter 5 — reveal" in response.text
    # Collapsed, never dropped: the text is inside the closed <details>.
    assert "Late twist" in response.text


def test_thread_detail_does_not_gate_for_readers_ahead(client, reading, member, club):
    reader = member_of(club)
    thread = services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="T",
        body="x",
        anchor_chapter=chapter(reading, 5),
    )
    mark_read(reading, reader, 6)
    client.force_login(reader)

    response = client.get(thread.get_absolute_url())

    assert 'class="gated"' not in response.text and "up to Chapter 5" in response.text


def test_thread_list_gates_titles_and_marks_unread(client, reading, member, club):
    reader = member_of(club)
    services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="Ending talk",
        body="x",
        anchor_chapter=chapter(reading, 6),
    )
    services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="Early talk", body="x"
    )
    client.force_login(reader)

    response = client.get(url("thread-list-general", club, reading_id=reading.pk))

    assert "1 thread here discusses chapters beyond your progress" in response.text
    assert "A thread about Chapter 6, beyond your progress" in response.text
    assert response.text.count(">New<") == 2


def test_thread_first_unread_jumps_to_first_unread_post(
    client, thread, member, moderator, settings
):
    settings.DISCUSSIONS_PAGE_SIZE = 2
    for n in range(4):
        services.create_post(thread=thread, actor=acting(moderator, thread.club), body=f"r{n}")
    services.mark_read(thread=thread, user=member, up_to=3)
    client.force_login(member)

    response = client.get(url("thread-unread", thread.club, thread_id=thread.pk))

    assert response.url == thread.get_absolute_url() + "?page=2#post-4"


def test_post_detail_redirects_to_its_page(client, thread, member, settings):
    settings.DISCUSSIONS_PAGE_SIZE = 2
    posts = [
        services.create_post(thread=thread, actor=acting(member, thread.club), body=str(n))
        for n in range(3)
    ]

    response = client.get(url("post-detail", thread.club, post_id=posts[-1].pk))

    assert response.url == thread.get_absolute_url() + "?page=2#post-4"


def test_deep_page_shows_its_range(client, thread, member, settings):
    settings.DISCUSSIONS_PAGE_SIZE = 2
    for n in range(2, 6):
        services.create_post(thread=thread, actor=acting(member, thread.club), body=f"Reply {n}")

    response = client.get(thread.get_absolute_url() + "?page=3")

    assert "Reply 5" in response.text and "Reply 4" not in response.text
    assert 'aria-current="page" class="current-page">3<' in response.text


def test_viewing_a_page_marks_it_read(client, thread, member, moderator):
    services.create_post(thread=thread, actor=acting(moderator, thread.club), body="new")
    client.force_login(member)

    client.get(thread.get_absolute_url())

    assert Thread.objects.with_read_state(member).get().unread_count == 0


def test_mark_all_read_clears_unread_markers(client, reading, member, moderator, club):
    services.create_thread(
        reading=reading, actor=acting(moderator, reading.club), title="A", body="x"
    )
    client.force_login(member)

    response = client.post(
        url("thread-mark-all-read", club, reading_id=reading.pk), {"general": "1"}
    )

    assert response.status_code == 302
    assert client.get(response.url).text.count(">New<") == 0


def test_thread_create_starts_theme_thread(client, reading, member, club):
    client.force_login(member)
    theme = reading.book.themes.first()

    response = client.post(
        url("thread-create", club, reading_id=reading.pk),
        {
            "title": "Labor first",
            "place": f"theme:{theme.slug}",
            "body": "Let's start",
            "anchor_chapter": str(chapter(reading, 2).pk),
            "idempotency_key": str(uuid.uuid4()),
        },
    )

    thread = Thread.objects.get()
    assert response.url == thread.get_absolute_url()
    assert thread.theme == theme and thread.anchor_chapter.position == 2


def test_thread_create_defaults_anchor_to_current_schedule_entry(client, reading, member, club):
    mark_read(reading, member, up_to=6)  # ahead of the schedule, which then decides
    client.force_login(member)

    response = client.get(url("thread-create", club, reading_id=reading.pk))

    current = chapter(reading, 4)
    assert f'<option value="{current.pk}" selected>' in response.text


def test_thread_create_bad_input_keeps_draft(client, reading, member, club):
    client.force_login(member)

    response = client.post(
        url("thread-create", club, reading_id=reading.pk),
        {"title": "", "place": "nowhere", "body": "My words", "idempotency_key": str(uuid.uuid4())},
    )

    assert response.status_code == 400
    assert "Give the thread a title" in response.text and "My words" in response.text
    assert not Thread.objects.exists()


def test_thread_from_prompt_opens_thread_in_one_click(client, reading, member, club):
    client.force_login(member)
    entry = reading.entries.order_by("due_on").first()

    response = client.post(
        url("thread-from-prompt", club, reading_id=reading.pk, entry_id=entry.pk, index=0)
    )

    assert response.url == Thread.objects.get().get_absolute_url()


def test_post_edit_shows_edited_and_stale_edit_keeps_text(client, thread, member):
    client.force_login(member)
    edit = url("post-edit", thread.club, post_id=thread.last_post_id)

    client.post(edit, {"body": "Changed", "version": 1, "content_warning": ""})
    response = client.post(edit, {"body": "Older tab text", "version": 1, "content_warning": ""})

    assert response.status_code == 400
    assert "changed elsewhere" in response.text and "Older tab text" in response.text
    assert "edited" in client.get(thread.get_absolute_url()).text


def test_post_delete_leaves_placeholder(client, thread, member):
    client.force_login(member)

    client.post(url("post-delete", thread.club, post_id=thread.last_post_id))

    assert "This post was deleted" in client.get(thread.get_absolute_url()).text


def test_post_revisions_visible_to_moderators_only(client, thread, member, moderator):
    services.edit_post(
        post=thread.last_post,
        actor=acting(member, thread.last_post.thread.club),
        body="v2",
        version=1,
    )
    revisions = url("post-revisions", thread.club, post_id=thread.last_post_id)

    client.force_login(member)
    assert client.get(revisions).status_code == 403
    client.force_login(moderator)
    assert "Opening" in client.get(revisions).text


def test_content_warning_collapses_post(client, reading, member):
    services.create_thread(
        reading=reading,
        actor=acting(member, reading.club),
        title="T",
        body="Hard",
        content_warning="police violence",
    )

    response = client.get(Thread.objects.get().get_absolute_url())

    assert "<summary>Content warning: police violence — show</summary>" in response.text


def test_inline_spoiler_is_collapsed_markup(client, reading, member):
    services.create_thread(
        reading=reading, actor=acting(member, reading.club), title="T", body="It ends ||well||."
    )

    response = client.get(Thread.objects.get().get_absolute_url())

    assert '<span class="spoiler">well</span>' in response.text
