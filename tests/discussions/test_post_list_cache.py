"""Anonymous readers get a thread's post list from the cache; every change to what the
posts show reaches them on their next visit, and nobody else is ever served that entry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from bookclub.clubs import services as clubs
from bookclub.clubs.models import Membership
from discussions import services
from discussions.models import Post
from discussions.moderation import actions as moderation
from readings import services as readings
from tests.conftest import acting, member_of


def seen(thread) -> str:
    """The thread page as an anonymous visitor sees it."""
    response = Client().get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.text


@pytest.fixture
def author(club):
    return member_of(club)


@pytest.fixture
def thread(reading, author):
    thread = services.create_thread(
        actor=acting(author, reading.club),
        reading=reading,
        title="First impressions",
        body="The opening chapter.",
    )
    seen(thread)  # now in the cache
    return thread


@pytest.fixture
def first_post(thread):
    return thread.posts.get(number=1)


def test_the_second_visit_is_served_from_the_cache(thread, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # club, thread, the cached post list
        assert "The opening chapter." in seen(thread)


def test_a_reply_shows(club, thread):
    services.create_post(
        actor=acting(member_of(club), club), thread=thread, body="A reply arrives."
    )

    assert "A reply arrives." in seen(thread)


def test_an_edit_shows(thread, first_post, author):
    services.edit_post(
        actor=acting(author, thread.club), post=first_post, body="Changed my mind.", version=1
    )

    page = seen(thread)
    assert "Changed my mind." in page and "The opening chapter." not in page
    assert "edited" in page


def test_a_deletion_shows(thread, first_post, author):
    services.delete_post(actor=acting(author, thread.club), post=first_post)

    page = seen(thread)
    assert "The opening chapter." not in page and "This post was deleted." in page


def test_a_reaction_count_shows(club, thread, first_post):
    services.toggle_reaction(actor=acting(member_of(club), club), post=first_post, kind="like")

    assert 'class="reaction-count"' in seen(thread)


def test_hiding_and_restoring_show(club, thread, first_post):
    moderator = acting(member_of(club, "moderator"), club)

    moderation.hide_post(actor=moderator, post=first_post, reason="Off topic")
    hidden = seen(thread)
    moderation.restore_post(actor=moderator, post=first_post, reason="On second look, fine")
    restored = seen(thread)

    assert "The opening chapter." not in hidden and "hidden by a moderator" in hidden
    assert "The opening chapter." in restored


def test_a_new_display_name_shows(thread, author):
    author.display_name = "Rosa Parks Reader"
    author.save()

    assert "Rosa Parks Reader" in seen(thread)


def test_a_login_keeps_the_cached_list(thread, author, django_assert_max_num_queries):
    author.save(update_fields=["last_login"])

    with django_assert_max_num_queries(3):
        seen(thread)


def test_a_new_role_shows_and_leaving_takes_it_away(club, thread, author):
    owner = member_of(club, "owner")
    membership = Membership.objects.get(club=club, user=author)

    clubs.change_role(actor=acting(owner, club), membership_id=membership.pk, role="moderator")
    promoted = seen(thread)
    clubs.leave_club(club=club, user=author)
    gone = seen(thread)

    assert 'class="badge role-badge">Moderator<' in promoted
    assert "role-badge" not in gone


def test_a_deleted_account_shows_as_a_former_member(thread, author):
    from bookclub.accounts import personal_data

    personal_data.erase_all(author, remove_posts=False)
    author.delete()

    assert "A former member" in seen(thread)


def test_renamed_chapters_show(club, reading, thread, first_post):
    services.edit_post(
        actor=acting(first_post.author, club),
        post=first_post,
        body="About the second chapter.",
        version=1,
        anchor_chapter=reading.book.chapters.get(position=2),
    )
    seen(thread)
    chapter = reading.book.chapters.get(position=2)
    reading.book.added_by_club = club
    reading.book.save()

    readings.rename_chapters(
        actor=acting(member_of(club, "admin"), club),
        book=reading.book,
        club=club,
        names={chapter.pk: ("Part Two", "", "")},
    )

    assert "up to Part Two" in seen(thread)


def test_each_language_has_its_own_entry(thread, django_assert_max_num_queries):
    with translation.override("fr"), django_assert_max_num_queries(10) as queries:
        seen(thread)

    assert len(queries) > 3  # rendered anew for French, not served the English entry


def test_members_are_never_served_the_anonymous_entry(client, club, thread, author):
    client.force_login(author)
    own = client.get(thread.get_absolute_url()).text
    client.force_login(member_of(club))
    other = client.get(thread.get_absolute_url()).text
    first = Post.objects.get(thread=thread, number=1)

    assert f"/p/{first.pk}/edit/" in own and f"/p/{first.pk}/edit/" not in other
    assert 'name="kind"' in other  # reaction buttons: members react, visitors only read
    assert 'name="kind"' not in seen(thread)
