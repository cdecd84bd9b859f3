"""An invitation opened before having an account: kept in the session until the person logs in.

allauth sends `user_logged_in` after sign-up + email confirmation and after a plain log-in,
with the redirect response it is about to return; we join the club and point it there.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect

from bookclub.clubs.models import Club

SESSION_KEY = "clubs_pending_invitation"


def remember(request, *, club: Club, token: str) -> None:
    request.session[SESSION_KEY] = {"club_id": club.pk, "token": token}


def join_after_login(sender, request, user, response=None, **kwargs) -> None:
    from bookclub.clubs import services

    pending = request.session.pop(SESSION_KEY, None)
    if not pending:
        return
    club = Club.objects.filter(pk=pending.get("club_id")).first()
    if club is None:
        return
    try:
        services.accept_invitation(
            club=club, user=user, token=pending.get("token", ""), accepted_code_of_conduct=True
        )
    except services.ClubActionError as error:
        messages.warning(request, f"You could not join {club.name}: {error}")
        return
    messages.success(request, f"Welcome to {club.name}. You are now a member.")
    if isinstance(response, HttpResponseRedirect):
        response["Location"] = club.get_absolute_url()
