"""Where a reading is talked about, for readings' pages to link to.

Readings knows nothing of discussions, so the discussions app registers its routes and a
thread count in DiscussionsConfig.ready() (as it registers home panels and club sections).
Without it (readings on its own) the pages simply show no discussion links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class TalkRoutes:
    """URL names taking (club_slug, reading_id), plus chapter `position` or `theme_slug`."""

    index: str
    chapter: str
    theme: str
    start: str
    feed: str  # takes club_slug only
    thread_count: Callable  # (reading) -> int, one query


_routes: list[TalkRoutes] = []


def register(routes: TalkRoutes) -> None:
    _routes[:] = [routes]


@dataclass(frozen=True)
class TalkLinks:
    index: str
    start: str
    feed: str
    thread_count: int
    _club_slug: str
    _reading_id: int
    _routes: TalkRoutes

    def chapter(self, position: int) -> str:
        return reverse(
            self._routes.chapter,
            kwargs={
                "club_slug": self._club_slug,
                "reading_id": self._reading_id,
                "position": position,
            },
        )

    def theme(self, slug: str) -> str:
        return reverse(
            self._routes.theme,
            kwargs={
                "club_slug": self._club_slug,
                "reading_id": self._reading_id,
                "theme_slug": slug,
            },
        )


def talk_links(reading) -> TalkLinks | None:
    """The reading's discussion links and how many threads it has (one query), or None."""
    if not _routes:
        return None
    routes = _routes[0]
    kwargs = {"club_slug": reading.club.slug, "reading_id": reading.pk}
    return TalkLinks(
        index=reverse(routes.index, kwargs=kwargs),
        start=reverse(routes.start, kwargs=kwargs),
        feed=reverse(routes.feed, kwargs={"club_slug": reading.club.slug}),
        thread_count=routes.thread_count(reading),
        _club_slug=reading.club.slug,
        _reading_id=reading.pk,
        _routes=routes,
    )
