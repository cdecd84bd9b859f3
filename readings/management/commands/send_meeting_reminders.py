from __future__ import annotations

from django.core.management.base import BaseCommand

from readings.services import queue_meeting_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminder email of every meeting in the next 24 hours to members going or "
        "undecided. Run it hourly; each meeting is reminded once."
    )

    def handle(self, *args, **options):
        queued = queue_meeting_reminders()
        self.stdout.write(f"Queued {queued} meeting reminder(s).")
