"""Every write in the clubs app. Each service takes the acting person and checks first.

Inside a club the actor is their `Membership` (the row `club_view` loaded), and the club is
`actor.club`: whatever a service is given by id is looked up in that club only. Joining
services take the `User`, who holds no membership yet.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.accounts.names import readable_slug
from bookclub.clubs import audit, permissions, tasks
from bookclub.clubs.models import (
    ADDRESS_UNAVAILABLE,
    RESERVED_SLUGS,
    Club,
    Invitation,
    JoinRequest,
    Membership,
    Sanction,
)
from bookclub.markdown import render_markdown

Role = Membership.Role
SLUG_SUFFIX_LENGTH = 5
SLUG_SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l/1 or o/0 to misread
SLUG_BASE_LENGTH = 50 - 1 - SLUG_SUFFIX_LENGTH  # the slug field holds 50 characters


class ClubActionError(Exception):
    """A refusal to show the person as a message: the request made sense but cannot be done."""


def _membership(club: Club, user: User, *, lock: bool = False) -> Membership | None:
    if not user.is_authenticated:
        return None
    rows = Membership.objects.filter(club=club, user=user)
    if lock:
        rows = rows.select_for_update()
    return rows.first()


def _random_suffix() -> str:
    return "".join(secrets.choice(SLUG_SUFFIX_ALPHABET) for _ in range(SLUG_SUFFIX_LENGTH))


def slug_from_name(name: str, *, private: bool) -> str:
    """The name in readable letters (accounts.names.readable_slug), never a reserved word;
    a private club's always ends in a random suffix, and so does a public club's whose name
    is taken. Counting (-2, -3) or keeping a private club's plain name would tell anyone
    creating a club which private clubs exist."""
    base = readable_slug(name)[:SLUG_BASE_LENGTH].strip("-") or "club"
    if base in RESERVED_SLUGS:
        base = f"{base}-club"
    if not private and Club.objects.address_is_free(base):
        return base
    return f"{base}-{_random_suffix()}"


def _render(club: Club) -> None:
    club.description_html = render_markdown(club.description)
    club.code_of_conduct_html = render_markdown(club.code_of_conduct)


@transaction.atomic
def create_club(
    *,
    owner: User,
    name: str,
    code_of_conduct: str,
    description: str = "",
    visibility: str = Club.Visibility.PUBLIC,
    join_policy: str = Club.JoinPolicy.REQUEST,
    time_zone: str = "UTC",
) -> Club:
    if not owner.is_authenticated:
        raise PermissionDenied("Log in to create a club.")
    club = Club(
        name=name,
        description=description,
        code_of_conduct=code_of_conduct,
        visibility=visibility,
        join_policy=join_policy,
        time_zone=time_zone,
    )
    _render(club)
    # Two people naming clubs alike at the same moment: the unique index decides, we retry.
    for _attempt in range(5):
        club.slug = slug_from_name(name, private=not club.is_public)
        try:
            with transaction.atomic():
                club.save()
            break
        except IntegrityError:
            continue
    else:
        raise ClubActionError("Could not find a free address for this club. Try another name.")
    Membership.objects.create(club=club, user=owner, role=Role.OWNER)
    return club


CLUB_SETTINGS_FIELDS = (
    "name",
    "slug",
    "description",
    "code_of_conduct",
    "visibility",
    "join_policy",
    "time_zone",
)


@transaction.atomic
def update_club(*, actor: Membership | None, **changes: str) -> Club:
    permissions.check_manage_club(actor)
    club = actor.club
    unknown = set(changes) - set(CLUB_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a club setting: {', '.join(sorted(unknown))}")
    slug = changes.get("slug", club.slug)
    if slug != club.slug and not Club.objects.address_is_free(slug, exclude=club):
        raise ClubActionError(ADDRESS_UNAVAILABLE)
    for field, value in changes.items():
        setattr(club, field, value)
    _render(club)
    try:
        with transaction.atomic():
            club.save()
    except IntegrityError as error:
        raise ClubActionError(ADDRESS_UNAVAILABLE) from error
    return club


def _close_pending_request(club: Club, user: User, *, note: str) -> None:
    JoinRequest.objects.filter(club=club, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=timezone.now(), reason=note
    )


def _add_member(club: Club, user: User) -> tuple[Membership, bool]:
    """Insert the membership, with any mute the person left with; a second click racing the
    first meets the unique constraint."""
    standing = Sanction.objects.filter(club=club, user=user, muted_until__gt=timezone.now())
    mute = standing.values("muted_until", "mute_reason").first() or {}
    try:
        with transaction.atomic():
            membership = Membership.objects.create(club=club, user=user, role=Role.MEMBER, **mute)
    except IntegrityError:
        existing = Membership.objects.get(club=club, user=user)
        if not existing.is_active:
            raise ClubActionError("You cannot join this club.") from None
        return existing, False
    Sanction.objects.filter(club=club, user=user).delete()
    return membership, True


def _end_membership(membership: Membership) -> None:
    """Delete the row; a mute still running stays with the person for when they come back."""
    if membership.is_muted():
        Sanction.objects.update_or_create(
            club_id=membership.club_id,
            user_id=membership.user_id,
            defaults={
                "muted_until": membership.muted_until,
                "mute_reason": membership.mute_reason,
            },
        )
    membership.delete()


@transaction.atomic
def join_club(*, club: Club, user: User, accepted_code_of_conduct: bool) -> Membership:
    """Join an open club at once. Returns the (possibly existing) membership."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in to join.")
    existing = _membership(club, user)
    if permissions.is_banned(existing):
        raise ClubActionError("You cannot join this club.")
    if existing is not None:
        return existing
    if club.join_policy != Club.JoinPolicy.OPEN:
        raise ClubActionError("This club does not take members without approval or invitation.")
    if not accepted_code_of_conduct:
        raise ClubActionError("Please accept the code of conduct to join.")
    membership, _created = _add_member(club, user)
    return membership


