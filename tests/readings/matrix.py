"""The readings app's rows of the URL × role matrix (the format is in tests/test_url_matrix.py).

Members read; admins curate; a private club stays 404 to outsiders. The secret calendar
feed is the one exception: its token is the credential (calendar apps send no cookies), so
anyone holding a member's link gets the feed, and no one else.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from bookclub.clubs.models import Membership
from readings.models import (
    Book,
    ChapterRead,
    ProgressPrivacy,
    Reading,
    Rsvp,
    ScheduleEntry,
    Theme,
)
from tests.clubs.matrix import (
    ADMINS_ONLY,
    ADMINS_POST_ONLY,
    ADMINS_REDIRECT,
    EVERYONE,
    MEMBER_ROLES,
    World,
    statuses,
)
from tests.factories import BookFactory, ReadingFactory, ScheduleEntryFactory

MEMBERS_POST_ONLY = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 405))
MEMBERS_REDIRECT = statuses(403, anonymous=302, **dict.fromkeys(MEMBER_ROLES, 302))
ADMINS = {"admin", "owner"}


def _reading(world: World, *, published: bool = True) -> Reading:
    """A current reading of 6 chapters: 1–2 and 3–4 scheduled, the second with a meeting."""
    if "reading" not in world.extra:
        reading = ReadingFactory(
            club=world.club, book=BookFactory(chapters=6), schedule_published=published
        )
        today = timezone.localdate()
        world.extra["first"] = ScheduleEntryFactory(reading=reading, first=1, last=2, due_on=today)
        world.extra["entry"] = ScheduleEntryFactory(
            reading=reading,
            first=3,
            last=4,
            due_on=today + dt.timedelta(days=7),
            meeting_at=timezone.now() + dt.timedelta(days=7),
        )
        world.extra["reading"] = reading
    return world.extra["reading"]


def _reading_kwargs(world: World) -> dict:
    return {"reading_id": _reading(world).pk}


MATRIX_COVER = "covers/matrix-cover.png"


def _cover_kwargs(world: World) -> dict:
    """A reading whose book has a cover (one small file, kept in storage between runs)."""
    if not default_storage.exists(MATRIX_COVER):
        picture = io.BytesIO()
        Image.new("RGB", (4, 6), (90, 30, 60)).save(picture, "PNG")
        default_storage.save(MATRIX_COVER, ContentFile(picture.getvalue()))
    reading = _reading(world)
    Book.objects.filter(pk=reading.book_id).update(cover=MATRIX_COVER)
    return {"reading_id": reading.pk}


def _draft_kwargs(world: World) -> dict:
    return {"reading_id": _reading(world, published=False).pk}


def _entry_kwargs(world: World) -> dict:
    return {"reading_id": _reading(world).pk, "entry_id": world.extra["entry"].pk}


def _version(world: World) -> int:
    return Reading.objects.get(pk=world.extra["reading"].pk).schedule_version


def _reading_state(world: World) -> tuple:
    return Reading.objects.filter(pk=world.extra["reading"].pk).values_list(
        "schedule_published", "ends_on"
    )[0]


def _entries(world: World) -> list:
    return list(
        ScheduleEntry.objects.filter(reading=world.extra["reading"])
        .order_by("pk")
        .values_list("first_chapter__position", "last_chapter__position", "prompts")
    )


def _reads(world: World) -> int:
    return ChapterRead.objects.filter(reading=world.extra["reading"]).count()


def _entry_data(world: World) -> dict:
    return {
        "schedule_version": _version(world),
        "first_chapter": "5",
        "last_chapter": "6",
        "due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "meeting_minutes": "90",
        "prompts": "Added by the matrix",
    }


def _entry_update_data(world: World) -> dict:
    entry = world.extra["entry"]
    return _entry_data(world) | {
        "first_chapter": "3",
        "last_chapter": "4",
        "due_on": entry.due_on.isoformat(),
        "prompts": "Changed by the matrix",
    }


def _own_book_kwargs(world: World) -> dict:
    reading = _reading(world)
    Book.objects.filter(pk=reading.book_id).update(added_by_club=world.club)
    return {"reading_id": reading.pk}


def _chapter_names(world: World) -> dict:
    chapters = list(world.extra["reading"].book.chapters.order_by("position"))
    data = {"form-TOTAL_FORMS": len(chapters), "form-INITIAL_FORMS": len(chapters)}
    for n, chapter in enumerate(chapters):
        data |= {f"form-{n}-id": chapter.pk, f"form-{n}-label": f"Part {chapter.position}"}
    return data


def _calendar_tokens(world: World) -> list:
    return list(
        Membership.objects.filter(club=world.club).order_by("pk").values_list("calendar_token")
    )


ENTRIES = {
    "readings:reading-list": {"get": EVERYONE},
    "readings:reading-create": {
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {
            "book": BookFactory(chapters=3).pk,
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
        },
        "effect": lambda world: Reading.objects.filter(club=world.club).count(),
        "changes_for": ADMINS,
    },
    "readings:reading-update": {
        "setup": _reading_kwargs,
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {
            "schedule_version": _version(world),
            "starts_on": world.extra["reading"].starts_on.isoformat(),
            "ends_on": (world.extra["reading"].ends_on + dt.timedelta(days=7)).isoformat(),
        },
        "effect": _reading_state,
        "changes_for": ADMINS,
    },
    "readings:schedule": {"setup": _reading_kwargs, "get": EVERYONE},
    # Whoever sees the club sees its covers; a private club's are 404 to everyone else.
    "readings:reading-cover": {
        "setup": _cover_kwargs,
        "get": EVERYONE,
        "post": statuses(405),
        "post_private": statuses(404, **dict.fromkeys(MEMBER_ROLES, 405)),
    },
    "readings:schedule-edit": {"setup": _reading_kwargs, "get": ADMINS_ONLY},
    "readings:schedule-spread": {
        "setup": _draft_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world), "every_days": "7"},
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:schedule-publish": {
        "setup": _draft_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world)},
        "effect": _reading_state,
        "changes_for": ADMINS,
    },
    "readings:schedule-unpublish": {
        "setup": _reading_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world)},
        "effect": _reading_state,
        "changes_for": ADMINS,
    },
    "readings:entry-create": {
        "setup": _reading_kwargs,
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": _entry_data,
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:entry-update": {
        "setup": _entry_kwargs,
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": _entry_update_data,
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:entry-delete": {
        "setup": _entry_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world)},
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:entry-move-up": {
        "setup": _entry_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world)},
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:entry-move-down": {
        "setup": lambda world: _reading_kwargs(world) | {"entry_id": world.extra["first"].pk},
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"schedule_version": _version(world)},
        "effect": _entries,
        "changes_for": ADMINS,
    },
    "readings:rsvp-update": {
        "setup": _entry_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"answer": "going"},
        "effect": lambda world: Rsvp.objects.filter(entry=world.extra["entry"]).count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "readings:progress-toggle": {
        "setup": _reading_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"chapter": "1"},
        "effect": _reads,
        "changes_for": set(MEMBER_ROLES),
    },
    "readings:progress-up-to": {
        "setup": _reading_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"chapter": "3"},
        "effect": _reads,
        "changes_for": set(MEMBER_ROLES),
    },
    "readings:progress-entry": {
        "setup": _entry_kwargs,
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _reads,
        "changes_for": set(MEMBER_ROLES),
    },
    "readings:progress-privacy": {
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "post_data": lambda world: {"hidden": "on"},
        "effect": lambda world: ProgressPrivacy.objects.filter(
            membership__club=world.club, hidden=True
        ).count(),
        "changes_for": set(MEMBER_ROLES),
    },
    "readings:chapter-update": {
        "setup": _own_book_kwargs,
        "get": ADMINS_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": _chapter_names,
        "effect": lambda world: list(
            world.extra["reading"].book.chapters.order_by("position").values_list("label")
        ),
        "changes_for": ADMINS,
    },
    "readings:theme-list": {"setup": _reading_kwargs, "get": EVERYONE},
    "readings:theme-create": {
        "setup": _reading_kwargs,
        "get": ADMINS_POST_ONLY,
        "post": ADMINS_REDIRECT,
        "post_data": lambda world: {"name": "Matrix theme"},
        "effect": lambda world: Theme.objects.filter(reading=world.extra["reading"]).count(),
        "changes_for": ADMINS,
    },
    "readings:calendar-detail": {"get": EVERYONE},
    # The plain feed exists for public clubs only.
    "readings:calendar-public": {"get": EVERYONE, "get_private": statuses(404)},
    # The token is the credential: the member's link works for whoever holds it.
    "readings:calendar-private": {
        "setup": lambda world: {"token": world.target.calendar_token},
        "get": EVERYONE,
        "get_private": EVERYONE,
    },
    "readings:calendar-reset": {
        "get": MEMBERS_POST_ONLY,
        "post": MEMBERS_REDIRECT,
        "effect": _calendar_tokens,
        "changes_for": set(MEMBER_ROLES),
    },
}
