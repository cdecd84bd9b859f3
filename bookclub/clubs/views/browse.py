"""Finding and reading about clubs: the directory, club home, code of conduct, member list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from bookclub.clubs import club_cards, home_panels, permissions, services
from bookclub.clubs.access import club_view
from bookclub.clubs.forms import ClubForm, DirectorySearchForm, JoinForm
from bookclub.clubs.models import Club, JoinRequest, Membership

DIRECTORY_PAGE_SIZE = 20
MEMBERS_PAGE_SIZE = 100


def home(request):
    search = DirectorySearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    directory = Club.objects.public().with_member_count().order_by("name", "pk")
    if query:
        directory = directory.filter(name__icontains=query)
    page = Paginator(directory, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    my_clubs, my_requests = [], []
    if request.user.is_authenticated:
        my_clubs = list(
            Membership.objects.active()
            .filter(user=request.user)
            .select_related("club")
            .order_by("club__name")
        )
        club_cards.fill_cards(request, [membership.club for membership in my_clubs])
        my_requests = list(
            JoinRequest.objects.filter(user=request.user, status=JoinRequest.Status.PENDING)
            .select_related("club")
            .order_by("club__name")
        )
    return render(
        request,
        "home.html",
        {
            "search": search,
            "query": query,
            "page": page,
            "my_clubs": my_clubs,
            "my_requests": my_requests,
        },
    )


@login_required
def club_create(request):
    form = ClubForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            club = services.create_club(owner=request.user, **form.cleaned_data)
        except services.ClubActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{club.name} is ready. Invite people to join.")
            return redirect(club)
    return render(request, "clubs/club_form.html", {"form": form})


def _render_panels(request, access) -> list[str]:
    html = []
    for panel in home_panels.render_panels(request, access):
        context = {"club": access.club, "access": access, **panel["context"]}
        html.append(mark_safe(render_to_string(panel["template"], context, request=request)))  # noqa: S308
    return html


@club_view()
def club_detail(request, access):
    club = access.club
    member_count = Membership.objects.active().filter(club=club).count()
    pending = None
    pending_count = 0
    if access.membership is None:
        pending = services.pending_request(club, request.user)
    if access.can_manage:
        pending_count = JoinRequest.objects.filter(
            club=club, status=JoinRequest.Status.PENDING
        ).count()
    join_form = None
    if (
        access.membership is None
        and request.user.is_authenticated
        and club.join_policy == Club.JoinPolicy.OPEN
    ):
        join_form = JoinForm()
    return render(
        request,
        "clubs/club_detail.html",
        {
            "access": access,
            "club": club,
            "member_count": member_count,
            "pending": pending,
            "pending_count": pending_count,
            "join_form": join_form,
            "panels": _render_panels(request, access),
        },
    )


@club_view()
def club_conduct(request, access):
    return render(request, "clubs/club_conduct.html", {"access": access, "club": access.club})


@club_view(permission=permissions.can_view_members)
def membership_list(request, access):
    members = (
        Membership.objects.active().filter(club=access.club).select_related("user").order_by_rank()
    )
    page = Paginator(members, MEMBERS_PAGE_SIZE).get_page(request.GET.get("page"))
    banned = []
    if access.can_manage:
        banned = list(
            Membership.objects.filter(club=access.club, status=Membership.Status.BANNED)
            .select_related("user")
            .order_by("user__display_name")
        )
    return render(
        request,
        "clubs/membership_list.html",
        {
            "access": access,
            "club": access.club,
            "page": page,
            "banned": banned,
            # Each member's card is this + "<user id>/": reversed once, not once per member.
            "profile_base": reverse("clubs:member-profile", args=[access.club.slug, 0])[:-2],
        },
    )


@club_view(permission=permissions.can_view_members)
def member_profile(request, access, user_id: int):
    """A fellow member's card: the names and words they chose to show, never their email.

    Only active members of this club have one here (anyone else is a 404), so the card only
    ever reaches people who share a club with them.
    """
    membership = get_object_or_404(
        Membership.objects.active().select_related("user"), club=access.club, user_id=user_id
    )
    in_common = Club.objects.shared_by(request.user, membership.user).order_by("name", "pk")
    return render(
        request,
        "clubs/member_profile.html",
        {
            "access": access,
            "club": access.club,
            "person": membership.user,
            "membership": membership,
            "clubs_in_common": list(in_common),
            "is_self": membership.user_id == request.user.pk,
        },
    )


@club_view(permission=permissions.is_member)
def membership_block(request, access, membership_id: int):
    """Block a fellow member: their posts collapse for you; they are not told."""
    from bookclub.accounts import services as accounts

    target = get_object_or_404(
        Membership.objects.active().select_related("user"), pk=membership_id, club=access.club
    )
    if target.user_id == request.user.pk:
        raise PermissionDenied("You cannot block yourself.")
    if request.method == "POST":
        accounts.block_user(blocker=request.user, blocked=target.user)
        messages.success(
            request, f"You blocked {target.user}. Manage blocks in Settings → Privacy and safety."
        )
        return redirect("clubs:membership-list", club_slug=access.club.slug)
    return render(
        request,
        "clubs/block_confirm.html",
        {"access": access, "club": access.club, "person": target.user},
    )
