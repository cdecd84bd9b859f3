"""Export, deletion and blocking, as services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from bookclub.accounts import services
from bookclub.accounts.models import Block, User
from bookclub.clubs.models import AuditLog, Club, Membership
from discussions import services as discussions
from discussions.models import Post
from readings.models import ChapterRead
from tests.conftest import acting, member_of
from tests.discussions.conftest import make_reading, mark_read
from tests.factories import PASSWORD, ClubFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(club, person):
    MembershipFactory(club=club, user=person)
    reading = make_reading(club)
    thread = discussions.create_thread(
        reading=reading,
        actor=acting(person, reading.club),
        title="Borders",
        body="My first thoughts",
    )
    other = member_of(club)
    discussions.create_post(
        thread=thread, actor=acting(other, thread.club), body="A reply by someone else"
    )
    discussions.toggle_reaction(
        actor=acting(person, thread.club), post=thread.posts.get(number=2), kind="like"
    )
    mark_read(reading, person, 2)
    return thread


def test_export_account_holds_profile_posts_progress_and_no_other_email(thread, person):
    data = services.export_account(person)
    assert data["profile"]["email"] == person.email
    assert data["clubs"]["memberships"][0]["club"] == thread.club.name
    assert [p["text"] for p in data["discussions"]["posts"]] == ["My first thoughts"]
    assert len(data["readings"]["progress"]) == 2
    assert "notification_settings" in data["discussions"]
    others = User.objects.exclude(pk=person.pk).values_list("email", flat=True)
    text = repr(data)
    assert not [email for email in others if email in text]


def test_delete_account_keeping_posts_shows_former_member(thread, person):
    services.delete_account(user=person, password=PASSWORD, remove_posts=False)
    first = Post.objects.get(thread=thread, number=1)
    assert first.author is None and first.body == "My first thoughts"
    assert not User.objects.filter(pk=person.pk).exists()
    assert not ChapterRead.objects.filter(user_id=person.pk).exists()
    assert Post.objects.get(thread=thread, number=2).reaction_counts == {}


def test_delete_account_removing_posts_leaves_placeholders_and_counts_right(thread, person):
    services.delete_account(user=person, password=PASSWORD, remove_posts=True)
    first = Post.objects.get(thread=thread, number=1)
    assert first.is_deleted and first.body == "" and first.body_html == ""
    thread.refresh_from_db()
    assert thread.post_count == 1
    assert thread.last_post.number == 2


def test_delete_account_refuses_wrong_password(person):
    with pytest.raises(ValidationError):
        services.delete_account(user=person, password="wrong", remove_posts=False)
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_last_owner_hands_club_to_longest_serving_admin(person):
    club = ClubFactory()
    MembershipFactory(club=club, user=person, role="owner")
    MembershipFactory(club=club, role="moderator")
    early_admin = MembershipFactory(club=club, role="admin")
    late_admin = MembershipFactory(club=club, role="admin")
    Membership.objects.filter(pk=early_admin.pk).update(
        joined_at=late_admin.joined_at.replace(year=2020)
    )
    services.delete_account(user=person, password=PASSWORD, remove_posts=False)
    early_admin.refresh_from_db()
    late_admin.refresh_from_db()
    assert early_admin.role == "owner" and late_admin.role == "admin"
    entry = AuditLog.objects.get(club=club, action="ownership")
    assert entry.target_name == early_admin.user.display_name and entry.actor is None


@pytest.mark.parametrize(
    ("roles", "heir"), [(["member", "moderator"], "moderator"), (["member"], "member")]
)
def test_delete_last_owner_falls_back_to_moderator_then_member(person, roles, heir):
    club = ClubFactory()
    MembershipFactory(club=club, user=person, role="owner")
    rows = {role: MembershipFactory(club=club, role=role) for role in roles}
    services.delete_account(user=person, password=PASSWORD, remove_posts=False)
    rows[heir].refresh_from_db()
    assert rows[heir].role == "owner"


def test_delete_last_member_deletes_the_club_with_its_log(person):
    club = ClubFactory()
    MembershipFactory(club=club, user=person, role="owner")
    banned = MembershipFactory(club=club, status="banned")
    from bookclub.clubs import audit

    audit.record(club=club, actor=person, action="ban", target=banned.user, reason="spam")
    services.delete_account(user=person, password=PASSWORD, remove_posts=False)
    assert not Club.objects.filter(pk=club.pk).exists()


def test_co_owned_club_stays_with_the_other_owner(person):
    club = ClubFactory()
    MembershipFactory(club=club, user=person, role="owner")
    other = MembershipFactory(club=club, role="owner")
    member = MembershipFactory(club=club, role="member")
    services.delete_account(user=person, password=PASSWORD, remove_posts=False)
    member.refresh_from_db()
    assert member.role == "member" and Membership.objects.get(pk=other.pk).role == "owner"


def test_block_user_is_idempotent_and_refuses_self(person):
    other = UserFactory()
    first = services.block_user(blocker=person, blocked=other)
    assert services.block_user(blocker=person, blocked=other) == first
    assert Block.objects.count() == 1
    with pytest.raises(ValidationError):
        services.block_user(blocker=person, blocked=person)


def test_unblock_only_own_blocks(person):
    other = UserFactory()
    block = services.block_user(blocker=other, blocked=person)
    assert services.unblock_user(blocker=person, block_id=block.pk) is False
    assert services.unblock_user(blocker=other, block_id=block.pk) is True
