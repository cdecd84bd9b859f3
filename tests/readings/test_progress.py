"""How far a person has read: every way of asking gives the same answer (readings.progress)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef

from discussions.models import Thread
from readings.models import ChapterRead
from readings.progress import (
    memberships_with_progress,
    my_progress,
    progress_by_reading,
    progress_expression,
    progress_position,
    progress_positions,
)
from tests.conftest import member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory, ThreadFactory


def _read(reading, user, *positions: int) -> None:
    for chapter in reading.book.chapters.filter(position__in=positions):
        ChapterRead.objects.create(reading=reading, user=user, chapter=chapter)


def test_progress_is_the_highest_chapter_marked_read_however_it_is_asked(club):
    reader = member_of(club)
    idle = member_of(club)
    reading = make_reading(club)
    other_reading = make_reading(ClubFactory(slug="elsewhere"))
    _read(reading, reader, 1, 2, 5)  # skipped ahead: progress is the furthest chapter
    _read(other_reading, reader, 3)
    thread = ThreadFactory(club=club, reading=reading)

    assert progress_position(reading, reader) == 5
    assert progress_positions(reading, [reader.pk, idle.pk]) == {reader.pk: 5, idle.pk: 0}
    assert progress_by_reading(reader, club=club) == {reading.pk: 5}
    assert progress_by_reading(reader, reading_ids=[reading.pk, other_reading.pk]) == {
        reading.pk: 5,
        other_reading.pk: 3,
    }
    assert my_progress(reading, reader, 6).position == 5
    positions = dict(memberships_with_progress(club, reading).values_list("user", "position"))
    assert positions[reader.pk] == 5 and positions[idle.pk] == 0
    assert Thread.objects.for_thread_page(reader).get(pk=thread.pk).viewer_progress == 5
    annotated = Thread.objects.annotate(
        progress=progress_expression(reading=OuterRef("reading_id"), user=idle)
    )
    assert annotated.get(pk=thread.pk).progress == 0


def test_a_visitor_has_read_nothing(club):
    reading = make_reading(club)
    visitor = AnonymousUser()

    assert progress_position(reading, visitor) == 0
    assert progress_by_reading(visitor, club=club) == {}
    assert progress_by_reading(None, club=club) == {}
