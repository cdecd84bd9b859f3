"""The spoiler rule, the one place that says what a viewer sees collapsed.

Something anchored beyond the viewer's progress in its reading is gated, unless it is the
viewer's own words; a deleted post never is (it shows no text). Thread pages, lists, the
club home, search, feeds, the notifications page and emails all ask here. `progress` is
one reading's position (readings.progress); `progress_by_reading` maps reading ids to
positions, a reading missing from it counting as 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def viewer_id_of(viewer) -> int | None:
    """The viewer's user id; None for a visitor (or an anonymous feed)."""
    if viewer is None or not getattr(viewer, "is_authenticated", True):
        return None
    return viewer if isinstance(viewer, int) else viewer.pk


def is_gated(anchor_chapter, progress: int, viewer_id: int | None, author_id: int | None) -> bool:
    """Anchored beyond the viewer's progress, and not their own words."""
    if anchor_chapter is None or (viewer_id is not None and viewer_id == author_id):
        return False
    return anchor_chapter.position > progress


def thread_is_gated(thread, progress: int, viewer_id: int | None) -> bool:
    """Whether the thread's title is collapsed for the viewer."""
    return is_gated(thread.anchor_chapter, progress, viewer_id, thread.author_id)


def post_is_gated(post, progress: int, viewer_id: int | None) -> bool:
    """Whether the post's text is collapsed for the viewer."""
    return not post.is_deleted and is_gated(
        post.anchor_chapter, progress, viewer_id, post.author_id
    )


def gate_posts(posts: Iterable, progress: int, viewer) -> int:
    """Set `post.gated` on posts of one reading; return how many are gated."""
    viewer_id = viewer_id_of(viewer)
    count = 0
    for post in posts:
        post.gated = post_is_gated(post, progress, viewer_id)
        count += post.gated
    return count


def gate_threads(threads: Iterable, progress_by_reading: Mapping[int, int], viewer) -> int:
    """Set `thread.gated` (its title collapsed); return how many are gated."""
    viewer_id = viewer_id_of(viewer)
    count = 0
    for thread in threads:
        progress = progress_by_reading.get(thread.reading_id, 0)
        thread.gated = thread_is_gated(thread, progress, viewer_id)
        count += thread.gated
    return count


def gate_posts_with_titles(posts: Iterable, progress_by_reading: Mapping[int, int], viewer) -> int:
    """Posts from any thread (search results, feeds): set `post.gated` and
    `post.title_gated` (its thread's title); return how many posts are gated."""
    viewer_id = viewer_id_of(viewer)
    count = 0
    for post in posts:
        progress = progress_by_reading.get(post.thread.reading_id, 0)
        post.gated = post_is_gated(post, progress, viewer_id)
        post.title_gated = thread_is_gated(post.thread, progress, viewer_id)
        count += post.gated
    return count
