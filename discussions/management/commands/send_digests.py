from __future__ import annotations

from django.core.management.base import BaseCommand

from discussions.notifications.tasks import enqueue_digests


class Command(BaseCommand):
    help = (
        "Queue the daily notification digest for every member with notifications waiting. "
        "Run once a day; running it again sends nothing new."
    )

    def handle(self, *args, **options) -> None:
        count = enqueue_digests()
        self.stdout.write(f"Queued {count} digest{'s' if count != 1 else ''}.")
