"""Threads and posts of a club's reading, with what each member has read of them.

Counters on Thread (post_count, last_post_*) are kept by the services so that lists need no
aggregation. Posts are numbered per thread from 1 and never removed (deletion leaves a
placeholder), so page N of a thread is simply `number BETWEEN …` on the (thread, number) index.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from bookclub.clubs.models import Club
from discussions.querysets import PostQuerySet, ThreadQuerySet

SEARCH_CONFIG = "english"
MAX_POST_LENGTH = 20_000


def page_size() -> int:
    return getattr(settings, "DISCUSSIONS_PAGE_SIZE", 20)


class Thread(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", "Theme"
        CHAPTER = "chapter", "Chapter"
        GENERAL = "general", "General"

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="threads")
    reading = models.ForeignKey(
        "readings.Reading", on_delete=models.CASCADE, related_name="threads"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    theme = models.ForeignKey(
        "readings.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    chapter = models.ForeignKey(
        "readings.Chapter", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the thread's title and opening post may reveal ("discusses up to chapter N").
    anchor_chapter = models.ForeignKey(
        "readings.Chapter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the thread was opened from a schedule entry's prompt.
    schedule_entry = models.ForeignKey(
        "readings.ScheduleEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # Denormalised by the services.
    post_count = models.PositiveIntegerField(default=0, help_text="Posts not deleted.")
    last_post_number = models.PositiveIntegerField(default=0, help_text="Highest number given.")
    last_post_at = models.DateTimeField(default=timezone.now)
    last_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Part of the cached post list's key: every change to what a post of the thread shows
    # bumps it (ThreadQuerySet.bump_content_version), so a stale list is never read again.
    content_version = models.PositiveIntegerField(default=1)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="theme", theme__isnull=False, chapter__isnull=True)
                    | Q(kind="chapter", chapter__isnull=False, theme__isnull=True)
                    | Q(kind="general", theme__isnull=True, chapter__isnull=True)
                ),
                name="thread_kind_matches_subject",
            )
        ]
        indexes = [
            models.Index(fields=["reading", "theme", "-last_post_at"]),
            models.Index(fields=["reading", "chapter", "-last_post_at"]),
            models.Index(fields=["club", "-last_post_at"]),
            GinIndex(fields=["search_vector"], name="thread_search_gin"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "discussions:thread-detail",
            kwargs={"club_slug": self.club.slug, "thread_id": self.pk, "slug": self.slug},
        )

    def post_url(self, number: int, thread_url: str | None = None) -> str:
        """The one address of post `number`: its page and its anchor (`thread_url`: this
        thread's address, when the caller already built it)."""
        page = self.page_of(number)
        query = f"?page={page}" if page > 1 else ""
        base = self.get_absolute_url() if thread_url is None else thread_url
        return f"{base}{query}#post-{number}"

    @property
    def page_count(self) -> int:
        return max(1, -(-self.last_post_number // page_size()))

    def page_of(self, number: int) -> int:
        return max(1, -(-number // page_size()))


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(max_length=MAX_POST_LENGTH)
    body_html = models.TextField(editable=False)
    # Plain text of the post with inline spoilers blanked: searched and used for snippets.
    body_text = models.TextField(editable=False, default="")
    anchor_chapter = models.ForeignKey(
        "readings.Chapter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_warning = models.CharField(max_length=100, blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every edit: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Hidden by a moderator: members see a placeholder, moderators the text (moderation/actions.py).
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Sent with the form: the same form posted twice creates one post. Unique per author,
    # so someone else's key is just a new key (never a way into their thread).
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)
    # {"like": 3, ...}; kept by the reaction service so a page needs no aggregation.
    reaction_counts = models.JSONField(default=dict, blank=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("body_text", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="post_number_per_thread"),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="idempotency_key_per_author",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="post_search_gin"),
            models.Index(fields=["thread", "-created_at"], name="post_thread_recent"),
            models.Index(fields=["-created_at"], name="post_recent"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} in {self.thread_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None

    @property
    def anchor_position(self) -> int:
        return self.anchor_chapter.position if self.anchor_chapter_id else 0

    def get_permalink(self, club_slug: str, thread: Thread) -> str:
        return reverse(
            "discussions:thread-detail",
            kwargs={"club_slug": club_slug, "thread_id": thread.pk, "slug": thread.slug},
        ) + thread.post_url(self.number, thread_url="")


class PostRevision(models.Model):
    """An earlier version of a post, kept when it is edited; moderators may read them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    content_warning = models.CharField(max_length=100, blank=True)
    anchor_chapter = models.ForeignKey(
        "readings.Chapter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(help_text="When this version was written.")
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["post", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["post", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of post {self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", "👍"
        LOVE = "love", "❤️"
        INSIGHT = "insight", "💡"
        SAD = "sad", "😢"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.post_id}"


class Mention(models.Model):
    """A member named with @Display Name in a post (the notification code reads these)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_once")]

    def __str__(self) -> str:
        return f"{self.user} in post {self.post_id}"


class ReadState(models.Model):
    """How far a member has read a thread: the highest post number they have seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread_id} to #{self.last_read_number}"