@transaction.atomic
def request_to_join(*, club: Club, user: User, message: str = "") -> JoinRequest:
    if not user.is_authenticated:
        raise PermissionDenied("Log in to ask to join.")
    membership = _membership(club, user)
    if permissions.is_banned(membership):
        raise ClubActionError("You cannot join this club.")
    if membership is not None:
        raise ClubActionError("You are already a member of this club.")
    if club.join_policy != Club.JoinPolicy.REQUEST:
        raise ClubActionError("This club does not take requests to join.")
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(club=club, user=user, message=message)
    except IntegrityError:
        # One pending request per person (a database constraint): a double click lands here.
        return JoinRequest.objects.get(club=club, user=user, status=JoinRequest.Status.PENDING)
    transaction.on_commit(
        lambda: tasks.email_admins_about_request.enqueue(join_request_id=join_request.pk)
    )
    return join_request


def pending_request(club: Club, user: User) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return JoinRequest.objects.filter(
        club=club, user=user, status=JoinRequest.Status.PENDING
    ).first()


@transaction.atomic
def withdraw_request(*, club: Club, user: User) -> bool:
    """True when a pending request was withdrawn."""
    updated = JoinRequest.objects.filter(
        club=club, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now())
    return updated > 0


@transaction.atomic
def decide_request(
    *, actor: Membership | None, join_request_id: int, approve: bool, reason: str = ""
) -> JoinRequest:
    """Approve or decline. The row is locked, so when two admins decide at once one wins."""
    permissions.check_manage_club(actor)
    club = actor.club
    join_request = _lock_request(club, join_request_id)
    if join_request.status != JoinRequest.Status.PENDING:
        decided_by = join_request.decided_by.display_name if join_request.decided_by else None
        who = f" by {decided_by}" if decided_by else ""
        raise ClubActionError(
            f"This request was already {join_request.get_status_display().lower()}{who}."
        )
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor.user
    join_request.reason = reason
    if approve:
        join_request.status = JoinRequest.Status.APPROVED
        # A ban placed after the request was made wins over the approval.
        _add_member(club, join_request.user)
    else:
        join_request.status = JoinRequest.Status.DECLINED
    join_request.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    transaction.on_commit(
        lambda: tasks.email_requester_about_decision.enqueue(join_request_id=join_request.pk)
    )
    return join_request


def _lock_request(club: Club, join_request_id: int) -> JoinRequest:
    try:
        # Only the request row is read under the lock: a join would see the pre-lock state.
        return JoinRequest.objects.select_for_update().get(club=club, pk=join_request_id)
    except JoinRequest.DoesNotExist:
        raise ClubActionError("That request does not exist in this club.") from None


@transaction.atomic
def create_invitations(
    *,
    actor: Membership | None,
    expires_in: timedelta,
    max_uses: int | None = None,
    note: str = "",
    emails: list[str] | None = None,
) -> list[Invitation]:
    """One shareable link, or one single-use link per email address (each sent by email)."""
    permissions.check_manage_club(actor)
    club = actor.club
    expires_at = timezone.now() + expires_in
    if not emails:
        return [
            Invitation.objects.create(
                club=club,
                created_by=actor.user,
                note=note,
                expires_at=expires_at,
                max_uses=max_uses,
            )
        ]
    invitations = [
        Invitation.objects.create(
            club=club,
            created_by=actor.user,
            note=note,
            expires_at=expires_at,
            max_uses=1,
            email=email,
        )
        for email in emails
    ]
    for invitation in invitations:
        transaction.on_commit(
            lambda pk=invitation.pk: tasks.email_invitation.enqueue(invitation_id=pk)
        )
    return invitations


