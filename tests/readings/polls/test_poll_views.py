"""The Next book pages as members and admins use them, without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from readings.polls import services
from readings.polls.models import Ballot, Poll, PollOption, Proposal
from tests.conftest import member_of
from tests.factories import BookFactory, MembershipFactory

from .conftest import make_poll

pytestmark = pytest.mark.django_db


def _url(name: str, club, **kwargs) -> str:
    return reverse(f"polls:{name}", kwargs={"club_slug": club.slug, **kwargs})


def _rank_data(poll, *titles) -> dict:
    options = {o.title: o.pk for o in PollOption.objects.filter(poll=poll)}
    return {f"rank_{options[t]}": str(n) for n, t in enumerate(titles, start=1)}


def _close(poll) -> Poll:
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=2),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    return Poll.objects.get(pk=poll.pk)


def test_a_duplicate_proposal_is_pointed_out_and_the_text_kept(client, club, member_membership):
    services.propose_book(
        actor=member_membership,
        club=club,
        title="Revolting Prostitutes",
        authors="Juno Mac and Molly Smith",
    )
    client.force_login(member_of(club))
    data = {"title": "revolting prostitutes!", "authors": "Molly Smith", "pitch": "My own pitch"}
    response = client.post(_url("proposal-create", club), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "looks like a book already proposed" in page
    assert "My own pitch" in page
    response = client.post(_url("proposal-create", club), data | {"propose_anyway": "on"})
    assert response.status_code == 302
    assert Proposal.objects.filter(club=club).count() == 2


def test_a_bad_isbn_gets_a_clear_message(client, club):
    client.force_login(member_of(club))
    data = {"title": "Book", "authors": "Someone", "isbn13": "978-0-00-000000-1"}
    page = client.post(_url("proposal-create", club), data).content.decode()
    assert "does not add up" in page and "978-0-00-000000-1" in page


def test_admin_creates_a_poll_in_the_club_time_zone(client, club, admin_membership):
    club.time_zone = "America/Toronto"
    club.save()
    for title in ("One", "Two"):
        services.propose_book(actor=admin_membership, club=club, title=title, authors="A")
    client.force_login(admin_membership.user)
    response = client.post(
        _url("poll-create", club),
        {
            "title": "Pick",
            "method": "approval",
            "proposals": list(Proposal.objects.values_list("pk", flat=True)),
            "opens_at": "2031-03-01T09:00",
            "closes_at": "2031-03-08T21:00",
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.opens_at == dt.datetime(2031, 3, 1, 14, 0, tzinfo=dt.UTC)  # 09:00 EST
    assert not poll.late_joiners_may_vote  # the box was left unticked
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "opens on Saturday 1 March 2031, 09:00" in page


def test_voting_then_editing_keeps_one_ballot_and_shows_my_ranks(client, club, poll):
    client.force_login(member_of(club))
    response = client.post(poll.get_absolute_url(), _rank_data(poll, "Beta", "Alpha"))
    assert response.status_code == 302
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "Change my ballot" in page and "You have voted" in page
    client.post(poll.get_absolute_url(), _rank_data(poll, "Gamma"))
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert [c.option.title for c in Ballot.objects.get().choices.all()] == ["Gamma"]


def test_two_books_with_the_same_rank_are_refused_with_the_ballot_kept(client, club, poll):
    client.force_login(member_of(club))
    options = list(PollOption.objects.filter(poll=poll))
    data = {f"rank_{options[0].pk}": "1", f"rank_{options[1].pk}": "1"}
    response = client.post(poll.get_absolute_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "two books have the same rank" in page
    assert page.count('<option value="1" selected>') == 2
    assert not Ballot.objects.exists()


def test_a_ballot_after_the_close_is_refused_with_a_message(client, club, poll):
    client.force_login(member_of(club))
    poll = _close(poll)
    response = client.post(poll.get_absolute_url(), _rank_data(poll, "Alpha"))
    assert response.status_code == 403
    assert "ballots are no longer accepted" in response.content.decode()
    assert not Ballot.objects.exists()
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "This poll closed on" in page and "See the results" in page


def test_results_are_hidden_until_the_close_then_shown_round_by_round(client, club, poll):
    voters = [member_of(club) for _ in range(5)]
    rankings = [("Alpha",), ("Alpha",), ("Beta", "Alpha"), ("Beta", "Alpha"), ("Gamma", "Beta")]
    for person, ranking in zip(voters, rankings, strict=True):
        client.force_login(person)
        client.post(poll.get_absolute_url(), _rank_data(poll, *ranking))
    client.force_login(member_of(club))  # someone who did not vote reads the results
    page = client.get(poll.results_url()).content.decode()
    assert "hidden until the poll closes" in page
    assert "Round 1" not in page
    assert "5 members voted" in page
    _close(poll)
    page = client.get(poll.results_url()).content.decode()
    assert "Round 1" in page and "Round 2" in page and "Round 3" not in page
    assert "Eliminated: Gamma by Author of Gamma (fewest votes (1))" in page
    assert "The next book: Beta by Author of Beta" in page
    assert "<svg" in page and "style=" not in page
    for person in voters:
        assert person.display_name not in page  # only how many voted, never who


def test_live_results_show_while_voting(client, club, admin_membership):
    poll = make_poll(club, admin_membership, method="approval", results_live=True)
    client.force_login(member_of(club))
    options = list(PollOption.objects.filter(poll=poll))
    client.post(poll.get_absolute_url(), {"approve": [options[1].pk, options[2].pk]})
    page = client.get(poll.results_url()).content.decode()
    assert "results so far" in page
    assert "In the lead: Beta" in page


def test_the_winner_starts_a_reading_in_one_click_for_admins(client, club, poll, admin_membership):
    voter = member_of(club)
    client.force_login(voter)
    client.post(poll.get_absolute_url(), _rank_data(poll, "Gamma"))
    _close(poll)
    assert "Start reading it" not in client.get(poll.results_url()).content.decode()
    client.force_login(admin_membership.user)
    page = client.get(poll.results_url()).content.decode()
    gamma = PollOption.objects.get(poll=poll, title="Gamma")
    start = reverse("readings:reading-create", kwargs={"club_slug": club.slug})
    assert f'href="{start}?option={gamma.pk}"' in page
    form = client.get(f"{start}?option={gamma.pk}").content.decode()
    assert 'value="Gamma"' in form and 'value="Author of Gamma"' in form


def test_a_winner_already_in_the_catalogue_is_preselected(client, club, admin_membership):
    book = BookFactory(title="In the catalogue", isbn13="9780306406157")
    proposal = services.propose_book(
        actor=admin_membership, club=club, title=book.title, authors="X", isbn13=book.isbn13
    )
    poll = services.create_poll(
        actor=admin_membership,
        club=club,
        title="P",
        method="ranked",
        opens_at=timezone.now(),
        closes_at=timezone.now() + dt.timedelta(days=1),
        proposals=[proposal],
        other_options=[("Other", "")],
    )
    option = poll.options.get(proposal=proposal)
    client.force_login(admin_membership.user)
    start = reverse("readings:reading-create", kwargs={"club_slug": club.slug})
    form = client.get(f"{start}?option={option.pk}").content.decode()
    assert f'<option value="{book.pk}" selected>' in form


def test_another_clubs_option_prefills_nothing(client, club, admin_membership):
    other_admin = MembershipFactory(role="admin")
    other = make_poll(other_admin.club, other_admin, titles=("Elsewhere", "Nowhere"))
    client.force_login(admin_membership.user)
    option = other.options.first()
    start = reverse("readings:reading-create", kwargs={"club_slug": club.slug})
    assert option.title not in client.get(f"{start}?option={option.pk}").content.decode()


def test_club_home_announces_the_open_poll_until_the_member_votes(client, club, poll):
    person = member_of(club)
    client.force_login(person)
    page = client.get(club.get_absolute_url()).content.decode()
    assert "Choose the next book" in page and ">Next book</a>" in page
    client.post(poll.get_absolute_url(), _rank_data(poll, "Alpha"))
    assert "Choose the next book" not in client.get(club.get_absolute_url()).content.decode()


def test_withdrawn_and_archived_proposals_leave_the_page(client, club, member_membership):
    proposal = services.propose_book(
        actor=member_membership, club=club, title="Going away", authors="A"
    )
    client.force_login(member_membership.user)
    kept = services.propose_book(actor=member_membership, club=club, title="Staying", authors="B")
    client.post(_url("proposal-withdraw", club, proposal_id=proposal.pk))
    page = client.get(_url("proposal-list", club)).content.decode()
    assert f'id="proposal-{proposal.pk}"' not in page and f'id="proposal-{kept.pk}"' in page
    client.force_login(member_of(club, "admin"))
    client.post(_url("proposal-status", club, proposal_id=kept.pk), {"status": "archived"})
    assert (
        f'id="proposal-{kept.pk}"' not in client.get(_url("proposal-list", club)).content.decode()
    )


def test_the_demo_club_has_proposals_an_open_poll_and_a_closed_one_with_rounds(client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)  # twice: nothing doubles
    club = Poll.objects.first().club
    assert Proposal.objects.filter(club=club).count() == 2
    open_poll, closed = (
        Poll.objects.get(title="Our next book"),
        Poll.objects.exclude(title="Our next book").get(),
    )
    assert open_poll.is_open() and open_poll.is_ranked and closed.is_closed()
    page = client.get(closed.results_url()).content.decode()
    assert "Round 2" in page and "The next book: Not Your Rescue Project" in page
    mei = club.memberships.get(user__display_name="Mei").user
    client.force_login(mei)
    assert "Choose the next book" in client.get(club.get_absolute_url()).content.decode()
