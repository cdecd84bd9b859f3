"""Where a reading is talked about, for readings' pages to link to.

Readings knows nothing of discussions, so the discussions app registers its routes and a
thread count in DiscussionsConfig.ready() (as it registers home panels and club sections).
Without it (readings on its own) the pages simply show no discussion links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

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


class TalkLinks:
    """A reading's discussion URLs; `thread_count` is asked (one query) only when shown."""

    def __init__(self, reading, routes: TalkRoutes) -> None:
        self._reading, self._routes = reading, routes
        self._kwargs = {"club_slug": reading.club.slug, "reading_id": reading.pk}
        self.index = reverse(routes.index, kwargs=self._kwargs)
        self.start = reverse(routes.start, kwargs=self._kwargs)
        self.feed = reverse(routes.feed, kwargs={"club_slug": reading.club.slug})

    @cached_property
    def thread_count(self) -> int:
        return self._routes.thread_count(self._reading)

    def chapter(self, position: int) -> str:
        return reverse(self._routes.chapter, kwargs={**self._kwargs, "position": position})

    def theme(self, slug: str) -> str:
        return reverse(self._routes.theme, kwargs={**self._kwargs, "theme_slug": slug})


def talk_links(reading) -> TalkLinks | None:
    """The reading's discussion links, or None when no discussions app registered them."""
    return TalkLinks(reading, _routes[0]) if _routes else None
