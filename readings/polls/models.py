"""Choosing the next book: proposals, polls, ballots (app label `readings`).

Registered from ReadingsConfig.ready(), so this module may import readings.models and
never the reverse.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs.models import Club
from readings.validators import validate_cover, validate_isbn13


class ProposalQuerySet(models.QuerySet):
    def in_club(self, club: Club) -> ProposalQuerySet:
        return self.filter(club=club)

    def open(self) -> ProposalQuerySet:
        return self.filter(status=Proposal.Status.OPEN)

    def listed(self) -> ProposalQuerySet:
        """What the "Next book" page shows: open and closed, not withdrawn or archived."""
        return self.filter(status__in=[Proposal.Status.OPEN, Proposal.Status.CLOSED])


class Proposal(models.Model):
    """A book a member would like the club to read next."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed"
        ARCHIVED = "archived", "Archived"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    authors = models.CharField(max_length=300)
    isbn13 = models.CharField("ISBN-13", max_length=13, blank=True, validators=[validate_isbn13])
    cover = models.ImageField(upload_to="proposals/", blank=True, validators=[validate_cover])
    pitch = models.TextField(max_length=3000, blank=True)
    pitch_html = models.TextField(blank=True, editable=False)
    content_notes = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} by {self.authors}"


class PollQuerySet(models.QuerySet):
    def in_club(self, club: Club) -> PollQuerySet:
        return self.filter(club=club)

    def open_at(self, now: dt.datetime) -> PollQuerySet:
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def with_ballot_count(self) -> PollQuerySet:
        return self.annotate(ballot_count=models.Count("ballots", distinct=True))

    def with_voted(self, user) -> PollQuerySet:
        """`voted`: whether `user` has cast a ballot (False for visitors)."""
        if not getattr(user, "is_authenticated", False):
            return self.annotate(voted=models.Value(False))
        mine = Ballot.objects.filter(poll=OuterRef("pk"), user=user)
        return self.annotate(voted=Exists(mine))


class Poll(models.Model):
    """A vote among a few options, open between two instants (entered in the club's zone)."""

    class Method(models.TextChoices):
        RANKED = "ranked", "Ranked choice (instant runoff)"
        APPROVAL = "approval", "Approval (tick every book you would read)"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(max_length=200)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.RANKED)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    results_live = models.BooleanField(
        "show results while voting", default=False, help_text="Otherwise hidden until the close."
    )
    late_joiners_may_vote = models.BooleanField(
        "members who join after the opening may vote", default=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When each announcement was queued; set once, so a rerun announces nothing twice.
    opening_announced_at = models.DateTimeField(null=True, blank=True)
    closing_reminded_at = models.DateTimeField(null=True, blank=True)
    results_announced_at = models.DateTimeField(null=True, blank=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "polls:poll-detail", kwargs={"club_slug": self.club.slug, "poll_id": self.pk}
        )

    def results_url(self) -> str:
        return reverse(
            "polls:poll-results", kwargs={"club_slug": self.club.slug, "poll_id": self.pk}
        )

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def results_visible(self, now: dt.datetime | None = None) -> bool:
        return self.is_closed(now) or (self.results_live and self.is_open(now))

    @property
    def is_ranked(self) -> bool:
        return self.method == self.Method.RANKED


class PollOption(models.Model):
    """One book on a ballot: copied from a proposal (kept if it is withdrawn later) or typed."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="poll_options"
    )
    title = models.CharField(max_length=200)
    authors = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="one_option_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.title} by {self.authors}" if self.authors else self.title


class Ballot(models.Model):
    """One member's vote in a poll. The constraint, not the code, makes it one per member.

    A deleted account leaves its ballot without a voter, so a closed poll's count never changes.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="one_ballot_per_member")
        ]

    def __str__(self) -> str:
        return f"Ballot in {self.poll_id}"


class BallotChoice(models.Model):
    """An option on a ballot: its rank (1 = first choice); approval ballots rank in list order."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="option_once_per_ballot"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="rank_once_per_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.option_id}"


class PollEmailOptOut(models.Model):
    """A member who asked for no poll emails from this club (the club home still shows polls)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="one_poll_email_opt_out")
        ]

    def __str__(self) -> str:
        return f"No poll emails in {self.club_id}"


def book_key(text: str) -> str:
    """Title or authors reduced to compare look-alikes: case, accents, punctuation and a
    leading article do not count ("The Revolting Prostitutes" ~ "revolting prostitutes")."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text or "").casefold()
    words = "".join(c if c.isalnum() else " " for c in folded if not unicodedata.combining(c))
    parts = words.split()
    if parts and parts[0] in {"the", "a", "an", "le", "la", "les", "el", "los", "las"}:
        parts = parts[1:]
    return " ".join(parts)


def looks_alike(proposal: Proposal, *, title: str, authors: str, isbn13: str) -> bool:
    """Same ISBN, or the same main title (subtitles aside) with an author name in common."""
    if isbn13 and proposal.isbn13 == isbn13:
        return True
    if book_key(proposal.title.partition(":")[0]) != book_key(title.partition(":")[0]):
        return False
    return bool(_names(proposal.authors) & _names(authors))


def _names(authors: str) -> set[str]:
    return set(book_key(authors).split()) - {"and", "et", "y", "und", "with", "ed", "eds"}


def winner_initial(club: Club, option_id: str | None, books) -> dict:
    """The "start a reading" form's initial data from a poll option of this club (the
    winner's "Start reading it" link): the catalogue book with its ISBN, else its details."""
    if not (option_id or "").isdigit():
        return {}
    option = (
        PollOption.objects.filter(pk=int(option_id), poll__club=club)
        .select_related("proposal")
        .first()
    )
    if option is None:
        return {}
    isbn13 = option.proposal.isbn13 if option.proposal else ""
    book = books.filter(isbn13=isbn13).first() if isbn13 else None
    if book is not None:
        return {"book": book.pk}
    return {"title": option.title, "authors": option.authors, "isbn13": isbn13}
