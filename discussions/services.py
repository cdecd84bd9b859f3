"""Every write of the discussions app. Views, commands and tests call these.

`create_thread` and `create_post` are the single entry points for new content, so whatever
must happen on a new post (notifications, feeds) hangs off them.

The actor is the person's `Membership` (the row `club_view` loaded, None for outsiders); a
membership of another club than the thread's counts as none (`permissions.acting_in`).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from bookclub.accounts.models import User
from bookclub.clubs import permissions
from bookclub.clubs.models import Membership
from discussions.models import Mention, Post, PostRevision, Reaction, ReadState, Thread
from discussions.notifications import fanout
from discussions.rendering import RenderedPost, render_post
from readings.models import Chapter, Reading, ScheduleEntry, Theme


class StaleEdit(ValidationError):
    """The post changed since the editor loaded it."""


def club_members_by_name(club) -> dict[str, tuple[int, str]]:
    """Casefolded display name -> (user id, display name) of active members, for @mentions."""
    rows = User.objects.filter(
        memberships__club=club, memberships__status=Membership.Status.ACTIVE
    ).values_list("pk", "display_name")
    return {name.casefold(): (pk, name) for pk, name in rows}


def _render(club, body: str) -> RenderedPost:
    return render_post(body, club_members_by_name(club))


def _check_anchor(reading: Reading, chapter: Chapter | None) -> None:
    if chapter is not None and chapter.book_id != reading.book_id:
        raise ValidationError("That chapter is not part of this book.")


def _save_mentions(post: Post, rendered: RenderedPost) -> None:
    Mention.objects.filter(post=post).exclude(user_id__in=rendered.mentioned_ids).delete()
    Mention.objects.bulk_create(
        [Mention(post=post, user_id=user_id) for user_id in rendered.mentioned_ids],
        ignore_conflicts=True,
    )


def _own_post_with_key(author: User, key: uuid.UUID | None) -> Post | None:
    """The author's post sent with this form key; keys are scoped to the person."""
    if key is None:
        return None
    return Post.objects.filter(author=author, idempotency_key=key).first()


# Action paths under t/<id>/ that a slug must not shadow.
RESERVED_SLUGS = {"unread", "reply", "pin", "lock"}


def _thread_slug(title: str) -> str:
    slug = slugify(title)[:80].strip("-") or "thread"
    return f"{slug}-thread" if slug in RESERVED_SLUGS else slug


