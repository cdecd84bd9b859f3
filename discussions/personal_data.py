"""A person's posts and discussion settings: their data export, and erasing on deletion."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from discussions.models import Post, PostRevision, Reaction, Thread
from discussions.notifications.models import NotificationSettings, Subscription


def export_discussions(user) -> dict:
    # A post a moderator hid is left out like everywhere off the site (the page shows its
    # author a placeholder too); restoring it brings it back.
    posts = (
        Post.objects.readable_by(None, None, off_site=True)
        .filter(author=user)
        .select_related("thread__club")
        .order_by("created_at")
    )
    settings = NotificationSettings.objects.for_users([user.pk])[user.pk]
    return {
        "threads_started": [
            {"club": t.club.name, "title": t.title, "started": t.created_at.isoformat()}
            for t in Thread.objects.filter(author=user).select_related("club")
        ],
        "posts": [
            {
                "club": post.thread.club.name,
                "thread": post.thread.title,
                "number": post.number,
                "written": post.created_at.isoformat(),
                "edited": post.edited_at.isoformat() if post.edited_at else None,
                "content_warning": post.content_warning,
                "text": post.body,
            }
            for post in posts
        ],
        "reactions": list(
            Reaction.objects.filter(user=user).values("kind", "post__thread__title", "post__number")
        ),
        "following": [
            {"thread": s.thread.title if s.thread_id else None, "following": s.is_following}
            for s in Subscription.objects.filter(user=user).select_related("thread")
        ],
        "notification_settings": {
            "direct_email": settings.direct_email,
            "following_email": settings.following_email,
        },
    }


def _recount_reactions(post_ids: list[int]) -> None:
    counts: dict[int, dict[str, int]] = {pk: {} for pk in post_ids}
    rows = (
        Reaction.objects.filter(post_id__in=post_ids)
        .values("post_id", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["post_id"]][row["kind"]] = row["n"]
    for post_id, value in counts.items():
        Post.objects.filter(pk=post_id).update(reaction_counts=value)


def _recount_threads(thread_ids: set[int]) -> None:
    for thread in Thread.objects.filter(pk__in=thread_ids).select_for_update():
        alive = thread.posts.not_deleted()
        latest = alive.order_by("-number").first()
        thread.post_count = alive.count()
        thread.last_post = latest
        thread.last_post_at = latest.created_at if latest else thread.created_at
        thread.save(update_fields=["post_count", "last_post", "last_post_at"])


def erase_discussions(user, *, remove_posts: bool) -> None:
    """Kept posts show "a former member" once the author link is cleared by the deletion.
    Removed posts become placeholders, like an author's own deletion: numbers stay."""
    reacted = list(Reaction.objects.filter(user=user).values_list("post_id", flat=True))
    touched = Post.objects.filter(Q(author=user) | Q(pk__in=reacted)).values("thread_id")
    Thread.objects.filter(pk__in=touched).bump_content_version()
    Reaction.objects.filter(user=user).delete()
    _recount_reactions(sorted(set(reacted)))
    if not remove_posts:
        return
    posts = Post.objects.filter(author=user, deleted_at__isnull=True)
    thread_ids = set(posts.values_list("thread_id", flat=True))
    PostRevision.objects.filter(post__author=user).delete()
    posts.update(
        body="",
        body_html="",
        body_text="",
        content_warning="",
        deleted_at=timezone.now(),
        deleted_by=None,
        reaction_counts={},
    )
    Reaction.objects.filter(post__author=user).delete()
    _recount_threads(thread_ids)
