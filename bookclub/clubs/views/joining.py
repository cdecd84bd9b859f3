"""Joining and leaving: one click for open clubs, requests, invitation links."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookclub.clubs import pending_invitation, permissions, services
from bookclub.clubs.access import club_view
from bookclub.clubs.forms import InvitationAcceptForm, JoinForm, JoinRequestForm
from bookclub.clubs.models import Club, Invitation, Membership

CANNOT_JOIN = "You cannot join this club."


@club_view(login_required=True)
def club_join(request, access):
    club = access.club
    if access.is_member:
        messages.info(request, f"You are already a member of {club.name}.")
        return redirect(club)
    if access.is_banned:
        raise PermissionDenied(CANNOT_JOIN)
    pending = services.pending_request(club, request.user)
    form_class = JoinRequestForm if club.join_policy == Club.JoinPolicy.REQUEST else JoinForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and pending is not None:
        messages.info(request, "Your request is pending. The club's admins will decide soon.")
        return redirect(club)
    if request.method == "POST" and form.is_valid():
        try:
            if club.join_policy == Club.JoinPolicy.REQUEST:
                services.request_to_join(
                    club=club, user=request.user, message=form.cleaned_data["message"]
                )
                messages.success(
                    request, "Your request is sent. You will get an email when it is decided."
                )
            else:
                services.join_club(club=club, user=request.user, accepted_code_of_conduct=True)
                messages.success(request, f"Welcome to {club.name}.")
        except services.ClubActionError as error:
            form.add_error(None, str(error))
        else:
            return redirect(club)
    return render(
        request,
        "clubs/club_join.html",
        {"access": access, "club": club, "form": form, "pending": pending},
    )


@club_view(login_required=True)
@require_POST
def joinrequest_withdraw(request, access):
    if services.withdraw_request(club=access.club, user=request.user):
        messages.success(request, "Your request is withdrawn.")
    else:
        messages.info(request, "You have no pending request in this club.")
    return redirect(access.club)


@club_view(permission=permissions.is_member)
def club_leave(request, access):
    club = access.club
    owners = 1
    if access.membership.role == Membership.Role.OWNER:
        owners = Membership.objects.active().filter(club=club, role=Membership.Role.OWNER).count()
    can_leave = permissions.can_leave(access.membership, owner_count=owners)
    error = None
    if request.method == "POST":
        try:
            services.leave_club(club=club, user=request.user)
        except services.ClubActionError as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"You have left {club.name}.")
            return redirect("home")
    return render(
        request,
        "clubs/club_leave.html",
        {"access": access, "club": club, "can_leave": can_leave, "error": error},
    )


def _holds_invitation(request, club, membership, url_kwargs) -> bool:
    """A private club shows its invitation page to whoever holds a working link, unless banned."""
    if permissions.is_banned(membership):
        return False
    return _usable(club, url_kwargs.get("token", "")).exists()


def _usable(club: Club, token: str):
    return Invitation.objects.usable().filter(club=club, token=token)


@club_view(reveal_private=_holds_invitation)
def invitation_accept(request, access, token: str):
    club = access.club
    # A withdrawn, expired or used-up link is a 404 like a forged one: it tells nothing of
    # the club (templates/404.html says what may have happened to the link).
    invitation = get_object_or_404(_usable(club, token).select_related("created_by"))
    if access.is_member:
        messages.info(request, f"You are already a member of {club.name}.")
        return redirect(club)
    if access.is_banned:
        raise PermissionDenied(CANNOT_JOIN)
    form = InvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not request.user.is_authenticated:
            pending_invitation.remember(request, club=club, token=token)
            messages.info(
                request, f"Once you are signed in, you will join {club.name} straight away."
            )
            return redirect(
                "account_login" if form.cleaned_data["then"] == "login" else "account_signup"
            )
        try:
            services.accept_invitation(
                club=club, user=request.user, token=token, accepted_code_of_conduct=True
            )
        except services.ClubActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Welcome to {club.name}.")
            return redirect(club)
    return render(
        request,
        "clubs/invitation_accept.html",
        {
            "access": access,
            "club": club,
            "invitation": invitation,
            "form": form,
        },
    )
