"""Reports of posts, for the club's moderation queue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReportQuerySet(models.QuerySet):
    def open(self) -> ReportQuerySet:
        return self.filter(status=Report.Status.OPEN)

    def in_club(self, club) -> ReportQuerySet:
        return self.filter(club=club)


class Report(models.Model):
    class Reason(models.TextChoices):
        HARASSMENT = "harassment", "Harassment or a personal attack"
        OUTING = "outing", "Reveals someone's identity, status or location"
        HATE = "hate", "Hateful or discriminatory"
        SPOILER = "spoiler", "Spoiler without a warning"
        SPAM = "spam", "Spam or advertising"
        CONDUCT = "conduct", "Breaks the code of conduct in another way"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HANDLED = "handled", "Handled"
        DISMISSED = "dismissed", "Dismissed"

    club = models.ForeignKey("clubs.Club", on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey("discussions.Post", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["club", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(status="open"),
                name="one_open_report_per_post_and_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id} ({self.get_reason_display()})"
