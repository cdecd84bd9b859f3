"""The "Next book" pages: proposals, polls, ballots, results. Every view goes through
@club_view, so a private club's polls are a 404 to anyone but its members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions
from bookclub.clubs.access import club_view
from readings.polls import services
from readings.polls.forms import BallotForm, PollForm, ProposalForm
from readings.polls.models import BallotChoice, Poll, PollEmailOptOut, PollOption, Proposal
from readings.polls.results import count_poll
from readings.zones import club_zone

member = permissions.can_participate
poll_admin = permissions.can_manage_polls


def _next_book_url(access) -> str:
    return reverse("polls:proposal-list", kwargs={"club_slug": access.club.slug})


def _poll_in_club(access, poll_id: int) -> Poll:
    poll = get_object_or_404(Poll.objects.in_club(access.club).with_ballot_count(), pk=poll_id)
    poll.club = access.club
    return poll


def _proposal_in_club(access, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.in_club(access.club), pk=proposal_id)
    proposal.club = access.club
    return proposal


def _add_refusal(form, refusal: services.PollRefused) -> None:
    for field, errors in refusal.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@club_view()
def proposal_list(request, access):
    """The club's open proposals and its polls, newest first."""
    membership = access.active_membership
    proposals = list(Proposal.objects.in_club(access.club).listed().select_related("proposed_by"))
    polls = list(Poll.objects.in_club(access.club).with_ballot_count().with_voted(request.user))
    now = timezone.now()
    for proposal in proposals:
        proposal.can_withdraw = permissions.can_withdraw_proposal(membership, proposal)
    emails_wanted = bool(
        membership
        and not PollEmailOptOut.objects.filter(club=access.club, user=request.user).exists()
    )
    return render(
        request,
        "readings/polls/proposal_list.html",
        {
            "access": access,
            "club": access.club,
            "proposals": proposals,
            "open_polls": [p for p in polls if p.is_open(now)],
            "upcoming_polls": [p for p in polls if now < p.opens_at],
            "closed_polls": [p for p in polls if p.is_closed(now)],
            "can_propose": permissions.can_propose_book(membership),
            "can_manage": poll_admin(access.membership),
            "is_member": membership is not None,
            "emails_wanted": emails_wanted,
            "zone": club_zone(access.club),
        },
    )


@club_view(member)
def proposal_create(request, access):
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        existing=Proposal.objects.in_club(access.club).listed(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.propose_book(
                actor=access.membership,
                club=access.club,
                title=data["title"],
                authors=data["authors"],
                isbn13=data["isbn13"],
                cover=data["cover"],
                pitch=data["pitch"],
                content_notes=data["content_notes"],
            )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Thank you: your proposal is on the Next book page.")
            return redirect(_next_book_url(access))
    return render(
        request,
        "readings/polls/proposal_form.html",
        {"access": access, "club": access.club, "form": form},
    )


@club_view(member)
@require_POST
def proposal_withdraw(request, access, proposal_id: int):
    proposal = _proposal_in_club(access, proposal_id)
    services.withdraw_proposal(actor=access.membership, proposal=proposal)
    messages.success(request, f"You withdrew “{proposal.title}”.")
    return redirect(_next_book_url(access))


@club_view(poll_admin)
@require_POST
def proposal_status(request, access, proposal_id: int):
    proposal = _proposal_in_club(access, proposal_id)
    try:
        services.set_proposal_status(
            actor=access.membership, proposal=proposal, status=request.POST.get("status", "")
        )
    except services.PollRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"“{proposal.title}” is now {proposal.get_status_display()}.")
    return redirect(_next_book_url(access))


