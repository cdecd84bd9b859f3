"""The club home page's "recent threads" panel."""

from __future__ import annotations

from bookclub.clubs import permissions
from discussions.gating import gate_threads
from discussions.models import Thread
from readings.panels import current_reading
from readings.progress import progress_by_reading
from readings.zones import club_today

RECENT_THREADS = 5


def recent_threads_panel(request, access):
    """Three queries whatever the club's size: threads, progress, nothing else.

    A club without threads gets a way to start the first one (one more query, for its
    current reading) when the viewer may start threads.
    """
    threads = list(
        Thread.objects.in_club(access.club)
        .for_list()
        .select_related("reading")
        .with_read_state(request.user)
        .sorted_by("activity")[:RECENT_THREADS]
    )
    if not threads:
        return _first_discussion(access)
    gated = gate_threads(threads, progress_by_reading(request.user, club=access.club), request.user)
    return (
        "discussions/_home_panel.html",
        {
            "club": access.club,
            "threads": threads,
            "gated_count": gated,
            "reading": threads[0].reading,
        },
    )


def _first_discussion(access):
    if not permissions.can_start_thread(access.membership):
        return None
    reading = current_reading(access, club_today(access.club))
    if reading is None:
        return None
    return "discussions/_first_discussion.html", {"club": access.club, "reading": reading}
