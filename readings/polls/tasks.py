"""Poll emails, sent by the task worker: opened, closing in 24 hours, results out."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse

from bookclub.clubs.models import Membership
from bookclub.core.text import render_plain_text
from bookclub.mail import email_subject, send_or_log
from readings.polls.models import Ballot, Poll, PollEmailOptOut
from readings.zones import club_zone

SUBJECTS = {
    "opened": "Vote for the next book: {title}",
    "closing": "24 hours left to vote: {title}",
    "results": "The next book is chosen: {title}",
}


@task
def send_poll_announcement(poll_id: int, kind: str) -> int:
    """Email the club's active members who want poll emails ("closing": only who has not
    voted). Returns how many were sent."""
    poll = Poll.objects.select_related("club").filter(pk=poll_id).first()
    if poll is None or kind not in SUBJECTS:
        return 0
    club = poll.club
    members = (
        Membership.objects.active()
        .filter(club=club, user__is_active=True)
        .exclude(user__in=PollEmailOptOut.objects.filter(club=club).values("user"))
        .select_related("user")
        .order_by("pk")
    )
    if kind == "closing":
        members = members.exclude(user__in=Ballot.objects.filter(poll=poll).values("user"))
        if not poll.late_joiners_may_vote:
            members = members.filter(joined_at__lte=poll.opens_at)
    context = {
        "poll": poll,
        "club": club,
        "closes_at": poll.closes_at.astimezone(club_zone(club)),
        "poll_url": settings.SITE_URL + poll.get_absolute_url(),
        "results_url": settings.SITE_URL + poll.results_url(),
        "next_book_url": settings.SITE_URL
        + reverse("polls:proposal-list", kwargs={"club_slug": club.slug}),
    }
    subject = email_subject(f"[{club.name}] " + SUBJECTS[kind].format(title=poll.title))
    sent = 0
    for membership in members:
        person = membership.user
        body = render_plain_text(f"readings/polls/email/{kind}.txt", context | {"person": person})
        if send_or_log(
            lambda body=body, person=person: EmailMessage(subject, body, to=[person.email]),
            about=f"poll {poll.pk} ({kind}) to user {person.pk}",
        ):
            sent += 1
    return sent
