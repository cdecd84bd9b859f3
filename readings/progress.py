"""How far a person has read: the one home of that answer.

Progress in a reading is the set of chapters a member marked read; "how far" is the highest
position among them, 0 if none. Python callers use `progress_position` (one person, one
reading), `progress_positions` (many people, one reading) or `progress_by_reading` (one
person, many readings); querysets use `progress_expression`. Each is one query, whatever
the club's size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from bookclub.clubs.models import Club, Membership
from readings.models import ChapterRead, ProgressPrivacy, Reading


def _highest(reads, key: str) -> dict[int, int]:
    """{key: highest chapter position} over `reads` grouped by `key`."""
    rows = reads.order_by().values(key).annotate(top=Max("chapter__position"))
    return dict(rows.values_list(key, "top"))


def progress_expression(*, reading, user) -> Coalesce:
    """SQL for the progress of `user` in `reading` (values or OuterRefs), 0 if none."""
    top = (
        ChapterRead.objects.filter(reading=reading, user=user)
        .order_by()
        .values("reading")
        .annotate(top=Max("chapter__position"))
        .values("top")
    )
    return Coalesce(Subquery(top, output_field=IntegerField()), 0)


def progress_position(reading: Reading, user) -> int:
    """How far `user` has read in `reading`; 0 for a visitor or no progress."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return _highest(ChapterRead.objects.filter(reading=reading, user=user), "reading").get(
        reading.pk, 0
    )


def progress_positions(reading: Reading, user_ids: Iterable[int]) -> dict[int, int]:
    """{user_id: how far they have read in `reading`}, 0 for each with no progress."""
    user_ids = list(user_ids)
    found = _highest(ChapterRead.objects.filter(reading=reading, user_id__in=user_ids), "user")
    return {user_id: found.get(user_id, 0) for user_id in user_ids}


def progress_by_reading(user, *, club: Club | None = None, reading_ids=None) -> dict[int, int]:
    """{reading_id: how far `user` has read} over the readings of `club` or `reading_ids`;
    readings without progress are absent (read them as 0). Empty for a visitor or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    reads = ChapterRead.objects.filter(user=user)
    if club is not None:
        reads = reads.filter(reading__club=club)
    if reading_ids is not None:
        reads = reads.filter(reading_id__in=set(reading_ids))
    return _highest(reads, "reading")


def memberships_with_progress(club: Club, reading: Reading):
    """Active memberships annotated with `progress_hidden` and `position` (0 if none)."""
    return (
        Membership.objects.active()
        .filter(club=club)
        .annotate(
            progress_hidden=Exists(
                ProgressPrivacy.objects.filter(membership=OuterRef("pk"), hidden=True)
            ),
            position=progress_expression(reading=reading, user=OuterRef("user")),
        )
    )


@dataclass(frozen=True)
class Standing:
    """How the club is doing: `on_track` of `counted` visible members; `hidden` not counted."""

    on_track: int
    counted: int
    hidden: int
    target: int


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
    """Which chapters `user` marked read, for checklists; its `position` is progress."""
    if not getattr(user, "is_authenticated", False):
        return MyProgress(frozenset(), chapter_count)
    positions = ChapterRead.objects.filter(reading=reading, user=user).values_list(
        "chapter__position", flat=True
    )
    return MyProgress(frozenset(positions), chapter_count)
