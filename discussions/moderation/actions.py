"""Moderation of posts and threads, and the reports that lead to it.

Every action takes the acting person's `Membership` (None for outsiders; one of another
club counts as none), checks permission first, carries a reason and appends to the club's
audit log (bookclub.clubs.audit) under the person's name. Actions on members (warn, mute,
remove, ban) are the clubs services; `handle_report` calls them for a reported post's author.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookclub.clubs import audit, permissions
from bookclub.clubs import services as clubs
from bookclub.clubs.models import Membership
from discussions.models import Post, Thread
from discussions.moderation.models import Report
from discussions.moderation.tasks import email_report_closed
from readings.models import Chapter, Theme

Action = audit.Action


def _post_words(post: Post) -> str:
    return f"post #{post.number} in “{post.thread.title}”"[:300]


def _locked_post(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__club", "author")
        .get(pk=post.pk)
    )


@transaction.atomic
def report_post(*, actor: Membership | None, post: Post, reason: str, details: str = "") -> Report:
    """Any member reports a post; reporting the same post twice keeps one open report."""
    post = Post.objects.select_related("thread__club").get(pk=post.pk)
    club = post.thread.club
    permissions.check_participate(permissions.acting_in(actor, club.pk))
    reporter = actor.user
    if reason not in Report.Reason.values:
        raise ValidationError("Choose a reason from the list.")
    if post.is_deleted:
        raise ValidationError("This post was deleted.")
    if post.author_id == reporter.pk:
        raise ValidationError("You cannot report your own post; you can edit or delete it.")
    try:
        with transaction.atomic():
            return Report.objects.create(
                club=club, post=post, reporter=reporter, reason=reason, details=details.strip()
            )
    except IntegrityError:
        return Report.objects.open().get(post=post, reporter=reporter)


def _close_reports(post: Post, actor: Membership, status: str = Report.Status.HANDLED) -> list[int]:
    """Close the post's open reports; their reporters are told once this commits."""
    reports = list(Report.objects.open().filter(post=post).values_list("pk", flat=True))
    Report.objects.filter(pk__in=reports).update(
        status=status, handled_at=timezone.now(), handled_by=actor.user
    )
    for report_id in reports:
        transaction.on_commit(lambda pk=report_id: email_report_closed.enqueue(report_id=pk))
    return reports


def _set_hidden(*, actor: Membership | None, post: Post, reason: str, hidden: bool) -> Post:
    post = _locked_post(post)
    club = post.thread.club
    permissions.check_moderate(permissions.acting_in(actor, club.pk))
    if post.is_hidden != hidden:
        post.hidden_at, post.hidden_by = (timezone.now(), actor.user) if hidden else (None, None)
        post.save(update_fields=["hidden_at", "hidden_by"])
        Thread.objects.filter(pk=post.thread_id).bump_content_version()
        audit.record(
            club=club,
            actor=actor.user,
            action=Action.HIDE_POST if hidden else Action.RESTORE_POST,
            target=post.author,
            reason=reason,
            detail=_post_words(post),
        )
    return post


@transaction.atomic
def hide_post(*, actor: Membership | None, post: Post, reason: str) -> Post:
    post = _set_hidden(actor=actor, post=post, reason=reason, hidden=True)
    _close_reports(post, actor)
    return post


@transaction.atomic
def restore_post(*, actor: Membership | None, post: Post, reason: str) -> Post:
    return _set_hidden(actor=actor, post=post, reason=reason, hidden=False)


def _set_thread_flag(
    *, actor: Membership | None, thread: Thread, flag: str, value: bool, reason: str, check, actions
) -> Thread:
    """Check, change `thread.<flag>` and log it with `reason` (actions: set, cleared)."""
    thread = Thread.objects.select_for_update(of=("self",)).select_related("club").get(pk=thread.pk)
    check(permissions.acting_in(actor, thread.club_id))
    if not reason.strip():
        raise ValidationError("Give a reason: it goes into the club's audit log.")
    if getattr(thread, flag) != value:
        setattr(thread, flag, value)
        thread.save(update_fields=[flag])
        audit.record(
            club=thread.club,
            actor=actor.user,
            action=actions[0] if value else actions[1],
            reason=reason,
            detail=f"“{thread.title}”"[:300],
        )
    return thread


@transaction.atomic
def pin_thread(*, actor: Membership | None, thread: Thread, pinned: bool, reason: str) -> Thread:
    return _set_thread_flag(
        actor=actor, thread=thread, flag="is_pinned", value=pinned, reason=reason,
        check=permissions.check_pin, actions=(Action.PIN_THREAD, Action.UNPIN_THREAD),
    )  # fmt: skip


