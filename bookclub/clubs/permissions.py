"""The one place that answers "may this person do this here".

Every rule has two faces: `can_<verb>(...) -> bool` for templates and lists, and
`check_<verb>(...)` that raises for services and views. A `membership` argument is
the viewer's Membership row in the club (banned rows included) or None.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bookclub.clubs.models import Club, Membership

Role = Membership.Role

ROLE_RANK = {Role.MEMBER: 1, Role.MODERATOR: 2, Role.ADMIN: 3, Role.OWNER: 4}


def rank(membership: Membership | None) -> int:
    if membership is None or not membership.is_active:
        return 0
    return ROLE_RANK[membership.role]


def acting_in(membership: Membership | None, club_id: int) -> Membership | None:
    """The membership if it is one of club `club_id`: elsewhere it counts as none at all."""
    if membership is None or membership.club_id != club_id:
        return None
    return membership


def is_member(membership: Membership | None) -> bool:
    return rank(membership) >= ROLE_RANK[Role.MEMBER]


def is_banned(membership: Membership | None) -> bool:
    return membership is not None and membership.status == Membership.Status.BANNED


def can_view_club(club: Club, membership: Membership | None) -> bool:
    """Public clubs are readable by anyone (banned people included); private ones by members."""
    return club.is_public or is_member(membership)


def check_view_club(club: Club, membership: Membership | None) -> None:
    if not can_view_club(club, membership):
        # Never a 403 here: that would tell outsiders the private club exists.
        raise Http404("No such club")


def can_participate(membership: Membership | None) -> bool:
    """Post, mark progress, RSVP: things members do."""
    return is_member(membership)


def can_moderate(membership: Membership | None) -> bool:
    return rank(membership) >= ROLE_RANK[Role.MODERATOR]


def can_manage_club(membership: Membership | None) -> bool:
    """Settings, join requests, invitations, roles, schedule curation."""
    return rank(membership) >= ROLE_RANK[Role.ADMIN]


def can_join_directly(club: Club, membership: Membership | None) -> bool:
    return club.join_policy == Club.JoinPolicy.OPEN and membership is None


def can_request_to_join(club: Club, membership: Membership | None) -> bool:
    return club.join_policy == Club.JoinPolicy.REQUEST and membership is None


def is_owner(membership: Membership | None) -> bool:
    return rank(membership) == ROLE_RANK[Role.OWNER]


def can_view_members(membership: Membership | None) -> bool:
    """The member list is for members: a pseudonym in a club can itself be sensitive."""
    return is_member(membership)


def can_accept_invitation(membership: Membership | None) -> bool:
    """Anyone not yet in the club and not banned from it."""
    return membership is None


ASSIGNABLE_ROLES = (Role.MEMBER, Role.MODERATOR, Role.ADMIN)


def can_assign_role(actor: Membership | None, target: Membership, new_role: str) -> bool:
    """Admins give roles up to admin to people below them; only owners touch other admins."""
    if not can_manage_club(actor) or not target.is_active or actor.pk == target.pk:
        return False
    if new_role not in ROLE_RANK or new_role == Role.OWNER:
        return False
    return rank(target) < rank(actor) and ROLE_RANK[new_role] <= rank(actor)


def can_remove_member(actor: Membership | None, target: Membership) -> bool:
    """Remove or ban: admins act on those below them, never on themselves."""
    return can_manage_club(actor) and actor.pk != target.pk and rank(target) < rank(actor)


def can_discipline(actor: Membership | None, target: Membership) -> bool:
    """Warn or mute: moderators and up act on active members below them."""
    return (
        can_moderate(actor)
        and target.is_active
        and actor.pk != target.pk
        and rank(target) < rank(actor)
    )


def is_muted(membership: Membership | None) -> bool:
    return membership is not None and membership.is_muted()


def _mute_message(membership: Membership) -> str:
    from django.utils import timezone

    until = timezone.localtime(membership.muted_until)
    reason = f" Reason: {membership.mute_reason}" if membership.mute_reason else ""
    return (
        f"A moderator muted you in this club until {until:%-d %b %Y, %H:%M} ({until:%Z}): "
        f"you can read but not post or react until then.{reason}"
    )


def check_not_muted(membership: Membership | None) -> None:
    if is_muted(membership):
        raise PermissionDenied(_mute_message(membership))


def can_transfer_ownership(actor: Membership | None, target: Membership) -> bool:
    return (
        rank(actor) == ROLE_RANK[Role.OWNER]
        and target.is_active
        and actor.pk != target.pk
        and target.role != Role.OWNER
    )


def can_leave(membership: Membership | None, *, owner_count: int) -> bool:
    """Anyone can leave at once, except the last owner, who must hand the club over first."""
    if not is_member(membership):
        return False
    return membership.role != Role.OWNER or owner_count > 1


def _deny(condition: bool, message: str) -> None:
    if not condition:
        raise PermissionDenied(message)


def check_participate(membership: Membership | None) -> None:
    _deny(can_participate(membership), "Only members of this club can do that.")


def check_moderate(membership: Membership | None) -> None:
    _deny(can_moderate(membership), "Only moderators and admins of this club can do that.")


def check_manage_club(membership: Membership | None) -> None:
    _deny(can_manage_club(membership), "Only admins of this club can do that.")


def check_assign_role(actor: Membership | None, target: Membership, new_role: str) -> None:
    _deny(can_assign_role(actor, target, new_role), "You cannot give that role to this member.")


def check_remove_member(actor: Membership | None, target: Membership) -> None:
    _deny(can_remove_member(actor, target), "You cannot remove this member.")


def check_discipline(actor: Membership | None, target: Membership) -> None:
    _deny(can_discipline(actor, target), "You cannot warn or mute this member.")


def check_transfer_ownership(actor: Membership | None, target: Membership) -> None:
    _deny(can_transfer_ownership(actor, target), "Only the owner can hand over the club.")


# Readings: schedules, progress, calendars.


def can_curate_schedule(membership: Membership | None) -> bool:
    """Add readings and books, build and publish schedules, add club themes: club admins."""
    return can_manage_club(membership)


def check_curate_schedule(membership: Membership | None) -> None:
    _deny(can_curate_schedule(membership), "Only admins of this club can change its readings.")


def can_track_progress(membership: Membership | None) -> bool:
    """Mark chapters read, RSVP, hold a private calendar link: active members."""
    return is_member(membership)


def check_track_progress(membership: Membership | None) -> None:
    _deny(can_track_progress(membership), "Only members of this club can do that.")


# Discussions. Threads and posts are passed in; this module never imports their models.


def can_hold_discussion_feed(membership: Membership | None) -> bool:
    """A private link to the club's discussion feed, readable without signing in: members."""
    return is_member(membership)


