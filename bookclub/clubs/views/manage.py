"""Club administration: settings, join requests, invitations, roles, removal and bans."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookclub.clubs import permissions, services
from bookclub.clubs.access import club_view
from bookclub.clubs.forms import BanForm, ClubSettingsForm, DecisionForm, InvitationForm, RoleForm
from bookclub.clubs.models import Invitation, JoinRequest, Membership

manage_view = club_view(permission=permissions.can_manage_club)

RECENT_DECISIONS = 20
INVITATIONS_SHOWN = 50


def _refused(request, error: Exception) -> None:
    messages.error(request, str(error) or "You cannot do that here.")


@manage_view
def club_settings(request, access):
    # Edit a copy, so that a refused change never shows up in the page around the form.
    form = ClubSettingsForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(access.club)
    )
    if request.method == "POST" and form.is_valid():
        try:
            club = services.update_club(actor=access.membership, **form.cleaned_data)
        except services.ClubActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The club's settings are saved.")
            return redirect("clubs:club-settings", club_slug=club.slug)
    return render(
        request, "clubs/club_settings.html", {"access": access, "club": access.club, "form": form}
    )


@manage_view
def joinrequest_list(request, access):
    requests = JoinRequest.objects.filter(club=access.club).select_related("user")
    pending = list(requests.filter(status=JoinRequest.Status.PENDING))
    decided = list(
        requests.exclude(status=JoinRequest.Status.PENDING)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")[:RECENT_DECISIONS]
    )
    return render(
        request,
        "clubs/joinrequest_list.html",
        {
            "access": access,
            "club": access.club,
            "pending": pending,
            "decided": decided,
            "decision_form": DecisionForm(),
        },
    )


@manage_view
@require_POST
def joinrequest_decide(request, access, request_id: int):
    # Another club's request through this club's URL does not exist here.
    get_object_or_404(JoinRequest.objects.only("pk"), club=access.club, pk=request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline; a reason has 500 characters at most.")
        return redirect("clubs:joinrequest-list", club_slug=access.club.slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decided = services.decide_request(
            actor=access.membership,
            join_request_id=request_id,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
    except services.ClubActionError as error:
        _refused(request, error)
    else:
        verb = "approved; they are now a member" if approve else "declined"
        messages.success(request, f"{decided.user.display_name}'s request is {verb}.")
    return redirect("clubs:joinrequest-list", club_slug=access.club.slug)


@manage_view
def invitation_list(request, access):
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        invitations = services.create_invitations(
            actor=access.membership,
            expires_in=form.expires_in,
            max_uses=form.cleaned_data["max_uses"],
            note=form.cleaned_data["note"],
            emails=form.cleaned_data["emails"],
        )
        if form.cleaned_data["emails"]:
            messages.success(request, f"{len(invitations)} invitation email(s) are on their way.")
        else:
            messages.success(request, "A new invitation link is ready. Copy it from the list.")
        return redirect("clubs:invitation-list", club_slug=access.club.slug)
    invitations = list(
        Invitation.objects.filter(club=access.club).select_related("created_by")[:INVITATIONS_SHOWN]
    )
    return render(
        request,
        "clubs/invitation_list.html",
        {
            "access": access,
            "club": access.club,
            "form": form,
            "invitations": invitations,
            "site_url": request.build_absolute_uri("/").rstrip("/"),
        },
    )


@manage_view
@require_POST
def invitation_revoke(request, access, invitation_id: int):
    get_object_or_404(Invitation.objects.only("pk"), club=access.club, pk=invitation_id)
    try:
        services.revoke_invitation(actor=access.membership, invitation_id=invitation_id)
    except services.ClubActionError as error:
        _refused(request, error)
    else:
        messages.success(request, "The invitation link no longer works.")
    return redirect("clubs:invitation-list", club_slug=access.club.slug)


def _member_in_club(access, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), club=access.club, pk=membership_id
    )


@manage_view
def membership_manage(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    actor = access.membership
    return render(
        request,
        "clubs/membership_manage.html",
        {
            "access": access,
            "club": access.club,
            "target": target,
            "role_form": RoleForm(initial={"role": target.role}),
            "ban_form": BanForm(),
            "can_change_role": permissions.can_manage_club(actor)
            and target.is_active
            and permissions.rank(target) < permissions.rank(actor),
            "can_remove": permissions.can_remove_member(actor, target),
            "can_transfer": permissions.can_transfer_ownership(actor, target),
        },
    )


def _back_to(access, membership_id: int):
    return redirect(
        "clubs:membership-manage", club_slug=access.club.slug, membership_id=membership_id
    )


@manage_view
@require_POST
def membership_role(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That is not a role you can give. Nothing was changed.")
        return _back_to(access, target.pk)
    try:
        changed = services.change_role(
            actor=access.membership,
            membership_id=target.pk,
            role=form.cleaned_data["role"],
        )
    except (services.ClubActionError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(
            request, f"{changed.user.display_name} is now {changed.get_role_display().lower()}."
        )
    return _back_to(access, target.pk)


@manage_view
@require_POST
def membership_remove(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    try:
        services.remove_member(actor=access.membership, membership_id=target.pk)
    except (services.ClubActionError, PermissionDenied) as error:
        _refused(request, error)
        return _back_to(access, target.pk)
    messages.success(request, f"{target.user.display_name} is no longer a member.")
    return redirect("clubs:membership-list", club_slug=access.club.slug)


@manage_view
@require_POST
def membership_ban(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    form = BanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A reason has 500 characters at most. Nothing was changed.")
        return _back_to(access, target.pk)
    try:
        services.ban_member(
            actor=access.membership,
            membership_id=target.pk,
            reason=form.cleaned_data["reason"],
        )
    except (services.ClubActionError, PermissionDenied) as error:
        _refused(request, error)
        return _back_to(access, target.pk)
    messages.success(request, f"{target.user.display_name} is banned from the club.")
    return redirect("clubs:membership-list", club_slug=access.club.slug)


@manage_view
@require_POST
def membership_unban(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    try:
        services.lift_ban(actor=access.membership, membership_id=target.pk)
    except (services.ClubActionError, PermissionDenied) as error:
        _refused(request, error)
        return _back_to(access, target.pk)
    messages.success(
        request, f"The ban on {target.user.display_name} is lifted. They may ask to join again."
    )
    return redirect("clubs:membership-list", club_slug=access.club.slug)


@club_view(permission=permissions.is_owner)
@require_POST
def membership_transfer(request, access, membership_id: int):
    target = _member_in_club(access, membership_id)
    try:
        services.transfer_ownership(actor=access.membership, membership_id=target.pk)
    except (services.ClubActionError, PermissionDenied) as error:
        _refused(request, error)
        return _back_to(access, target.pk)
    messages.success(
        request, f"{target.user.display_name} now owns the club. You stay on as an admin."
    )
    return redirect("clubs:membership-list", club_slug=access.club.slug)
