"""How far a member has read: the highest chapter position they marked read (0 if none)."""

from __future__ import annotations

from django.db.models import Max

from readings.models import ChapterRead, progress_position

__all__ = ["progress_by_reading", "progress_position"]


def progress_by_reading(club, user) -> dict[int, int]:
    """{reading_id: position} for every reading of `club` the user has progress in, one query."""
    if not user or not user.is_authenticated:
        return {}
    rows = (
        ChapterRead.objects.filter(reading__club=club, user=user)
        .values("reading_id")
        .annotate(position=Max("chapter__position"))
    )
    return {row["reading_id"]: row["position"] for row in rows}
