"""Email about clubs, sent in the background. Each message goes to one person only."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from bookclub.clubs.models import Invitation, JoinRequest, Membership
from bookclub.core.text import render_plain_text
from bookclub.mail import email_subject


def _site_url(path: str) -> str:
    return settings.SITE_URL + path


def _send(*, to: str, template: str, context: dict) -> None:
    subject = render_to_string(f"clubs/email/{template}_subject.txt", context)
    body = render_plain_text(f"clubs/email/{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    EmailMessage(subject=email_subject(prefix + subject), body=body, to=[to]).send()


@task
def email_admins_about_request(join_request_id: int) -> int:
    """Tell each admin and owner that someone asks to join. Returns how many were told."""
    join_request = (
        JoinRequest.objects.select_related("club", "user").filter(pk=join_request_id).first()
    )
    if join_request is None or join_request.status != JoinRequest.Status.PENDING:
        return 0
    club = join_request.club
    admins = (
        Membership.objects.active()
        .filter(club=club, role__in=[Membership.Role.OWNER, Membership.Role.ADMIN])
        .select_related("user")
    )
    queue_url = _site_url(reverse("clubs:joinrequest-list", kwargs={"club_slug": club.slug}))
    sent = 0
    for admin in admins:
        _send(
            to=admin.user.email,
            template="join_request",
            context={
                "club": club,
                "admin": admin.user,
                "requester_name": join_request.user.display_name,
                "message": join_request.message,
                "queue_url": queue_url,
            },
        )
        sent += 1
    return sent


@task
def email_requester_about_decision(join_request_id: int) -> bool:
    join_request = (
        JoinRequest.objects.select_related("club", "user").filter(pk=join_request_id).first()
    )
    if join_request is None or join_request.status not in {
        JoinRequest.Status.APPROVED,
        JoinRequest.Status.DECLINED,
    }:
        return False
    _send(
        to=join_request.user.email,
        template="join_decision",
        context={
            "club": join_request.club,
            "join_request": join_request,
            "approved": join_request.status == JoinRequest.Status.APPROVED,
            "club_url": _site_url(join_request.club.get_absolute_url()),
            "home_url": _site_url(reverse("home")),
        },
    )
    return True


@task
def email_invitation(invitation_id: int) -> bool:
    invitation = (
        Invitation.objects.select_related("club", "created_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.email or invitation.unusable_reason():
        return False
    _send(
        to=invitation.email,
        template="invitation",
        context={
            "club": invitation.club,
            "invitation": invitation,
            "inviter_name": invitation.created_by.display_name if invitation.created_by else "",
            "invitation_url": _site_url(invitation.get_absolute_url()),
        },
    )
    return True


@task
def email_warning(membership_id: int, reason: str) -> bool:
    """A moderator's warning, with their reason; the moderator is not named."""
    membership = Membership.objects.select_related("club", "user").filter(pk=membership_id).first()
    if membership is None:
        return False
    club = membership.club
    _send(
        to=membership.user.email,
        template="warning",
        context={
            "club": club,
            "user": membership.user,
            "reason": reason,
            "conduct_url": _site_url(
                reverse("clubs:club-conduct", kwargs={"club_slug": club.slug})
            ),
        },
    )
    return True
