"""The clubs app's rows of the URL × role matrix (the format is in tests/test_url_matrix.py).

Also home of what every app's matrix module shares: ROLES, World, build_world, statuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Invitation, JoinRequest, Membership
from tests.factories import (
    ClubFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    UserFactory,
)

ROLES = ("anonymous", "outsider", "pending", "member", "moderator", "admin", "owner", "banned")
MEMBER_ROLES = ("member", "moderator", "admin", "owner")
NON_MEMBER_ROLES = ("anonymous", "outsider", "pending", "banned")
CLUB_KINDS = ("public", "private")


@dataclass
class World:
    """One club with a person in every role, plus a few objects URLs commonly need.

    `users[role]` is the viewer for that role (None for anonymous); `memberships[role]`
    exists for member roles and "banned"; `target` is a plain member no viewer plays,
    for actions on someone else; `pending_request` belongs to users["pending"].
    Entries' setup functions may keep what they make in `extra`.
    """

    kind: str
    club: Club
    users: dict[str, User | None]
    memberships: dict[str, Membership]
    target: Membership
    pending_request: JoinRequest
    extra: dict = field(default_factory=dict)


def build_world(kind: str) -> World:
    if kind == "public":
        club = ClubFactory(visibility="public", join_policy="request")
    else:
        club = ClubFactory(visibility="private", join_policy="invite")
    memberships = {role: MembershipFactory(club=club, role=role) for role in MEMBER_ROLES}
    memberships["banned"] = MembershipFactory(club=club, status="banned")
    users: dict[str, User | None] = {role: m.user for role, m in memberships.items()}
    users["anonymous"] = None
    users["outsider"] = UserFactory()
    users["pending"] = UserFactory()
    pending_request = JoinRequestFactory(club=club, user=users["pending"])
    target = MembershipFactory(club=club, role="member")
    return World(kind, club, users, memberships, target, pending_request)


def statuses(default: int, **by_role: int) -> dict[str, int]:
    """{role: status} for all ROLES: `default`, except the roles named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: by_role.get(role, default) for role in ROLES}


# Common shapes of expectation on the public club.
EVERYONE = statuses(200)
MEMBERS_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 200))
ADMINS_ONLY = statuses(403, anonymous=302, admin=200, owner=200)
ADMINS_POST_ONLY = statuses(403, anonymous=302, admin=405, owner=405)
ADMINS_REDIRECT = statuses(403, anonymous=302, admin=302, owner=302)


def _invitation(world: World) -> dict:
    world.extra["invitation"] = InvitationFactory(club=world.club)
    return {"token": world.extra["invitation"].token}


def _target(world: World) -> dict:
    return {"membership_id": world.target.pk}


def _banned(world: World) -> dict:
    return {"membership_id": world.memberships["banned"].pk}


def _active_members(world: World) -> int:
    return Membership.objects.active().filter(club=world.club).count()


def _target_row(world: World) -> tuple | None:
    return Membership.objects.filter(pk=world.target.pk).values_list("role", "status").first()


def _settings_data(world: World) -> dict:
    club = world.club
    return {
        "name": club.name,
        "slug": club.slug,
        "description": "Changed by the matrix.",
        "code_of_conduct": club.code_of_conduct,
        "visibility": club.visibility,
        "join_policy": club.join_policy,
        "time_zone": club.time_zone,
    }


ENTRIES = {
    "clubs:club-detail": {"get": EVERYONE},
    "clubs:club-conduct": {"get": EVERYONE},
    "clubs:membership-list": {"get": MEMBERS_ONLY},
    # A fellow member's card: for members only (the target is a plain active member).
    "clubs:member-profile": {
        "setup": lambda world: {"user_id": world.target.user_id},
        "get": MEMBERS_ONLY,
    },
    "clubs:club-join": {
        "get": statuses(302, outsider=200, pending=200, banned=403),
        "post": statuses(302, banned=403),
        "post_data": lambda world: {"accept_code_of_conduct": "on", "message": "Hello"},
        "effect": lambda world: (
            JoinRequest.objects.filter(club=world.club).count(),
            _active_members(world),
        ),
        "changes_for": {"outsider"},
    },
    "clubs:joinrequest-withdraw": {
        "get": statuses(405, anonymous=302),
        "post": statuses(302),
        "effect": lambda world: JoinRequest.objects.filter(
            club=world.club, status="pending"
        ).count(),
        "changes_for": {"pending"},
    },
    "clubs:club-leave": {
        "get": MEMBERS_ONLY,
        "post": statuses(403, anonymous=302, member=302, moderator=302, admin=302, owner=200),
        "effect": _active_members,
        "changes_for": {"member", "moderator", "admin"},  # the last owner must hand over first
    },
    "clubs:invitation-accept": {
        "setup": _invitation,
        "get": statuses(302, anonymous=200, outsider=200, pending=200, banned=403),
        # Holding a link shows a private club's invitation page; never to the banned.
        "get_private": statuses(302, anonymous=200, outsider=200, pending=200, banned=404),
        "post": statuses(302, banned=403),
        "post_private": statuses(302, banned=404),
        "post_data": lambda world: {"accept_code_of_conduct": "on", "then": "signup"},
        "effect": _active_members,
        "changes_for": {"outsider", "pending"},
        "changes_for_private": {"outsider", "pending"},
    },
    "clubs:club-settings": {
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": _settings_data,
        "effect": lambda world: Club.objects.get(pk=world.club.pk).description,
        "changes_for": {"admin", "owner"},
    },
    "clubs:joinrequest-list": {"get": ADMINS_ONLY},
    "clubs:joinrequest-decide": {
        "setup": lambda world: {"request_id": world.pending_request.pk},
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"decision": "approve"},
        "effect": lambda world: JoinRequest.objects.get(pk=world.pending_request.pk).status,
        "changes_for": {"admin", "owner"},
    },
    "clubs:invitation-list": {
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"expires_in_days": "7", "max_uses": "3"},
        "effect": lambda world: Invitation.objects.filter(club=world.club).count(),
        "changes_for": {"admin", "owner"},
    },
    "clubs:invitation-revoke": {
        "setup": lambda world: {
            "invitation_id": world.extra.setdefault(
                "invitation", InvitationFactory(club=world.club)
            ).pk
        },
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "effect": lambda world: Invitation.objects.get(pk=world.extra["invitation"].pk).revoked_at,
        "changes_for": {"admin", "owner"},
    },
    "clubs:membership-manage": {"setup": _target, "get": ADMINS_ONLY},
    "clubs:membership-role": {
        "setup": _target,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"role": "moderator"},
        "effect": _target_row,
        "changes_for": {"admin", "owner"},
    },
    "clubs:membership-remove": {
        "setup": _target,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "effect": _target_row,
        "changes_for": {"admin", "owner"},
    },
    "clubs:membership-ban": {
        "setup": _target,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"reason": "Matrix"},
        "effect": _target_row,
        "changes_for": {"admin", "owner"},
    },
    "clubs:membership-unban": {
        "setup": _banned,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "effect": lambda world: Membership.objects.filter(
            pk=world.memberships["banned"].pk
        ).exists(),
        "changes_for": {"admin", "owner"},
    },
    "clubs:membership-transfer": {
        "setup": _target,
        "get": statuses(403, anonymous=302, owner=405),
        "post": statuses(403, anonymous=302, owner=302),
        "effect": _target_row,
        "changes_for": {"owner"},
    },
}
