"""Load a club and the viewer's membership once per request, and refuse what they may not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from bookclub.clubs import permissions
from bookclub.clubs.models import Club, Membership


@dataclass
class ClubAccess:
    """What a view knows about the club in the URL and the person looking at it."""

    club: Club
    membership: Membership | None
    user: object
    # What a view's own loader read along with the club (see `club_view(preload=...)`).
    loaded: object = None

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

# A view may load the club and the membership itself, with what it shows, in one query:
# `preload(request, club_slug, url_kwargs)` returns None (no such club) or an object with
# `.club` and `.membership`; the same checks then apply.
Preload = Callable[[object, str, dict], object | None]


def load_club_access(
    request,
    club_slug: str,
    *,
    reveal: RevealPrivate | None = None,
    url_kwargs=None,
    preload: Preload | None = None,
) -> ClubAccess:
    loaded = None
    if preload is not None:
        early = request.__dict__.pop("club_preloaded", None)  # see club_view's run_preload
        if early is not None and early[0] == club_slug:
            loaded = early[1]
        else:
            loaded = preload(request, club_slug, url_kwargs or {})
        if loaded is None:
            raise Http404("No such club")
        club, membership = loaded.club, loaded.membership
    else:
        membership = None
        if request.user.is_authenticated:
            # By slug, before the club is known: a private club and a missing one then cost
            # the same two queries, so the time of a 404 does not tell which it was.
            membership = Membership.objects.filter(club__slug=club_slug, user=request.user).first()
        club = get_object_or_404(Club, slug=club_slug)
        if membership is not None:
            membership.club = club
    if reveal is None or not reveal(request, club, membership, url_kwargs or {}):
        permissions.check_view_club(club, membership)
    return ClubAccess(club=club, membership=membership, user=request.user, loaded=loaded)


def club_view(
    permission: Callable[[Membership | None], bool] | None = None,
    *,
    login_required: bool = False,
    reveal_private: RevealPrivate | None = None,
    preload: Preload | None = None,
):
    """Decorate `view(request, access, **kwargs)` under a `<club_slug>` URL.

    Private clubs are a 404 for anyone but members. Where `permission` fails, or
    `login_required` is set and nobody is signed in, anonymous visitors are sent to log
    in and signed-in people get a 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, club_slug: str, *args, **kwargs):
            access = load_club_access(
                request, club_slug, reveal=reveal_private, url_kwargs=kwargs, preload=preload
            )
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

        if preload is not None:

            def run_preload(request, view_kwargs: dict) -> None:
                """Run the preload ahead of the view, for a middleware that must (see
                bookclub.sessions.AuthenticationMiddleware); the view then uses its result."""
                url_kwargs = {k: v for k, v in view_kwargs.items() if k != "club_slug"}
                slug = view_kwargs["club_slug"]
                request.club_preloaded = (slug, preload(request, slug, url_kwargs))

            wrapper.run_preload = run_preload
        return wrapper

    return decorator
