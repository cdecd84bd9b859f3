"""The role rules in bookclub/clubs/permissions.py, for every role."""

from __future__ import annotations

import pytest

from bookclub.clubs import permissions
from bookclub.clubs.models import Membership
from tests.factories import ClubFactory, MembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["member", "moderator", "admin", "owner"]


def _membership(club, role="member", status="active"):
    return MembershipFactory(club=club, role=role, status=status)


@pytest.mark.parametrize(
    ("role", "can_manage", "can_moderate", "is_owner"),
    [
        ("member", False, False, False),
        ("moderator", False, True, False),
        ("admin", True, True, False),
        ("owner", True, True, True),
    ],
)
def test_role_ladder(club, role, can_manage, can_moderate, is_owner):
    membership = _membership(club, role)
    assert permissions.can_manage_club(membership) is can_manage
    assert permissions.can_moderate(membership) is can_moderate
    assert permissions.is_owner(membership) is is_owner
    assert permissions.can_view_members(membership) is True


@pytest.mark.parametrize("role", ROLES)
def test_banned_has_no_powers_whatever_the_role_field(club, role):
    banned = _membership(club, role, status="banned")
    assert not permissions.is_member(banned)
    assert not permissions.can_manage_club(banned)
    assert not permissions.can_view_members(banned)
    assert not permissions.can_accept_invitation(banned)


def test_view_club_public_for_all_private_for_members():
    public, private = ClubFactory(), ClubFactory(visibility="private")
    assert permissions.can_view_club(public, None)
    assert not permissions.can_view_club(private, None)
    assert not permissions.can_view_club(private, _membership(private, status="banned"))
    assert permissions.can_view_club(private, _membership(private))


@pytest.mark.parametrize(
    ("actor", "target", "new_role", "allowed"),
    [
        ("admin", "member", "moderator", True),
        ("admin", "member", "admin", True),
        ("admin", "moderator", "member", True),
        ("admin", "admin", "member", False),
        ("admin", "owner", "member", False),
        ("admin", "member", "owner", False),
        ("owner", "admin", "member", True),
        ("owner", "member", "owner", False),
        ("moderator", "member", "moderator", False),
        ("member", "member", "moderator", False),
        ("owner", "member", "forged", False),
    ],
)
def test_can_assign_role(club, actor, target, new_role, allowed):
    assert (
        permissions.can_assign_role(_membership(club, actor), _membership(club, target), new_role)
        is allowed
    )


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ("admin", "member", True),
        ("admin", "moderator", True),
        ("admin", "admin", False),
        ("admin", "owner", False),
        ("owner", "admin", True),
        ("moderator", "member", False),
    ],
)
def test_can_remove_member(club, actor, target, allowed):
    actor_membership = _membership(club, actor)
    assert permissions.can_remove_member(actor_membership, _membership(club, target)) is allowed
    assert not permissions.can_remove_member(actor_membership, actor_membership)


def test_can_transfer_ownership_only_owner_to_another_active_member(club):
    owner, admin = _membership(club, "owner"), _membership(club, "admin")
    assert permissions.can_transfer_ownership(owner, admin)
    assert not permissions.can_transfer_ownership(admin, owner)
    assert not permissions.can_transfer_ownership(owner, _membership(club, status="banned"))


def test_can_leave_last_owner_cannot(club):
    owner = _membership(club, "owner")
    assert not permissions.can_leave(owner, owner_count=1)
    assert permissions.can_leave(owner, owner_count=2)
    assert permissions.can_leave(_membership(club), owner_count=1)
    assert not permissions.can_leave(None, owner_count=1)


def test_assignable_roles_never_include_owner():
    assert Membership.Role.OWNER not in permissions.ASSIGNABLE_ROLES
