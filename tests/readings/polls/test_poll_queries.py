"""The poll and results pages run the same number of queries with 3 books and ballots or 30."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from readings.polls import services
from readings.polls.models import Poll, PollOption
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
POLL_PAGE_MAX = 8  # session, user, membership, club, poll, options, my ranks, messages
RESULTS_PAGE_MAX = 8  # session, user, membership, club, poll, options, the ballots
NEXT_BOOK_MAX = 9  # …, proposals, polls, my email choice, the unread notification count


def _poll_with_ballots(club, size: int) -> Poll:
    admin = MembershipFactory(club=club, role="admin")
    poll = services.create_poll(
        actor=admin,
        club=club,
        title="Sized",
        method="ranked",
        opens_at=timezone.now() - dt.timedelta(hours=1),
        closes_at=timezone.now() + dt.timedelta(days=1),
        other_options=[(f"Book {n}", f"Author {n}") for n in range(size)],
    )
    options = list(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    for n in range(size):
        voter = MembershipFactory(club=club)
        ranking = options[n % size :] + options[: n % size]
        services.cast_ballot(actor=voter, poll=poll, option_ids=ranking[: 1 + n % 4])
    return poll


@pytest.mark.parametrize("size", SIZES)
def test_poll_page_query_count_is_constant(client, club, django_assert_max_num_queries, size):
    poll = _poll_with_ballots(club, size)
    voter = MembershipFactory(club=club)
    services.cast_ballot(
        actor=voter, poll=poll, option_ids=list(poll.options.values_list("pk", flat=True))
    )
    client.force_login(voter.user)
    with django_assert_max_num_queries(POLL_PAGE_MAX):
        response = client.get(poll.get_absolute_url())
    assert "Change my ballot" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_results_page_query_count_is_constant(client, club, django_assert_max_num_queries, size):
    poll = _poll_with_ballots(club, size)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    client.force_login(MembershipFactory(club=club, role="admin").user)
    with django_assert_max_num_queries(RESULTS_PAGE_MAX):
        response = client.get(poll.results_url())
    assert "Round 1" in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
def test_next_book_page_query_count_is_constant(client, club, django_assert_max_num_queries, size):
    poll = _poll_with_ballots(club, size)
    for n in range(size):
        services.propose_book(
            actor=poll.club.memberships.first(), club=club, title=f"P{n}", authors="A"
        )
    client.force_login(MembershipFactory(club=club).user)
    with django_assert_max_num_queries(NEXT_BOOK_MAX):
        response = client.get(poll.club.get_absolute_url() + "next-book/")
    assert "Voting now" in response.content.decode()
