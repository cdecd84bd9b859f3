"""Every write about choosing the next book. Each service checks permission first; admin
actions on polls and proposals are written to the club's audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from bookclub.clubs import audit, permissions
from bookclub.clubs.models import AuditLog, Club, Membership
from bookclub.markdown import render_markdown
from readings.polls.models import (
    Ballot,
    BallotChoice,
    Poll,
    PollEmailOptOut,
    PollOption,
    Proposal,
)

MIN_OPTIONS = 2
MAX_OPTIONS = 30


class PollRefused(Exception):
    """A change the rules refuse; `errors` maps form fields (or None) to messages."""

    def __init__(self, errors: dict[str | None, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


# Proposals


@transaction.atomic
def propose_book(
    *,
    actor: Membership | None,
    club: Club,
    title: str,
    authors: str,
    isbn13: str = "",
    cover=None,
    pitch: str = "",
    content_notes: str = "",
) -> Proposal:
    permissions.check_propose_book(permissions.acting_in(actor, club.pk))
    return Proposal.objects.create(
        club=club,
        proposed_by_id=actor.user_id,
        title=title,
        authors=authors,
        isbn13=isbn13,
        cover=cover or "",
        pitch=pitch,
        pitch_html=render_markdown(pitch),
        content_notes=content_notes,
    )


@transaction.atomic
def withdraw_proposal(*, actor: Membership | None, proposal: Proposal) -> None:
    permissions.check_withdraw_proposal(permissions.acting_in(actor, proposal.club_id), proposal)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])


_ADMIN_STATUSES = {
    Proposal.Status.CLOSED: AuditLog.Action.CLOSE_PROPOSAL,
    Proposal.Status.ARCHIVED: AuditLog.Action.ARCHIVE_PROPOSAL,
}


@transaction.atomic
def set_proposal_status(*, actor: Membership | None, proposal: Proposal, status: str) -> None:
    """Admins close a proposal (kept on the page, no longer offered for polls) or archive it."""
    permissions.check_manage_polls(permissions.acting_in(actor, proposal.club_id))
    if status not in _ADMIN_STATUSES:
        raise PollRefused({"status": ["Choose close or archive."]})
    proposal.status = status
    proposal.save(update_fields=["status"])
    audit.record(
        club=proposal.club,
        actor=actor.user,
        action=_ADMIN_STATUSES[status],
        target=proposal.proposed_by,
        detail=f"“{proposal.title}”",
    )


# Polls


@transaction.atomic
def create_poll(
    *,
    actor: Membership | None,
    club: Club,
    title: str,
    method: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    results_live: bool = False,
    late_joiners_may_vote: bool = True,
    proposals: Sequence[Proposal] = (),
    other_options: Sequence[tuple[str, str]] = (),
) -> Poll:
    """A poll over open proposals (oldest first) and typed options [(title, authors)]."""
    permissions.check_manage_polls(permissions.acting_in(actor, club.pk))
    errors: dict[str | None, list[str]] = {}
    if closes_at <= opens_at:
        errors["closes_at"] = ["The poll must close after it opens."]
    if any(p.club_id != club.pk or p.status != Proposal.Status.OPEN for p in proposals):
        errors["proposals"] = ["Only open proposals of this club can go on a ballot."]
    count = len(proposals) + len(other_options)
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        errors[None] = [
            f"A poll needs between {MIN_OPTIONS} and {MAX_OPTIONS} books to choose from."
        ]
    if errors:
        raise PollRefused(errors)
    poll = Poll.objects.create(
        club=club,
        title=title,
        method=method,
        opens_at=opens_at,
        closes_at=closes_at,
        results_live=results_live,
        late_joiners_may_vote=late_joiners_may_vote,
        created_by_id=actor.user_id,
    )
    # Listed in the order proposed: the tie-break (readings.polls.tally) relies on it.
    ordered = sorted(proposals, key=lambda p: (p.created_at, p.pk))
    options = [PollOption(proposal=p, title=p.title, authors=p.authors) for p in ordered]
    options += [PollOption(title=t, authors=a) for t, a in other_options]
    for position, option in enumerate(options, start=1):
        option.poll, option.position = poll, position
    PollOption.objects.bulk_create(options)
    audit.record(
        club=club, actor=actor.user, action=AuditLog.Action.CREATE_POLL, detail=f"“{title}”"
    )
    return poll


@transaction.atomic
def close_poll(*, actor: Membership | None, poll: Poll, now: dt.datetime | None = None) -> None:
    """Close an open poll at once; its results go out with the next announcements."""
    permissions.check_manage_polls(permissions.acting_in(actor, poll.club_id))
    now = now or timezone.now()
    if not poll.is_open(now):
        raise PollRefused({None: ["Only an open poll can be closed early."]})
    poll.closes_at = now
    poll.save(update_fields=["closes_at"])
    audit.record(
        club=poll.club,
        actor=actor.user,
        action=AuditLog.Action.CLOSE_POLL,
        detail=f"“{poll.title}”",
    )


# Ballots


@transaction.atomic
def cast_ballot(
    *,
    actor: Membership | None,
    poll: Poll,
    option_ids: Sequence[int],
    now: dt.datetime | None = None,
) -> Ballot:
    """Cast or replace the actor's ballot: `option_ids` first choice first (approval: any order).

    The unique constraint on (poll, user) is what keeps it one ballot per member when two
    requests race; the ballot row is then locked so that two edits apply one after the other.
    """
    now = now or timezone.now()
    permissions.check_vote(permissions.acting_in(actor, poll.club_id), poll, now)
    valid = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    chosen = list(dict.fromkeys(option_ids))
    if not chosen:
        raise PollRefused({None: ["Choose at least one book."]})
    if len(chosen) != len(option_ids) or not set(chosen) <= valid:
        raise PollRefused({None: ["Each book can be chosen once, from this poll's list."]})
    ballot, created = Ballot.objects.get_or_create(
        poll=poll, user_id=actor.user_id, defaults={"cast_at": now, "updated_at": now}
    )
    if not created:
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        ballot.updated_at = now
        ballot.save(update_fields=["updated_at"])
        BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, option_id=option_id, rank=rank)
        for rank, option_id in enumerate(chosen, start=1)
    )
    return ballot


# Email preference


@transaction.atomic
def set_poll_emails(*, actor: Membership | None, club: Club, wanted: bool) -> None:
    permissions.check_participate(permissions.acting_in(actor, club.pk))
    if wanted:
        PollEmailOptOut.objects.filter(club=club, user_id=actor.user_id).delete()
    else:
        PollEmailOptOut.objects.get_or_create(club=club, user_id=actor.user_id)


# Announcements


ANNOUNCEMENTS = {
    # kind: (stamp field, which polls are due at `now`)
    "opened": "opening_announced_at",
    "closing": "closing_reminded_at",
    "results": "results_announced_at",
}
CLOSING_NOTICE = dt.timedelta(hours=24)


def _due(kind: str, now: dt.datetime):
    polls = Poll.objects.filter(**{f"{ANNOUNCEMENTS[kind]}__isnull": True})
    if kind == "opened":
        return polls.open_at(now)
    if kind == "closing":
        return polls.open_at(now).filter(closes_at__lte=now + CLOSING_NOTICE)
    return polls.filter(closes_at__lte=now)


def queue_poll_announcements(*, now: dt.datetime | None = None) -> int:
    """Queue the email of every poll that opened, closes within 24 hours, or has closed.

    Each is claimed by stamping the poll with `UPDATE … WHERE <stamp> IS NULL` before the
    task is queued: a second run, or a second worker, claims nothing and queues nothing.
    """
    from readings.polls.tasks import send_poll_announcement

    now = now or timezone.now()
    queued = 0
    for kind, stamp in ANNOUNCEMENTS.items():
        for poll_id in _due(kind, now).values_list("pk", flat=True):
            with transaction.atomic():
                claimed = Poll.objects.filter(pk=poll_id, **{f"{stamp}__isnull": True}).update(
                    **{stamp: now}
                )
                if not claimed:
                    continue
                transaction.on_commit(
                    lambda poll_id=poll_id, kind=kind: send_poll_announcement.enqueue(
                        poll_id=poll_id, kind=kind
                    )
                )
                queued += 1
    return queued