@transaction.atomic
def create_thread(
    *,
    actor: Membership | None,
    reading: Reading,
    title: str,
    body: str,
    theme: Theme | None = None,
    chapter: Chapter | None = None,
    anchor_chapter: Chapter | None = None,
    content_warning: str = "",
    idempotency_key: uuid.UUID | None = None,
    schedule_entry: ScheduleEntry | None = None,
) -> Thread:
    """Open a thread with its first post. The same idempotency key twice returns the first."""
    permissions.check_start_thread(permissions.acting_in(actor, reading.club_id))
    author = actor.user
    existing = _own_post_with_key(author, idempotency_key)
    if existing is not None:
        return existing.thread
    if theme is not None and theme.book_id != reading.book_id:
        raise ValidationError("That theme is not part of this book.")
    if chapter is not None:
        _check_anchor(reading, chapter)
        anchor_chapter = chapter  # a chapter thread discusses its own chapter
    _check_anchor(reading, anchor_chapter)
    kind = Thread.Kind.THEME if theme else Thread.Kind.CHAPTER if chapter else Thread.Kind.GENERAL
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                club=actor.club,
                reading=reading,
                kind=kind,
                theme=theme,
                chapter=chapter,
                anchor_chapter=anchor_chapter,
                schedule_entry=schedule_entry,
                title=title.strip(),
                slug=_thread_slug(title),
                author=author,
            )
            first_post = _add_post(
                thread=thread,
                author=author,
                body=body,
                anchor_chapter=anchor_chapter,
                content_warning=content_warning,
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        # A concurrent double submit of the author's own form won the race: its thread is the one.
        existing = _own_post_with_key(author, idempotency_key)
        if existing is None:
            raise
        return existing.thread
    fanout.after_commit_notify_thread(thread, first_post)
    return thread


@transaction.atomic
def create_post(
    *,
    actor: Membership | None,
    thread: Thread,
    body: str,
    anchor_chapter: Chapter | None = None,
    content_warning: str = "",
    reply_to: Post | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Post:
    """Add a reply. The same idempotency key twice returns the first post."""
    # Lock the thread: numbers are handed out one at a time.
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("club", "reading")
        .get(pk=thread.pk)
    )
    permissions.check_post_in(permissions.acting_in(actor, thread.club_id), thread)
    author = actor.user
    existing = _own_post_with_key(author, idempotency_key)
    if existing is not None:
        return existing
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError("You can only reply to a post in the same thread.")
    if thread.chapter_id:
        anchor_chapter = thread.chapter
    _check_anchor(thread.reading, anchor_chapter)
    post = _add_post(
        thread=thread,
        author=author,
        body=body,
        anchor_chapter=anchor_chapter,
        content_warning=content_warning,
        reply_to=reply_to,
        idempotency_key=idempotency_key,
    )
    fanout.after_commit_notify_post(post)
    return post


def _add_post(*, thread: Thread, author: User, body: str, **fields) -> Post:
    rendered = _render(thread.club, body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        number=thread.last_post_number + 1,
        author=author,
        body=body,
        body_html=rendered.html,
        body_text=rendered.text,
        created_at=now,
        **fields,
    )
    post.unknown_mentions = rendered.unknown_mentions
    _save_mentions(post, rendered)
    thread.last_post_number = post.number
    thread.post_count += 1
    thread.last_post = post
    thread.last_post_at = now
    thread.content_version = F("content_version") + 1  # retires its cached post lists
    thread.save(
        update_fields=[
            "last_post_number",
            "post_count",
            "last_post",
            "last_post_at",
            "content_version",
        ]
    )
    return post


@transaction.atomic
def edit_post(
    *,
    actor: Membership | None,
    post: Post,
    body: str,
    version: int,
    anchor_chapter: Chapter | None = None,
    content_warning: str = "",
) -> Post:
    """Replace a post's text, keeping the earlier version. Refused if someone edited it since."""
    post = (
        Post.objects.select_for_update()
        .select_related("thread__club", "thread__reading")
        .get(pk=post.pk)
    )
    thread = post.thread
    permissions.check_edit_post(permissions.acting_in(actor, thread.club_id), post)
    if post.version != version:
        raise StaleEdit(
            "This post was changed elsewhere since you opened it. Your text is below; "
            "copy it, reload the post and edit again."
        )
    if thread.chapter_id:
        anchor_chapter = thread.chapter
    _check_anchor(thread.reading, anchor_chapter)
    _keep_revision(post, replaced_by=actor.user)
    rendered = _render(thread.club, body)
    post.body = body
    post.body_html = rendered.html
    post.body_text = rendered.text
    post.anchor_chapter = anchor_chapter
    post.content_warning = content_warning
    post.edited_at = timezone.now()
    post.version += 1
    post.save()
    Thread.objects.filter(pk=thread.pk).bump_content_version()
    post.unknown_mentions = rendered.unknown_mentions
    _save_mentions(post, rendered)
    if post.number == 1 and thread.kind != Thread.Kind.CHAPTER:
        thread.anchor_chapter = anchor_chapter
        thread.save(update_fields=["anchor_chapter"])
    return post


def _keep_revision(post: Post, *, replaced_by: User) -> PostRevision:
    """Store the post as it stands before it is replaced, for moderators to review."""
    return PostRevision.objects.create(
        post=post,
        version=post.version,
        body=post.body,
        body_html=post.body_html,
        content_warning=post.content_warning,
        anchor_chapter=post.anchor_chapter,
        written_at=post.edited_at or post.created_at,
        replaced_by=replaced_by,
    )


@transaction.atomic
def delete_post(*, actor: Membership | None, post: Post) -> Post:
    """Leave a placeholder. An author's own deletion erases the text and its history; a
    moderator's keeps the text as a revision so the decision can be reviewed."""
    post = Post.objects.select_for_update().select_related("thread__club").get(pk=post.pk)
    thread = post.thread
    permissions.check_delete_post(permissions.acting_in(actor, thread.club_id), post)
    if post.author_id == actor.user_id:
        post.revisions.all().delete()
    else:
        _keep_revision(post, replaced_by=actor.user)
    post.body = post.body_html = post.body_text = post.content_warning = ""
    post.deleted_at = timezone.now()
    post.deleted_by = actor.user
    post.save()
    Mention.objects.filter(post=post).delete()
    Reaction.objects.filter(post=post).delete()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.post_count = max(0, thread.post_count - 1)
    if thread.last_post_id == post.pk:
        latest = thread.posts.not_deleted().order_by("-number").first()
        thread.last_post = latest
        thread.last_post_at = latest.created_at if latest else thread.created_at
    thread.save(update_fields=["post_count", "last_post", "last_post_at"])
    Thread.objects.filter(pk=thread.pk).bump_content_version()
    return post


@transaction.atomic
def toggle_reaction(*, actor: Membership | None, post: Post, kind: str) -> Post:
    """Add the reaction, or take it back if the user already gave it."""
    if kind not in Reaction.Kind.values:
        raise ValidationError("Unknown reaction.")
    post = Post.objects.select_for_update().select_related("thread__club").get(pk=post.pk)
    permissions.check_react(permissions.acting_in(actor, post.thread.club_id))
    if post.is_deleted:
        raise ValidationError("This post was deleted.")
    deleted, _ = Reaction.objects.filter(post=post, user_id=actor.user_id, kind=kind).delete()
    if not deleted:
        Reaction.objects.create(post=post, user_id=actor.user_id, kind=kind)
    counts = Reaction.objects.filter(post=post).values("kind").annotate(n=Count("pk"))
    post.reaction_counts = {row["kind"]: row["n"] for row in counts}
    post.save(update_fields=["reaction_counts"])
    Thread.objects.filter(pk=post.thread_id).bump_content_version()
    return post


def mark_read(*, thread: Thread, user: User, up_to: int, has_read_mark: bool | None = None) -> None:
    """Record that `user` has seen posts up to number `up_to` (never moves backwards).

    One query when the caller knows whether `user` has a read mark in `thread` yet
    (`has_read_mark`, as the thread page does), at most three otherwise.
    """
    if not user.is_authenticated or up_to <= 0:
        return
    now = timezone.now()
    behind = ReadState.objects.filter(user=user, thread=thread, last_read_number__lt=up_to)
    if has_read_mark is not False and (
        behind.update(last_read_number=up_to, updated_at=now) or has_read_mark
    ):
        return
    mark = ReadState(user=user, thread=thread, last_read_number=up_to, updated_at=now)
    ReadState.objects.bulk_create([mark], ignore_conflicts=True)
    if has_read_mark is None:  # a mark written meanwhile by another request may be behind
        behind.update(last_read_number=up_to, updated_at=now)


@transaction.atomic
def mark_all_read(*, actor: Membership | None, threads) -> int:
    """Mark every thread of the queryset in the actor's club read to its last post.
    Returns how many threads."""
    permissions.check_participate(actor)
    now = timezone.now()
    states = [
        ReadState(user_id=actor.user_id, thread_id=pk, last_read_number=number, updated_at=now)
        for pk, number in threads.filter(club_id=actor.club_id).values_list(
            "pk", "last_post_number"
        )
    ]
    ReadState.objects.bulk_create(
        states,
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_number", "updated_at"],
    )
    return len(states)


def open_prompt_thread(*, actor: Membership | None, entry: ScheduleEntry, index: int) -> Thread:
    """One click on a schedule prompt: its thread, opened now if nobody has yet."""
    permissions.check_start_thread(permissions.acting_in(actor, entry.reading.club_id))
    prompts = entry.prompt_list()
    if not 0 <= index < len(prompts):
        raise ValidationError("That prompt does not exist.")
    prompt = prompts[index][:200]
    existing = Thread.objects.filter(schedule_entry=entry, title=prompt).first()
    if existing is not None:
        return existing
    chapter = entry.last_chapter
    label = (
        entry.first_chapter.label
        if entry.first_chapter_id == entry.last_chapter_id
        else f"{entry.first_chapter.label} to {chapter.label}"
    )
    return create_thread(
        actor=actor,
        reading=entry.reading,
        title=prompt,
        body=f"A prompt from the schedule for {label}:\n\n> {prompts[index]}",
        anchor_chapter=chapter,
        schedule_entry=entry,
    )


@transaction.atomic
def reset_discussion_feed_token(*, actor: Membership | None) -> uuid.UUID:
    """A new secret for the member's private discussion feed; the old link stops working."""
    permissions.check_hold_discussion_feed(actor)
    actor.discussion_feed_token = uuid.uuid4()
    actor.save(update_fields=["discussion_feed_token"])
    return actor.discussion_feed_token
