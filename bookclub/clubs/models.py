from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from bookclub.accounts.models import TIME_ZONE_CHOICES
from bookclub.accounts.names import display_name_key

RESERVED_SLUGS = {
    "new", "admin", "accounts", "settings", "api", "static", "media", "healthz", "c", "clubs",
    "join", "invite", "manage", "search", "feed", "calendar", "moderation", "login", "logout",
    "signup", "help", "about", "directory",
}  # fmt: skip

# One message for every address that cannot be had: reserved, or used by a club, public or
# private, so that the settings form does not tell which private clubs exist.
ADDRESS_UNAVAILABLE = "That address is not available. Choose another."
NAME_TAKEN = (
    "This name looks the same as the name of another club, so people could mistake one for "
    "the other. Choose a name they can tell apart."
)


class ClubQuerySet(models.QuerySet):
    def public(self) -> ClubQuerySet:
        return self.filter(visibility=Club.Visibility.PUBLIC)

    def with_member_count(self) -> ClubQuerySet:
        return self.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)
            )
        )

    def shared_by(self, person, other) -> ClubQuerySet:
        """Clubs where both people are active members."""
        active = Membership.Status.ACTIVE
        return self.filter(
            pk__in=Membership.objects.filter(user=person, status=active).values("club_id")
        ).filter(pk__in=Membership.objects.filter(user=other, status=active).values("club_id"))

    def address_is_free(self, slug: str, *, exclude: Club | None = None) -> bool:
        """Whether a club could take `slug` as its address (/c/<slug>/)."""
        if slug in RESERVED_SLUGS:
            return False
        taken = self.filter(slug=slug)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        return not taken.exists()

    def named_like(self, name: str, *, exclude: Club | None = None) -> ClubQuerySet:
        """Public clubs whose name looks the same as `name` ("Lyon Readers", "LYON READERS",
        "Lуon Readers"). Private clubs are left out: refusing a name because one of them
        has it would tell anyone that it exists."""
        found = self.public().filter(name_key=display_name_key(name))
        return found.exclude(pk=exclude.pk) if exclude is not None else found

    def of_user(self, user) -> ClubQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE)


