"""Load a club and the viewer's membership once per request, and refuse what they may not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from bookclub.clubs import permissions
from bookclub.clubs.models import Club, Membership


@dataclass
class ClubAccess:
    """What a view knows about the club in the URL and the person looking at it."""

    club: Club
    membership: Membership | None
    user: object

    @property
    def is_member(self) -> bool:
        return permissions.is_member(self.membership)

    @property
    def is_banned(self) -> bool:
        return permissions.is_banned(self.membership)

    @property
    def can_moderate(self) -> bool:
        return permissions.can_moderate(self.membership)

    @property
    def can_manage(self) -> bool:
        return permissions.can_manage_club(self.membership)

    @cached_property
    def active_membership(self) -> Membership | None:
        return self.membership if self.is_member else None


# A view may let a non-member see a private club when the URL itself proves they were let
# in (an invitation token): `reveal(request, club, membership, url_kwargs) -> bool`.
RevealPrivate = Callable[[object, Club, Membership | None, dict], bool]


def load_club_access(
    request,
    club_slug: str,
    *,
    reveal: RevealPrivate | None = None,
    url_kwargs=None,
) -> ClubAccess:
    membership = None
    if request.user.is_authenticated:
        # By slug, before the club is known: a private club and a missing one then cost
        # the same two queries, so the time of a 404 does not tell which it was.
        membership = Membership.objects.filter(club__slug=club_slug, user=request.user).first()
    club = get_object_or_404(Club, slug=club_slug)
    if membership is not None:
        # Services take this row as their actor: its club and user need no query of their own.
        membership.club, membership.user = club, request.user
    if reveal is None or not reveal(request, club, membership, url_kwargs or {}):
        permissions.check_view_club(club, membership)
    return ClubAccess(club=club, membership=membership, user=request.user)


def club_view(
    permission: Callable[[Membership | None], bool] | None = None,
    *,
    login_required: bool = False,
    reveal_private: RevealPrivate | None = None,
):
    """Decorate `view(request, access, **kwargs)` under a `<club_slug>` URL.

    Private clubs are a 404 for anyone but members. Where `permission` fails, or
    `login_required` is set and nobody is signed in, anonymous visitors are sent to log
    in and signed-in people get a 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, club_slug: str, *args, **kwargs):
            access = load_club_access(request, club_slug, reveal=reveal_private, url_kwargs=kwargs)
            if login_required and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if permission is not None and not permission(access.membership):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            request.club_access = access
            response = view(request, access, *args, **kwargs)
            if not access.club.is_public:
                response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorator
