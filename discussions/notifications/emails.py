"""Notification emails: display names only, spoiler-safe, with a signed unsubscribe link."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.urls import reverse

from bookclub.core.text import render_plain_text
from bookclub.mail import email_subject
from discussions.gating import post_is_gated, thread_is_gated
from discussions.models import ReadState
from discussions.notifications.models import Notification, ThreadEmail

UNSUBSCRIBE_SALT = "discussions.notifications.unsubscribe"
QUOTE_LENGTH = 600


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int:
    """The user a token was made for; raises signing.BadSignature when tampered with."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, int):
        raise signing.BadSignature("Not an unsubscribe token")
    return value


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(user_id: int) -> str:
    return absolute(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id)})
    )


def already_emailed(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (user, thread) pairs emailed about since that member last visited the thread."""
    if not pairs:
        return set()
    visited = ReadState.objects.filter(
        user=OuterRef("user"), thread=OuterRef("thread"), updated_at__gt=OuterRef("sent_at")
    )
    rows = (
        ThreadEmail.objects.filter(
            user_id__in={user for user, _ in pairs}, thread_id__in={t for _, t in pairs}
        )
        .exclude(Exists(visited))
        .values_list("user_id", "thread_id")
    )
    return set(rows) & pairs


def record_emailed(pairs: set[tuple[int, int]], when) -> None:
    ThreadEmail.objects.bulk_create(
        [ThreadEmail(user_id=user, thread_id=thread, sent_at=when) for user, thread in pairs],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["sent_at"],
    )


def post_link(notification: Notification) -> str:
    """The post's stable link: it names no thread slug, so a gated title does not leak."""
    return reverse(
        "discussions:post-detail",
        kwargs={"club_slug": notification.club.slug, "post_id": notification.post_id},
    )


@dataclass
class Item:
    """One notification as an email shows it."""

    actor: str
    headline: str
    thread: str
    club: str
    url: str
    quote: str
    note: str


_HEADLINES = {
    Notification.Kind.MENTION: "{actor} mentioned you in {thread}",
    Notification.Kind.REPLY: "{actor} replied to your post in {thread}",
    Notification.Kind.NEW_POST: "{actor} posted in {thread}",
    Notification.Kind.NEW_THREAD: "{actor} started {thread} in a theme you follow",
}


def _chapter_phrase(chapter) -> str:
    return f"a post about {chapter.label}"


def describe(notification: Notification, progress: int) -> Item:
    """What the recipient may read at their `progress` in the thread's reading.

    `notification.post_readable` says whether the post's text may leave the site at all
    (PostQuerySet.readable_by, annotated by the task that claims the notification)."""
    thread, post = notification.thread, notification.post
    viewer_id = notification.recipient_id
    if thread_is_gated(thread, progress, viewer_id):
        thread_label = f"a thread about {thread.anchor_chapter.label}"
    else:
        thread_label = f"“{thread.title}”"
    quote, note = "", ""
    if not notification.post_readable:
        note = (
            "The post has since been deleted."
            if post.is_deleted
            else "A moderator has since hidden the post."
        )
    elif post_is_gated(post, progress, viewer_id):
        note = (
            f"It is {_chapter_phrase(post.anchor_chapter)}, further than you have read, so it "
            "is not quoted here."
        )
    elif post.content_warning:
        note = f"It carries a content warning ({post.content_warning}), so it is not quoted here."
    else:
        quote = post.body_text.strip()
        if len(quote) > QUOTE_LENGTH:
            quote = quote[:QUOTE_LENGTH].rsplit(" ", 1)[0] + " …"
    actor = notification.actor.display_name if notification.actor else "A former member"
    return Item(
        actor=actor,
        headline=_HEADLINES[notification.kind].format(actor=actor, thread=thread_label),
        thread=thread_label,
        club=notification.club.name,
        url=absolute(post_link(notification)),
        quote="\n".join(f"> {line}" for line in quote.splitlines()),
        note=note,
    )


def _message(user, subject: str, template: str, context: dict) -> EmailMessage:
    unsubscribe = unsubscribe_url(user.pk)
    context = {
        **context,
        "name": user.display_name,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(reverse("notification_settings:edit")),
        "notifications_url": absolute(reverse("notifications:list")),
    }
    return EmailMessage(
        subject=email_subject(subject),
        body=render_plain_text(template, context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def immediate_message(notification: Notification, progress: int) -> EmailMessage:
    item = describe(notification, progress)
    subject = f"[{item.club}] {item.headline}"
    return _message(
        notification.recipient,
        subject,
        "discussions/email/notification.txt",
        {"item": item},
    )


def digest_message(
    user, notifications: list[Notification], progress: dict[int, int]
) -> EmailMessage:
    items = [describe(n, progress.get(n.thread.reading_id, 0)) for n in notifications]
    count = len(items)
    subject = f"[Bookclub] {count} new notification{'s' if count != 1 else ''}"
    return _message(user, subject, "discussions/email/digest.txt", {"items": items})
