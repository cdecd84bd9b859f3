"""The old path of the moderation task, kept for queued rows.

The database task backend stores each queued task by its dotted path, so tasks queued before
the move to `discussions.moderation.tasks` still name this module. Remove once no row with a
`discussions.moderation_tasks.` path is left waiting.
"""

from __future__ import annotations

from discussions.moderation.tasks import email_report_closed

__all__ = ["email_report_closed"]
