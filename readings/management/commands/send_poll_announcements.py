from __future__ import annotations

from django.core.management.base import BaseCommand

from readings.polls.services import queue_poll_announcements


class Command(BaseCommand):
    help = (
        "Queue the emails of polls that opened, close within 24 hours (to members who have "
        "not voted) or have closed. Run it hourly; each is announced once."
    )

    def handle(self, *args, **options):
        queued = queue_poll_announcements()
        self.stdout.write(f"Queued {queued} poll announcement(s).")