@transaction.atomic
def lock_thread(*, actor: Membership | None, thread: Thread, locked: bool, reason: str) -> Thread:
    return _set_thread_flag(
        actor=actor, thread=thread, flag="is_locked", value=locked, reason=reason,
        check=permissions.check_lock, actions=(Action.LOCK_THREAD, Action.UNLOCK_THREAD),
    )  # fmt: skip


@transaction.atomic
def move_thread(*, actor: Membership | None, thread: Thread, place: str, reason: str) -> Thread:
    """Move to "general", "theme:<slug>" or "chapter:<position>" of the same reading."""
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("club", "reading")
        .get(pk=thread.pk)
    )
    permissions.check_moderate(permissions.acting_in(actor, thread.club_id))
    kind, _, key = place.partition(":")
    theme = chapter = None
    if kind == "theme":
        theme = (
            Theme.objects.filter(book_id=thread.reading.book_id, slug=key)
            .filter(reading__isnull=True)
            .first()
            or Theme.objects.filter(reading=thread.reading, slug=key).first()
        )
        if theme is None:
            raise ValidationError("That theme is not part of this reading.")
    elif kind == "chapter":
        chapter = Chapter.objects.filter(
            book_id=thread.reading.book_id, position=int(key) if key.isdigit() else -1
        ).first()
        if chapter is None:
            raise ValidationError("That chapter is not part of this book.")
    elif kind != "general":
        raise ValidationError("Choose where to move the thread.")
    before = str(thread.theme or thread.chapter or "General discussion")
    thread.kind = Thread.Kind.THEME if theme else Thread.Kind.CHAPTER if chapter else "general"
    thread.theme, thread.chapter = theme, chapter
    if chapter is not None:
        thread.anchor_chapter = chapter
    thread.save(update_fields=["kind", "theme", "chapter", "anchor_chapter"])
    after = str(theme or chapter or "General discussion")
    audit.record(
        club=thread.club,
        actor=actor.user,
        action=Action.MOVE_THREAD,
        reason=reason,
        detail=f"“{thread.title}”: {before} → {after}"[:300],
    )
    return thread


# Handling a report: one decision, with a reason, on the reported post and its author.

DECISIONS = {
    "dismiss": "Dismiss: nothing wrong",
    "hide": "Hide the post",
    "warn": "Hide the post and warn the author",
    "mute": "Hide the post and mute the author",
    "remove": "Hide the post and remove the author from the club",
    "ban": "Hide the post and ban the author",
}
MEMBER_DECISIONS = {"warn", "mute", "remove", "ban"}


def _author_membership(post: Post) -> Membership | None:
    if post.author_id is None:
        return None
    return Membership.objects.filter(club=post.thread.club, user_id=post.author_id).first()


@transaction.atomic
def handle_report(
    *,
    actor: Membership | None,
    report: Report,
    decision: str,
    reason: str,
    mute_for: timedelta | None = None,
) -> Report:
    report = (
        Report.objects.select_for_update().select_related("post__thread__club").get(pk=report.pk)
    )
    permissions.check_moderate(permissions.acting_in(actor, report.club_id))
    club = actor.club
    if decision not in DECISIONS:
        raise ValidationError("Choose what to do about this report.")
    if not reason.strip():
        raise ValidationError("Give a reason: it goes into the club's audit log.")
    if report.status != Report.Status.OPEN:
        raise ValidationError("This report was already handled.")
    post = report.post
    if decision == "dismiss":
        audit.record(
            club=club,
            actor=actor.user,
            action=Action.DISMISS_REPORT,
            reason=reason,
            detail=_post_words(post),
        )
        _close_reports(post, actor, Report.Status.DISMISSED)
        return report
    target = _author_membership(post) if decision in MEMBER_DECISIONS else None
    if decision in MEMBER_DECISIONS and target is None:
        raise ValidationError("The author is no longer in this club; hide the post instead.")
    if decision in MEMBER_DECISIONS and not permissions.can_discipline(actor, target):
        raise PermissionDenied("You cannot take that action against this member.")
    hide_post(actor=actor, post=post, reason=reason)
    if decision == "warn":
        clubs.warn_member(actor=actor, membership_id=target.pk, reason=reason)
    elif decision == "mute":
        duration = mute_for or timedelta(days=1)
        clubs.mute_member(actor=actor, membership_id=target.pk, duration=duration, reason=reason)
    elif decision == "remove":
        clubs.remove_member(actor=actor, membership_id=target.pk, reason=reason)
    elif decision == "ban":
        clubs.ban_member(actor=actor, membership_id=target.pk, reason=reason)
    return report
