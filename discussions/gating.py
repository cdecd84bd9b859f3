"""Spoiler gating: what a viewer at progress position P sees collapsed."""

from __future__ import annotations


def is_gated(anchor_chapter, progress: int, viewer_id: int | None, author_id: int | None) -> bool:
    """Anchored beyond the viewer's progress, and not their own words."""
    position = anchor_chapter.position if anchor_chapter is not None else None
    return is_gated_at(position, progress, viewer_id, author_id)


def is_gated_at(
    anchor_position: int | None, progress: int, viewer_id: int | None, author_id: int | None
) -> bool:
    """`is_gated` from the anchor chapter's position alone (None: no anchor)."""
    if anchor_position is None or (viewer_id is not None and viewer_id == author_id):
        return False
    return anchor_position > progress


def gate_posts(posts, progress: int, viewer) -> int:
    """Set `post.gated` on each post; return how many are gated (deleted ones never are)."""
    viewer_id = viewer.pk if viewer.is_authenticated else None
    count = 0
    for post in posts:
        post.gated = not post.is_deleted and is_gated(
            post.anchor_chapter, progress, viewer_id, post.author_id
        )
        count += post.gated
    return count


def gate_threads(threads, progress_by_reading: dict[int, int], viewer) -> int:
    viewer_id = viewer.pk if viewer.is_authenticated else None
    count = 0
    for thread in threads:
        progress = progress_by_reading.get(thread.reading_id, 0)
        thread.gated = is_gated(thread.anchor_chapter, progress, viewer_id, thread.author_id)
        count += thread.gated
    return count