@transaction.atomic
def revoke_invitation(*, actor: Membership | None, invitation_id: int) -> Invitation:
    permissions.check_manage_club(actor)
    invitation = (
        Invitation.objects.select_for_update().filter(club=actor.club, pk=invitation_id).first()
    )
    if invitation is None:
        raise ClubActionError("That invitation does not exist in this club.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def accept_invitation(
    *, club: Club, user: User, token: str, accepted_code_of_conduct: bool
) -> Membership:
    """Join through a link, whatever the join policy. Each use is counted in one UPDATE."""
    if not user.is_authenticated:
        raise PermissionDenied("Log in to accept the invitation.")
    invitation = Invitation.objects.filter(club=club, token=token).first()
    if invitation is None:
        raise ClubActionError("This invitation link is not valid.")
    existing = _membership(club, user)
    if permissions.is_banned(existing):
        raise ClubActionError("You cannot join this club.")
    if existing is not None:
        return existing
    if reason := invitation.unusable_reason():
        raise ClubActionError(reason)
    if not accepted_code_of_conduct:
        raise ClubActionError("Please accept the code of conduct to join.")
    counted = (
        Invitation.objects.usable().filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
    )
    if not counted:
        raise ClubActionError("This invitation has been used as many times as it allows.")
    membership, created = _add_member(club, user)
    if not created:
        # A second click raced the first and lost: give its use back.
        Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") - 1)
        return membership
    _close_pending_request(club, user, note="Joined through an invitation.")
    return membership


@transaction.atomic
def leave_club(*, club: Club, user: User) -> None:
    membership = _membership(club, user, lock=True)
    if not permissions.is_member(membership):
        raise ClubActionError("You are not a member of this club.")
    owners = Membership.objects.active().filter(club=club, role=Role.OWNER).count()
    if not permissions.can_leave(membership, owner_count=owners):
        raise ClubActionError(
            "You are the club's only owner. Hand the club over to another member first."
        )
    _end_membership(membership)


def _target(club: Club, membership_id: int) -> Membership:
    target = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(club=club, pk=membership_id)
        .first()
    )
    if target is None:
        raise ClubActionError("That person is not in this club.")
    return target


@transaction.atomic
def change_role(*, actor: Membership | None, membership_id: int, role: str) -> Membership:
    permissions.check_manage_club(actor)
    if role not in permissions.ASSIGNABLE_ROLES:
        raise ClubActionError("That is not a role you can give.")
    target = _target(actor.club, membership_id)
    permissions.check_assign_role(actor, target, role)
    before = target.get_role_display()
    target.role = role
    target.save(update_fields=["role"])
    audit.record(
        club=actor.club,
        actor=actor.user,
        action=audit.Action.ROLE_CHANGE,
        target=target.user,
        detail=f"{before} → {target.get_role_display()}",
    )
    return target


@transaction.atomic
def remove_member(*, actor: Membership | None, membership_id: int, reason: str = "") -> None:
    permissions.check_manage_club(actor)
    target = _target(actor.club, membership_id)
    permissions.check_remove_member(actor, target)
    if not target.is_active:
        raise ClubActionError("This person is banned, not a member. Lift the ban instead.")
    _end_membership(target)
    audit.record(
        club=actor.club,
        actor=actor.user,
        action=audit.Action.REMOVE,
        target=target.user,
        reason=reason,
    )


@transaction.atomic
def ban_member(*, actor: Membership | None, membership_id: int, reason: str = "") -> Membership:
    """A ban keeps the row (status banned), so the person cannot come back by link or request."""
    permissions.check_manage_club(actor)
    club = actor.club
    target = _target(club, membership_id)
    permissions.check_remove_member(actor, target)
    target.status = Membership.Status.BANNED
    target.role = Role.MEMBER
    target.ban_reason = reason
    target.save(update_fields=["status", "role", "ban_reason"])
    target.revoke_feed_links()  # a ban that is ever undone must not revive old links
    JoinRequest.objects.filter(
        club=club, user=target.user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.DECLINED, decided_at=timezone.now(), decided_by=actor.user)
    audit.record(
        club=club, actor=actor.user, action=audit.Action.BAN, target=target.user, reason=reason
    )
    return target


@transaction.atomic
def lift_ban(*, actor: Membership | None, membership_id: int) -> None:
    """The person may join again the usual way; they are not made a member."""
    permissions.check_manage_club(actor)
    target = _target(actor.club, membership_id)
    permissions.check_remove_member(actor, target)
    if target.is_active:
        raise ClubActionError("This person is not banned.")
    _end_membership(target)
    audit.record(club=actor.club, actor=actor.user, action=audit.Action.UNBAN, target=target.user)


