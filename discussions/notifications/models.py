"""What members follow, what they are told about, and how they want to hear of it.

They belong to the discussions app; its app config imports this module to register them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from bookclub.clubs.models import Club, Membership
from discussions.models import ReadState


class Subscription(models.Model):
    """A member follows a thread, or a theme of a reading (new threads in it).

    An unfollowed thread keeps its row with `is_following=False`, so that posting in it
    again does not subscribe the author once more against their choice.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    thread = models.ForeignKey(
        "discussions.Thread",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    reading = models.ForeignKey(
        "readings.Reading", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        "readings.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    is_following = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, reading__isnull=True, theme__isnull=True)
                    | Q(thread__isnull=True, reading__isnull=False, theme__isnull=False)
                ),
                name="subscription_thread_or_theme",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="one_subscription_per_thread",
            ),
            models.UniqueConstraint(
                fields=["user", "reading", "theme"],
                condition=Q(theme__isnull=False),
                name="one_subscription_per_theme",
            ),
        ]
        indexes = [
            models.Index(
                fields=["thread"], condition=Q(is_following=True), name="thread_followers"
            ),
            models.Index(
                fields=["reading", "theme"],
                condition=Q(is_following=True),
                name="theme_followers",
            ),
        ]

    def __str__(self) -> str:
        target = f"thread {self.thread_id}" if self.thread_id else f"theme {self.theme_id}"
        return f"{self.user} follows {target}" if self.is_following else f"{self.user} muted"


class NotificationQuerySet(models.QuerySet):
    @staticmethod
    def _seen():
        """The recipient's read state has passed the post: they saw it on the thread page."""
        return Exists(
            ReadState.objects.filter(
                user=OuterRef("recipient"),
                thread=OuterRef("thread"),
                last_read_number__gte=OuterRef("post_number"),
            )
        )

    def unread(self) -> NotificationQuerySet:
        """Not marked read, and not yet seen on the thread page."""
        return self.filter(read_at__isnull=True).exclude(self._seen())

    def with_unread(self) -> NotificationQuerySet:
        return self.annotate(
            is_unread=ExpressionWrapper(
                Q(read_at__isnull=True) & ~Q(self._seen()), output_field=models.BooleanField()
            )
        )

    def visible_to(self, user) -> NotificationQuerySet:
        """The user's own, from clubs they are still an active member of."""
        members = Membership.objects.active().filter(
            club=OuterRef("club"), user=OuterRef("recipient")
        )
        return self.filter(recipient=user).filter(Exists(members))


class Notification(models.Model):
    class Kind(models.TextChoices):
        # Strongest first: one post gives a member one notification, of the strongest kind.
        MENTION = "mention", "mentioned you"
        REPLY = "reply", "replied to your post"
        NEW_POST = "new_post", "posted in a thread you follow"
        NEW_THREAD = "new_thread", "started a thread in a theme you follow"

    class Email(models.TextChoices):
        NONE = "none", "Not emailed"
        QUEUED = "queued", "Queued for an immediate email"
        DIGEST = "digest", "Waiting for the daily digest"
        SENT = "sent", "Emailed"
        SKIPPED = "skipped", "Not emailed (already told about this thread, or email turned off)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    club = models.ForeignKey("clubs.Club", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        "discussions.Thread", on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.CASCADE, related_name="notifications"
    )
    # Copied from the post: "seen" is `post_number <= ReadState.last_read_number`.
    post_number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "post"], name="one_notification_per_post")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(email="digest"),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.get_kind_display()} ({self.post_id})"

    @property
    def is_direct(self) -> bool:
        """Addressed to the member themselves rather than to what they follow."""
        return self.kind in (self.Kind.MENTION, self.Kind.REPLY)


class EmailMode(models.TextChoices):
    OFF = "off", "Off: only on the notifications page"
    IMMEDIATE = "immediate", "At once: an email for each"
    DIGEST = "digest", "Daily digest: one email a day"


class NotificationSettingsQuerySet(models.QuerySet):
    def for_users(self, user_ids: Iterable[int]) -> dict[int, NotificationSettings]:
        """Each user's settings; users without a row get unsaved defaults. One query."""
        user_ids = list(user_ids)
        found = {s.user_id: s for s in self.filter(user_id__in=user_ids)}
        return {uid: found.get(uid) or NotificationSettings(user_id=uid) for uid in user_ids}


class NotificationSettings(models.Model):
    """How a member wants to hear of notifications by email. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # Mentions and replies to your posts.
    direct_email = models.CharField(
        "mentions and replies to your posts",
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATE,
    )
    # New posts in threads you follow, new threads in themes you follow.
    following_email = models.CharField(
        "activity in threads and themes you follow",
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.DIGEST,
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = NotificationSettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self) -> str:
        return f"Notification settings of {self.user}"

    def mode_for(self, kind: str) -> str:
        direct = kind in (Notification.Kind.MENTION, Notification.Kind.REPLY)
        return self.direct_email if direct else self.following_email


class ThreadEmail(models.Model):
    """When a member was last emailed about a thread: at most one email per thread until
    their read state for it moves on after this time (they visited)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("discussions.Thread", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_thread_email_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} emailed about {self.thread_id} at {self.sent_at}"


def filter_recipients(*, club: Club, actor_id: int | None, user_ids: Iterable[int]) -> set[int]:
    """The one gate every notification passes: active members of the club, never the actor,
    and never someone who blocked the actor (mentions and replies included; nobody is told)."""
    candidates = set(user_ids) - {actor_id}
    if not candidates:
        return set()
    members = Membership.objects.active().filter(club=club, user_id__in=candidates)
    if actor_id is not None:
        members = members.exclude(user__blocks_made__blocked_id=actor_id)
    return set(members.values_list("user_id", flat=True))
