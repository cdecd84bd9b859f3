"""Club models: constraints the database enforces, and small per-row rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from bookclub.clubs.models import Club, Membership
from tests.conftest import member_of
from tests.factories import ClubFactory, InvitationFactory, JoinRequestFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_membership_one_per_person_per_club_is_a_database_constraint(club):
    membership = MembershipFactory(club=club)
    with pytest.raises(IntegrityError):
        Membership.objects.create(club=club, user=membership.user)


def test_join_request_one_pending_per_person_is_a_database_constraint(club):
    first = JoinRequestFactory(club=club)
    JoinRequestFactory(club=club, user=first.user, status="declined")  # history is fine
    with pytest.raises(IntegrityError):
        JoinRequestFactory(club=club, user=first.user)


def test_invitation_use_count_cannot_pass_max_uses_in_the_database(club):
    invitation = InvitationFactory(club=club, max_uses=1, use_count=1)
    invitation.use_count = 2
    with pytest.raises(IntegrityError):
        invitation.save()


def test_invitation_usable_queryset_matches_unusable_reason(club):
    now = timezone.now()
    fine = InvitationFactory(club=club, max_uses=2, use_count=1)
    InvitationFactory(club=club, expires_at=now - timedelta(seconds=1))
    InvitationFactory(club=club, revoked_at=now)
    InvitationFactory(club=club, max_uses=1, use_count=1)
    usable = list(club.invitations.usable())
    assert usable == [fine]
    assert [i for i in club.invitations.all() if i.unusable_reason() is None] == [fine]


def test_club_directory_queries_count_active_members_only(club):
    member_of(club)
    member_of(club, "owner")
    member_of(club, status="banned")
    assert Club.objects.with_member_count().get(pk=club.pk).member_count == 2


def test_club_of_user_excludes_banned():
    club, other = ClubFactory(), ClubFactory()
    user = member_of(club)
    MembershipFactory(club=other, user=user, status="banned")
    assert list(Club.objects.of_user(user)) == [club]


def test_membership_order_by_rank_puts_owner_first(club):
    member = member_of(club)
    moderator = member_of(club, "moderator")
    owner = member_of(club, "owner")
    admin = member_of(club, "admin")
    ordered = [m.user for m in Membership.objects.filter(club=club).order_by_rank()]
    assert ordered == [owner, admin, moderator, member]