@transaction.atomic
def transfer_ownership(*, actor: Membership | None, membership_id: int) -> Membership:
    """The new owner takes over; the old owner stays on as an admin."""
    permissions.check_manage_club(actor)
    # Re-read the actor's role under a lock: two owners handing over at once, one at a time.
    current = Membership.objects.select_for_update().filter(pk=actor.pk).first()
    target = _target(actor.club, membership_id)
    permissions.check_transfer_ownership(current, target)
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    current.role = actor.role = Role.ADMIN
    current.save(update_fields=["role"])
    audit.record(
        club=actor.club, actor=actor.user, action=audit.Action.OWNERSHIP, target=target.user
    )
    return target


# Moderation of members: warn and mute (remove and ban are above).


def _disciplined(actor: Membership | None, membership_id: int) -> Membership:
    permissions.check_moderate(actor)
    target = _target(actor.club, membership_id)
    permissions.check_discipline(actor, target)
    return target


@transaction.atomic
def warn_member(*, actor: Membership | None, membership_id: int, reason: str) -> Membership:
    """Record a warning and email it to the member, with the reason."""
    target = _disciplined(actor, membership_id)
    audit.record(
        club=actor.club,
        actor=actor.user,
        action=audit.Action.WARN,
        target=target.user,
        reason=reason,
    )
    transaction.on_commit(
        lambda: tasks.email_warning.enqueue(membership_id=target.pk, reason=reason)
    )
    return target


@transaction.atomic
def mute_member(
    *, actor: Membership | None, membership_id: int, duration: timedelta, reason: str
) -> Membership:
    """The member keeps reading but cannot post or react until the mute ends."""
    target = _disciplined(actor, membership_id)
    target.muted_until = timezone.now() + duration
    target.mute_reason = reason
    target.save(update_fields=["muted_until", "mute_reason"])
    until = timezone.localtime(target.muted_until, timezone.get_current_timezone())
    audit.record(
        club=actor.club,
        actor=actor.user,
        action=audit.Action.MUTE,
        target=target.user,
        reason=reason,
        detail=f"until {until:%d %b %Y %H:%M %Z}",
    )
    return target


@transaction.atomic
def unmute_member(*, actor: Membership | None, membership_id: int, reason: str = "") -> Membership:
    target = _disciplined(actor, membership_id)
    target.muted_until = None
    target.mute_reason = ""
    target.save(update_fields=["muted_until", "mute_reason"])
    audit.record(
        club=actor.club,
        actor=actor.user,
        action=audit.Action.UNMUTE,
        target=target.user,
        reason=reason,
    )
    return target


# Account deletion (registered with accounts.personal_data in ClubsConfig.ready()).

HANDOVER_ORDER = (Role.ADMIN, Role.MODERATOR, Role.MEMBER)


def _successor(club: Club, leaving: User) -> Membership | None:
    """The longest-serving admin, else moderator, else member."""
    candidates = (
        Membership.objects.active()
        .filter(club=club)
        .exclude(user=leaving)
        .select_for_update()
        .order_by("joined_at", "pk")
    )
    by_role: dict[str, Membership] = {}
    for membership in candidates:
        by_role.setdefault(membership.role, membership)
    return next((by_role[role] for role in HANDOVER_ORDER if role in by_role), None)


def hand_over_clubs(user: User, **_options) -> None:
    """Before an account goes: clubs it alone owns pass on; clubs left empty are deleted."""
    owned = Club.objects.filter(
        memberships__user=user,
        memberships__role=Role.OWNER,
        memberships__status=Membership.Status.ACTIVE,
    ).select_for_update()
    for club in owned:
        other_owners = (
            Membership.objects.active().filter(club=club, role=Role.OWNER).exclude(user=user)
        )
        if other_owners.exists():
            continue
        successor = _successor(club, user)
        if successor is None:
            audit.allow_erasing_club_log()
            club.delete()
            continue
        successor.role = Role.OWNER
        successor.save(update_fields=["role"])
        audit.record(
            club=club,
            actor=user,
            action=audit.Action.OWNERSHIP,
            target=successor.user,
            reason="The owner deleted their account.",
        )


def export_memberships(user: User) -> dict:
    return {
        "memberships": [
            {
                "club": m.club.name,
                "address": m.club.slug,
                "role": m.role,
                "status": m.status,
                "joined": m.joined_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("club")
        ],
        "join_requests": [
            {
                "club": r.club.name,
                "status": r.status,
                "message": r.message,
                "made": r.created_at.isoformat(),
            }
            for r in JoinRequest.objects.filter(user=user).select_related("club")
        ],
    }
