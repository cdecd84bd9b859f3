"""The discussion links readings' pages show (registered in DiscussionsConfig.ready)."""

from __future__ import annotations

from discussions.models import Thread
from readings.talk import TalkRoutes


def _thread_count(reading) -> int:
    return Thread.objects.filter(reading=reading).count()


def talk_routes() -> TalkRoutes:
    return TalkRoutes(
        index="discussions:thread-index",
        chapter="discussions:thread-list-chapter",
        theme="discussions:thread-list-theme",
        start="discussions:thread-create",
        feed="discussions:feed-detail",
        thread_count=_thread_count,
    )
