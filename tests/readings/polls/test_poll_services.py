"""Proposals, polls and ballots through their services: rules, audit, one ballot each."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookclub.clubs.models import AuditLog, Membership
from readings.polls import services
from readings.polls.models import Ballot, BallotChoice, Poll, PollOption, Proposal
from tests.conftest import member_of
from tests.factories import ClubFactory, MembershipFactory

from .conftest import make_poll, make_proposals

pytestmark = pytest.mark.django_db


def _options(poll) -> list[int]:
    return list(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))


def test_propose_book_renders_the_pitch_and_refuses_muted_members(club, member_membership):
    proposal = services.propose_book(
        actor=member_membership,
        club=club,
        title="Revolting Prostitutes",
        authors="Juno Mac and Molly Smith",
        pitch="Short, *sharp*, and by workers.",
    )
    assert "<em>sharp</em>" in proposal.pitch_html
    member_membership.muted_until = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(PermissionDenied, match="muted"):
        services.propose_book(actor=member_membership, club=club, title="X", authors="Y")


def test_withdraw_proposal_only_by_who_proposed_it(club, member_membership, admin_membership):
    (proposal,) = make_proposals(club, member_membership, ["Mine"])
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(actor=admin_membership, proposal=proposal)
    services.withdraw_proposal(actor=member_membership, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN


def test_admin_closing_and_archiving_proposals_is_audited(
    club, member_membership, admin_membership
):
    first, second = make_proposals(club, member_membership, ["One", "Two"])
    services.set_proposal_status(actor=admin_membership, proposal=first, status="closed")
    services.set_proposal_status(actor=admin_membership, proposal=second, status="archived")
    actions = list(club.audit_log.values_list("action", "detail"))
    assert (AuditLog.Action.CLOSE_PROPOSAL, "“One”") in actions
    assert (AuditLog.Action.ARCHIVE_PROPOSAL, "“Two”") in actions
    with pytest.raises(PermissionDenied):
        services.set_proposal_status(actor=member_membership, proposal=first, status="archived")


def test_create_poll_lists_proposals_oldest_first_and_is_audited(club, admin_membership):
    proposals = make_proposals(club, admin_membership, ["Older", "Newer"])
    poll = services.create_poll(
        actor=admin_membership,
        club=club,
        title="Spring pick",
        method="ranked",
        opens_at=timezone.now(),
        closes_at=timezone.now() + dt.timedelta(days=1),
        proposals=list(reversed(proposals)),
        other_options=[("Typed in", "Someone")],
    )
    assert [str(o) for o in poll.options.all()] == [
        "Older by Author of Older",
        "Newer by Author of Newer",
        "Typed in by Someone",
    ]
    assert club.audit_log.filter(action=AuditLog.Action.CREATE_POLL).count() == 1


def test_create_poll_needs_two_books_and_admins(club, admin_membership, member_membership):
    (only,) = make_proposals(club, admin_membership, ["Lonely"])
    arguments = {
        "club": club,
        "title": "T",
        "method": "approval",
        "opens_at": timezone.now(),
        "closes_at": timezone.now() + dt.timedelta(days=1),
        "proposals": [only],
    }
    with pytest.raises(services.PollRefused, match="between 2 and"):
        services.create_poll(actor=admin_membership, **arguments)
    with pytest.raises(PermissionDenied):
        services.create_poll(actor=member_membership, **arguments)


def test_close_poll_early_is_audited_and_stops_voting(club, poll, admin_membership):
    services.close_poll(actor=admin_membership, poll=poll)
    assert club.audit_log.filter(action=AuditLog.Action.CLOSE_POLL).count() == 1
    voter = member_of(club).memberships.get(club=club)
    with pytest.raises(PermissionDenied, match="closed"):
        services.cast_ballot(actor=voter, poll=Poll.objects.get(pk=poll.pk), option_ids=[1])


def test_editing_a_ballot_keeps_one_ballot_with_the_new_ranking(poll, member_membership):
    first, second, third = _options(poll)
    services.cast_ballot(actor=member_membership, poll=poll, option_ids=[first, second])
    services.cast_ballot(actor=member_membership, poll=poll, option_ids=[third])
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert list(BallotChoice.objects.values_list("option_id", "rank")) == [(third, 1)]


def test_a_ballot_after_the_close_is_refused_with_a_message(poll, member_membership):
    later = poll.closes_at + dt.timedelta(seconds=1)
    with pytest.raises(PermissionDenied, match="closed: ballots are no longer accepted"):
        services.cast_ballot(
            actor=member_membership, poll=poll, option_ids=_options(poll)[:1], now=later
        )
    assert not Ballot.objects.exists()


def test_banned_members_and_late_joiners_cannot_vote_when_refused(club, admin_membership):
    poll = make_poll(club, admin_membership, late_joiners_may_vote=False)
    banned = MembershipFactory(club=club, status="banned")
    with pytest.raises(PermissionDenied, match="Only members"):
        services.cast_ballot(actor=banned, poll=poll, option_ids=_options(poll)[:1])
    late = MembershipFactory(club=club)  # joined now, after the opening an hour ago
    with pytest.raises(PermissionDenied, match="joined by the time it opened"):
        services.cast_ballot(actor=late, poll=poll, option_ids=_options(poll)[:1])


def test_a_ballot_cannot_name_another_polls_option_or_a_book_twice(club, poll, member_membership):
    other = make_poll(club, member_of(club, "admin").memberships.get(club=club), titles=("Z", "Y"))
    with pytest.raises(services.PollRefused):
        services.cast_ballot(actor=member_membership, poll=poll, option_ids=_options(other)[:1])
    first = _options(poll)[0]
    with pytest.raises(services.PollRefused):
        services.cast_ballot(actor=member_membership, poll=poll, option_ids=[first, first])


def test_the_database_itself_refuses_a_second_ballot(poll, member_membership):
    Ballot.objects.create(poll=poll, user_id=member_membership.user_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(poll=poll, user_id=member_membership.user_id)


@pytest.mark.django_db(transaction=True)
def test_fifty_members_voting_at_once_leave_fifty_ballots():
    club = ClubFactory()
    admin = MembershipFactory(club=club, role="admin")
    poll = make_poll(club, admin)
    options = _options(poll)
    voters = [MembershipFactory(club=club) for _ in range(50)]
    # The first ten press "Cast" twice at the same moment.
    attempts = voters + voters[:10]

    def vote(membership: Membership) -> None:
        try:
            services.cast_ballot(
                actor=membership, poll=poll, option_ids=[options[membership.pk % 3]]
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(vote, attempts))
    assert Ballot.objects.filter(poll=poll).count() == 50
    assert Ballot.objects.filter(poll=poll).values("user").distinct().count() == 50
    assert BallotChoice.objects.filter(ballot__poll=poll).count() == 50


def test_announcements_go_out_once_each_and_the_reminder_only_to_who_has_not_voted(
    club, admin_membership, django_capture_on_commit_callbacks
):
    voter, idle, quiet = (MembershipFactory(club=club) for _ in range(3))
    poll = make_poll(club, admin_membership, closes_at=timezone.now() + dt.timedelta(hours=20))
    services.set_poll_emails(actor=quiet, club=club, wanted=False)
    services.cast_ballot(actor=voter, poll=poll, option_ids=_options(poll)[:1])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_poll_announcements() == 2  # opened, closing
    opened = [m for m in mail.outbox if "Vote for the next book" in m.subject]
    closing = [m for m in mail.outbox if "24 hours left" in m.subject]
    assert {m.to[0] for m in opened} == {
        admin_membership.user.email,
        voter.user.email,
        idle.user.email,
    }
    assert {m.to[0] for m in closing} == {admin_membership.user.email, idle.user.email}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_poll_announcements() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_poll_announcements(now=poll.closes_at + dt.timedelta(minutes=1))
    results = [m for m in mail.outbox if "is chosen" in m.subject]
    assert len(results) == 3
    assert poll.results_url() in results[0].body


def test_look_alikes_ignore_case_accents_articles_subtitles_and_co_authors():
    from readings.polls.models import looks_alike

    proposal = Proposal(
        title="Revolting Prostitutes: The Fight for Sex Workers' Rights",
        authors="Juno Mac and Molly Smith",
        isbn13="",
    )
    assert looks_alike(
        proposal, title="the revolting prostitutes", authors="Molly Smith", isbn13=""
    )
    assert not looks_alike(proposal, title="Revolting Prostitutes", authors="Ann Other", isbn13="")
    assert not looks_alike(proposal, title="Revolting", authors="Juno Mac", isbn13="")
    same_isbn = Proposal(title="A", authors="B", isbn13="9780306406157")
    assert looks_alike(same_isbn, title="Z", authors="Y", isbn13="9780306406157")


def test_export_holds_my_proposals_and_ballots_and_deletion_keeps_the_count(
    club, poll, member_membership
):
    from bookclub.accounts import personal_data
    from bookclub.accounts.services import delete_account
    from tests.factories import PASSWORD

    person = member_membership.user
    services.propose_book(
        actor=member_membership, club=club, title="Mine", authors="Me", pitch="Read it"
    )
    beta = PollOption.objects.get(poll=poll, title="Beta")
    services.cast_ballot(actor=member_membership, poll=poll, option_ids=[beta.pk])
    exported = personal_data.export_all(person)["polls"]
    assert exported["ballots"][0]["choices"] == ["Beta"]
    assert exported["proposals"][0]["pitch"] == "Read it"
    delete_account(user=person, password=PASSWORD, remove_posts=True)
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.user_id is None  # still counted, by no one
    proposal = Proposal.objects.get(title="Mine")
    assert (proposal.status, proposal.pitch, proposal.proposed_by_id) == ("withdrawn", "", None)


def test_poll_services_refuse_an_admin_of_another_club(club, member_membership, poll):
    """Someone who runs one club holds no rights in another they merely belong to."""
    other = ClubFactory()
    admin_elsewhere = MembershipFactory(club=other, user=member_membership.user, role="admin")
    (proposal,) = make_proposals(club, member_membership, ["Ours"])
    logged = club.audit_log.count()
    now = timezone.now()
    writes = [
        lambda: services.propose_book(actor=admin_elsewhere, club=club, title="X", authors="Y"),
        lambda: services.set_proposal_status(
            actor=admin_elsewhere, proposal=proposal, status="archived"
        ),
        lambda: services.create_poll(
            actor=admin_elsewhere,
            club=club,
            title="Next",
            method="approval",
            opens_at=now,
            closes_at=now + dt.timedelta(days=2),
            proposals=[proposal],
        ),
        lambda: services.close_poll(actor=admin_elsewhere, poll=poll),
        lambda: services.cast_ballot(actor=admin_elsewhere, poll=poll, option_ids=_options(poll)),
        lambda: services.set_poll_emails(actor=admin_elsewhere, club=club, wanted=False),
    ]

    for write in writes:
        with pytest.raises(PermissionDenied):
            write()

    assert Poll.objects.filter(club=club).count() == 1 and not Ballot.objects.exists()
    assert club.audit_log.count() == logged
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.OPEN
