"""Time zones: meetings live in the club's zone; people may read them in their own."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

UTC = dt.UTC


def zone_named(name: str | None) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(name) if name else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def club_zone(club) -> dt.tzinfo:
    return zone_named(club.time_zone)


def club_today(club) -> dt.date:
    """The date where the club meets: schedules are due by the club's own calendar day."""
    return timezone.localdate(timezone=club_zone(club))


def viewer_zone(user) -> dt.tzinfo | None:
    """The signed-in person's zone, or None for visitors (who see the club's zone only)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return zone_named(user.time_zone)