class Club(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: listed, readable by anyone"
        PRIVATE = "private", "Private: invisible to anyone who is not a member"

    class JoinPolicy(models.TextChoices):
        OPEN = "open", "Open: anyone can join after accepting the code of conduct"
        REQUEST = "request", "Request: an admin approves each request"
        INVITE = "invite", "Invitation only"

    name = models.CharField(max_length=80)
    # The name's skeleton, so that look-alike names can be found with an index.
    name_key = models.CharField(max_length=80, db_index=True, editable=False, default="")
    # Any alphabet's letters: a name in Chinese or Arabic gets an address in its own letters.
    slug = models.SlugField(max_length=50, unique=True, allow_unicode=True)
    description = models.TextField(max_length=2000, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    code_of_conduct = models.TextField(max_length=10000)
    code_of_conduct_html = models.TextField(blank=True, editable=False)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    time_zone = models.CharField(
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="UTC",
        help_text="Meetings are scheduled in this time zone.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClubQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["visibility", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The skeleton is derived data: keep it in step with the name it guards.
        self.name_key = display_name_key(self.name)
        if kwargs.get("update_fields") and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("clubs:club-detail", kwargs={"club_slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.ACTIVE)

    def order_by_rank(self) -> MembershipQuerySet:
        """Owners first, then admins, moderators and members; by name within each role."""
        rank = Case(
            *(When(role=role, then=Value(position)) for position, role in enumerate(ROLE_ORDER)),
            default=Value(len(ROLE_ORDER)),
        )
        return self.annotate(role_rank=rank).order_by("role_rank", "user__display_name", "pk")


class Membership(models.Model):
    """A person's place in a club. A ban is a membership row whose status is banned."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MODERATOR = "moderator", "Moderator"
        MEMBER = "member", "Member"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        BANNED = "banned", "Banned"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(default=timezone.now)
    ban_reason = models.CharField(max_length=500, blank=True)
    # A muted member can read but not post or react until then.
    muted_until = models.DateTimeField(null=True, blank=True)
    mute_reason = models.CharField(max_length=500, blank=True)
    # One secret per private feed, so a calendar app that holds the calendar link cannot read
    # the discussions. Each is reset on its own; the row's deletion (leaving) kills both.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    discussion_feed_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="one_membership_per_club")
        ]
        indexes = [models.Index(fields=["club", "status", "joined_at"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.club} ({self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def is_muted(self, now: datetime | None = None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())

    def revoke_feed_links(self) -> None:
        """New secrets for both private feeds: every link handed out so far stops working."""
        self.calendar_token, self.discussion_feed_token = uuid.uuid4(), uuid.uuid4()
        self.save(update_fields=["calendar_token", "discussion_feed_token"])


class Sanction(models.Model):
    """A mute that outlives the membership: kept when a muted member leaves or is removed, and
    put back whichever way they come back (joining, an invitation, an approved request).

    Bans need no such record: a ban is the membership row itself, which cannot be left.
    """

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    muted_until = models.DateTimeField()
    mute_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["club", "user"], name="one_sanction_per_club")
        ]

    def __str__(self) -> str:
        return f"{self.user} muted in {self.club} until {self.muted_until}"


ROLE_ORDER = [
    Membership.Role.OWNER,
    Membership.Role.ADMIN,
    Membership.Role.MODERATOR,
    Membership.Role.MEMBER,
]


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["club", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_club",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.club}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet):
    def usable(self, now: datetime | None = None) -> InvitationQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now).filter(
            Q(max_uses__isnull=True) | Q(use_count__lt=models.F("max_uses"))
        )


class Invitation(models.Model):
    """A link that lets people join, whatever the club's join policy."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    email = models.EmailField(blank=True, help_text="Sent to this address, if given.")
    note = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_uses__isnull=True) | Q(use_count__lte=models.F("max_uses")),
                name="invitation_uses_within_limit",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.club}"

    def get_absolute_url(self) -> str:
        return reverse(
            "clubs:invitation-accept", kwargs={"club_slug": self.club.slug, "token": self.token}
        )

    def unusable_reason(self, now: datetime | None = None) -> str | None:
        """Why this link no longer works, in words for the person holding it; None if it works."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "This invitation was withdrawn by the club."
        if self.expires_at <= now:
            return "This invitation has expired."
        if self.max_uses is not None and self.use_count >= self.max_uses:
            return "This invitation has been used as many times as it allows."
        return None


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditLog(models.Model):
    """One moderation action or role change in a club. Append-only: the model refuses updates
    and deletes, and a database trigger refuses them too (migration clubs 0002).

    Names are copied at the time of the action so the record reads the same after renames;
    the user links are cleared (never the names) when an account is deleted.
    """

    class Action(models.TextChoices):
        ROLE_CHANGE = "role_change", "Changed role"
        OWNERSHIP = "ownership", "Handed over ownership"
        REMOVE = "remove", "Removed from the club"
        BAN = "ban", "Banned"
        UNBAN = "unban", "Lifted a ban"
        WARN = "warn", "Warned"
        MUTE = "mute", "Muted"
        UNMUTE = "unmute", "Lifted a mute"
        HIDE_POST = "hide_post", "Hid a post"
        RESTORE_POST = "restore_post", "Restored a post"
        DELETE_POST = "delete_post", "Deleted a post"
        PIN_THREAD = "pin_thread", "Pinned a thread"
        UNPIN_THREAD = "unpin_thread", "Unpinned a thread"
        LOCK_THREAD = "lock_thread", "Locked a thread"
        UNLOCK_THREAD = "unlock_thread", "Unlocked a thread"
        MOVE_THREAD = "move_thread", "Moved a thread"
        DISMISS_REPORT = "dismiss_report", "Dismissed a report"
        CREATE_POLL = "create_poll", "Created a poll"
        CLOSE_POLL = "close_poll", "Closed a poll early"
        CLOSE_PROPOSAL = "close_proposal", "Closed a book proposal"
        ARCHIVE_PROPOSAL = "archive_proposal", "Archived a book proposal"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="audit_log")
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=40)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target_name = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    # What was acted on, in words ("post #4 in “Borders”", "member → moderator").
    detail = models.CharField(max_length=300, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["club", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name}: {self.get_action_display()} {self.target_name}".strip()

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")
