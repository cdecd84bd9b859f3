"""The club home page's "recent threads" panel."""

from __future__ import annotations

from discussions.gating import gate_threads
from discussions.models import Thread
from readings.progress import progress_by_reading

RECENT_THREADS = 5


def recent_threads_panel(request, access):
    """Three queries whatever the club's size: threads, progress, nothing else."""
    threads = list(
        Thread.objects.in_club(access.club)
        .for_list()
        .select_related("reading")
        .with_read_state(request.user)
        .sorted_by("activity")[:RECENT_THREADS]
    )
    if not threads:
        return None
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
