"""The old path of the notification tasks, kept for queued rows.

The database task backend stores each queued task by its dotted path, so tasks queued before
the move to `discussions.notifications.tasks` still name this module. Remove once no row
with a `discussions.tasks.` path is left waiting.
"""

from __future__ import annotations

from discussions.notifications.tasks import send_digest, send_notification_emails

__all__ = ["send_digest", "send_notification_emails"]