def check_hold_discussion_feed(membership: Membership | None) -> None:
    _deny(can_hold_discussion_feed(membership), "Only members of this club can do that.")


def can_start_thread(membership: Membership | None) -> bool:
    return is_member(membership) and not is_muted(membership)


def can_post_in(membership: Membership | None, thread) -> bool:
    """Members reply in open threads; moderators may still write in locked ones."""
    if not is_member(membership) or is_muted(membership):
        return False
    return not thread.is_locked or can_moderate(membership)


def can_edit_post(membership: Membership | None, post) -> bool:
    return is_member(membership) and not post.is_deleted and post.author_id == membership.user_id


def can_delete_post(membership: Membership | None, post) -> bool:
    if post.is_deleted or not is_member(membership):
        return False
    return post.author_id == membership.user_id or can_moderate(membership)


def can_react(membership: Membership | None) -> bool:
    return is_member(membership) and not is_muted(membership)


def can_pin(membership: Membership | None) -> bool:
    return can_moderate(membership)


can_lock = can_pin
can_view_revisions = can_moderate
# On the site, where a hidden post is marked as such; nobody reads one anywhere else.
can_read_hidden_posts = can_moderate


def check_start_thread(membership: Membership | None) -> None:
    check_not_muted(membership)
    _deny(can_start_thread(membership), "Only members of this club can start a thread.")


def check_post_in(membership: Membership | None, thread) -> None:
    check_not_muted(membership)
    if is_member(membership) and thread.is_locked and not can_moderate(membership):
        raise PermissionDenied("This thread is locked: no new replies can be added.")
    _deny(can_post_in(membership, thread), "Only members of this club can post here.")


def check_edit_post(membership: Membership | None, post) -> None:
    _deny(can_edit_post(membership, post), "Only the author can edit this post.")


def check_delete_post(membership: Membership | None, post) -> None:
    _deny(can_delete_post(membership, post), "You cannot delete this post.")


def check_react(membership: Membership | None) -> None:
    check_not_muted(membership)
    _deny(can_react(membership), "Only members of this club can react to posts.")


def check_pin(membership: Membership | None) -> None:
    _deny(can_pin(membership), "Only moderators can pin or lock threads.")


check_lock = check_pin


# Choosing the next book: proposals and polls. Both are passed in, never imported.


def can_propose_book(membership: Membership | None) -> bool:
    """Any active member who is not muted: a proposal's pitch is read by the whole club."""
    return is_member(membership) and not is_muted(membership)


def check_propose_book(membership: Membership | None) -> None:
    check_not_muted(membership)
    _deny(can_propose_book(membership), "Only members of this club can propose a book.")


def can_withdraw_proposal(membership: Membership | None, proposal) -> bool:
    return (
        is_member(membership)
        and proposal.proposed_by_id == membership.user_id
        and proposal.status == "open"
    )


def check_withdraw_proposal(membership: Membership | None, proposal) -> None:
    _deny(can_withdraw_proposal(membership, proposal), "Only who proposed it can withdraw it.")


def can_manage_polls(membership: Membership | None) -> bool:
    """Create and close polls, close and archive proposals: club admins."""
    return can_manage_club(membership)


def check_manage_polls(membership: Membership | None) -> None:
    _deny(can_manage_polls(membership), "Only admins of this club can run polls.")


def vote_refusal(membership: Membership | None, poll, now) -> str:
    """Why this person may not vote in this poll now, or "" when they may.

    Banned people are not members. A personal block between members changes nothing:
    a ballot is cast to the club, never shown to anyone.
    """
    if not is_member(membership):
        return "Only members of this club can vote."
    if now < poll.opens_at:
        return "This poll is not open yet."
    if now >= poll.closes_at:
        return "This poll has closed: ballots are no longer accepted."
    if not poll.late_joiners_may_vote and membership.joined_at > poll.opens_at:
        return "This poll is for members who had joined by the time it opened."
    return ""


def can_vote(membership: Membership | None, poll, now) -> bool:
    return not vote_refusal(membership, poll, now)


def check_vote(membership: Membership | None, poll, now) -> None:
    refusal = vote_refusal(membership, poll, now)
    if refusal:
        raise PermissionDenied(refusal)