@club_view(poll_admin)
def poll_create(request, access):
    zone = club_zone(access.club)
    open_proposals = Proposal.objects.in_club(access.club).open().order_by("created_at", "pk")
    form = PollForm(request.POST or None, proposals=open_proposals, zone=zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.create_poll(
                actor=access.membership,
                club=access.club,
                title=data["title"],
                method=data["method"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                results_live=data["results_live"],
                late_joiners_may_vote=data["late_joiners_may_vote"],
                proposals=list(data["proposals"]),
                other_options=data["other_options"],
            )
        except services.PollRefused as refusal:
            _add_refusal(form, refusal)
        else:
            messages.success(request, "Poll created. Members are told by email when it opens.")
            return redirect(poll.get_absolute_url())
    return render(
        request,
        "readings/polls/poll_form.html",
        {"access": access, "club": access.club, "form": form},
    )


def _ballot_form(request, poll: Poll, options: list[PollOption], membership):
    initial = {}
    if membership is not None:
        initial = dict(
            BallotChoice.objects.filter(
                ballot__poll=poll, ballot__user_id=membership.user_id
            ).values_list("option_id", "rank")
        )
    data = request.POST if request.method == "POST" else None
    form = BallotForm(data, poll=poll, options=options, initial_ranks=initial)
    return form, bool(initial)


@club_view()
def poll_detail(request, access, poll_id: int):
    """The ballot (GET shows it, POST casts or replaces it) and the poll's state."""
    poll = _poll_in_club(access, poll_id)
    now = timezone.now()
    if request.method == "POST" and not permissions.can_participate(access.membership):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    options = list(PollOption.objects.filter(poll=poll))
    membership = access.active_membership
    form, has_ballot = _ballot_form(request, poll, options, membership)
    refusal = permissions.vote_refusal(access.membership, poll, now)
    status = 200
    if request.method == "POST":
        if refusal:
            status = 403  # the page says why (closed, not open yet, joined too late)
        elif form.is_valid():
            try:
                services.cast_ballot(
                    actor=access.membership,
                    poll=poll,
                    option_ids=form.cleaned_data["option_ids"],
                    now=now,
                )
            except (services.PollRefused, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Ballot saved. You can change it until the poll closes."
                    if not has_ballot
                    else "Ballot changed. Only your latest ballot counts.",
                )
                return redirect(poll.get_absolute_url())
    return render(
        request,
        "readings/polls/poll_detail.html",
        {
            "access": access,
            "club": access.club,
            "poll": poll,
            "options": options,
            "form": form,
            "has_ballot": has_ballot,
            "refusal": refusal,
            "is_open": poll.is_open(now),
            "is_closed": poll.is_closed(now),
            "results_visible": poll.results_visible(now),
            "can_manage": poll_admin(access.membership),
            "zone": club_zone(access.club),
        },
        status=status,
    )


@club_view()
def poll_results(request, access, poll_id: int):
    poll = _poll_in_club(access, poll_id)
    now = timezone.now()
    visible = poll.results_visible(now)
    options = list(PollOption.objects.filter(poll=poll).select_related("proposal"))
    result = count_poll(poll, options) if visible else None
    start_url = None
    if result and result.winner and poll.is_closed(now) and poll_admin(access.membership):
        start_url = (
            reverse("readings:reading-create", kwargs={"club_slug": access.club.slug})
            + f"?option={result.winner.pk}"
        )
    return render(
        request,
        "readings/polls/poll_results.html",
        {
            "access": access,
            "club": access.club,
            "poll": poll,
            "result": result,
            "visible": visible,
            "is_closed": poll.is_closed(now),
            "start_url": start_url,
            "zone": club_zone(access.club),
        },
    )


@club_view(poll_admin)
@require_POST
def poll_close(request, access, poll_id: int):
    poll = _poll_in_club(access, poll_id)
    try:
        services.close_poll(actor=access.membership, poll=poll)
    except services.PollRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Poll closed. The results are out.")
    return redirect(poll.results_url())


@club_view(member)
@require_POST
def poll_emails(request, access):
    wanted = request.POST.get("wanted") == "on"
    services.set_poll_emails(actor=access.membership, club=access.club, wanted=wanted)
    messages.success(
        request, "You will get poll emails." if wanted else "No more poll emails from this club."
    )
    return redirect(_next_book_url(access))
