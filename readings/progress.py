"""Reads about members' progress, each one query whatever the club's size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from bookclub.clubs.models import Club, Membership
from readings.models import ChapterRead, ProgressPrivacy, Reading, ScheduleEntry


def memberships_with_progress(club: Club, reading: Reading):
    """Active memberships annotated with `progress_hidden` and `position` (0 if none)."""
    top = (
        ChapterRead.objects.filter(reading=reading, user=OuterRef("user"))
        .values("user")
        .annotate(top=Max("chapter__position"))
        .values("top")[:1]
    )
    return (
        Membership.objects.active()
        .filter(club=club)
        .annotate(
            progress_hidden=Exists(
                ProgressPrivacy.objects.filter(membership=OuterRef("pk"), hidden=True)
            ),
            position=Coalesce(Subquery(top, output_field=IntegerField()), 0),
        )
    )


@dataclass(frozen=True)
class Standing:
    """How the club is doing: `on_track` of `counted` visible members; `hidden` not counted."""

    on_track: int
    counted: int
    hidden: int
    target: int


def target_position(entries: list[ScheduleEntry], today) -> int:
    """The last chapter of the latest entry already past its due date (0 if none)."""
    past = [e.last_chapter.position for e in entries if e.due_on < today]
    return max(past, default=0)


def club_standing(club: Club, reading: Reading, target: int) -> Standing:
    counts = memberships_with_progress(club, reading).aggregate(
        counted=Count("pk", filter=Q(progress_hidden=False)),
        on_track=Count("pk", filter=Q(progress_hidden=False, position__gte=target)),
        hidden=Count("pk", filter=Q(progress_hidden=True)),
    )
    return Standing(target=target, **counts)


@dataclass(frozen=True)
class MyProgress:
    read_positions: frozenset[int]
    chapter_count: int

    @property
    def read_count(self) -> int:
        return len(self.read_positions)

    @property
    def position(self) -> int:
        return max(self.read_positions, default=0)

    @property
    def percent(self) -> int:
        return round(100 * self.read_count / self.chapter_count) if self.chapter_count else 0


def my_progress(reading: Reading, user, chapter_count: int) -> MyProgress:
    if not getattr(user, "is_authenticated", False):
        return MyProgress(frozenset(), chapter_count)
    positions = ChapterRead.objects.filter(reading=reading, user=user).values_list(
        "chapter__position", flat=True
    )
    return MyProgress(frozenset(positions), chapter_count)
