from __future__ import annotations

import zoneinfo

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from bookclub.accounts.names import clean_display_name, display_name_key

TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person. Others only ever see `display_name`; the email stays with its owner and staff."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=40, help_text="The only name other members see. It need not be your real name."
    )
    display_name_key = models.CharField(max_length=80, unique=True, editable=False)
    pronouns = models.CharField(max_length=40, blank=True)
    bio = models.TextField("short bio", max_length=500, blank=True)
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="UTC")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        # The skeleton is derived data: keep it in step with the name it guards.
        self.display_name = clean_display_name(self.display_name)
        self.display_name_key = display_name_key(self.display_name)
        if kwargs.get("update_fields") and "display_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "display_name_key"}
        super().save(*args, **kwargs)


class BlockQuerySet(models.QuerySet):
    def blocked_ids_for(self, user) -> set[int]:
        """Ids of the people `user` has blocked (empty for visitors). One query."""
        if not getattr(user, "is_authenticated", False):
            return set()
        return set(self.filter(blocker=user).values_list("blocked_id", flat=True))


class Block(models.Model):
    """`blocker` no longer sees `blocked`'s posts and cannot be notified by them.

    The blocked person is never told: nothing they can see changes.
    """

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocked {self.blocked}"
