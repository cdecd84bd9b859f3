"""Writing the per-club audit log (reading it is `club.audit_log`)."""

from __future__ import annotations

from django.db import connection

from bookclub.clubs.models import AuditLog, Club

Action = AuditLog.Action


def record(
    *, club: Club, actor, action: str, target=None, reason: str = "", detail: str = ""
) -> AuditLog:
    """Append one entry. `actor` and `target` are users (target optional)."""
    return AuditLog.objects.create(
        club=club,
        actor=actor,
        actor_name=actor.display_name[:40],
        action=action,
        target_user=target,
        target_name=target.display_name[:40] if target is not None else "",
        reason=reason[:500],
        detail=detail[:300],
    )


def allow_erasing_club_log() -> None:
    """Inside the transaction that deletes a whole club: let its log rows go with it."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL bookclub.erasing_club = 'on'")
