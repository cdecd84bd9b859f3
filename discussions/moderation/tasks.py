"""Telling a reporter their report was dealt with (never what was done, nor by whom)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

from bookclub.core.text import render_plain_text
from bookclub.mail import email_subject
from discussions.moderation.models import Report


@task
def email_report_closed(report_id: int) -> bool:
    report = Report.objects.select_related("club", "reporter").filter(pk=report_id).first()
    if report is None or report.reporter is None or report.status == Report.Status.OPEN:
        return False
    context = {"report": report, "club": report.club, "user": report.reporter}
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(
        subject=email_subject(f"{prefix}Your report in {report.club.name} was reviewed"),
        message=render_plain_text("discussions/email/report_closed.txt", context),
        from_email=None,
        recipient_list=[report.reporter.email],
    )
    return True
