"""Writes on a person's own account: blocking, export and deletion."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bookclub.accounts import personal_data
from bookclub.accounts.models import Block, User


@transaction.atomic
def block_user(*, blocker: User, blocked: User) -> Block:
    """Idempotent; the blocked person is not told."""
    if not blocker.is_authenticated:
        raise PermissionDenied("Log in to block someone.")
    if blocker.pk == blocked.pk:
        raise ValidationError("You cannot block yourself.")
    try:
        with transaction.atomic():
            return Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        return Block.objects.get(blocker=blocker, blocked=blocked)


@transaction.atomic
def unblock_user(*, blocker: User, block_id: int) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, pk=block_id).delete()
    return deleted > 0


def export_account(user: User) -> dict:
    return {
        "format": "bookclub-export/1",
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "pronouns": user.pronouns,
            "bio": user.bio,
            "time_zone": user.time_zone,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        },
        "blocked": [
            {"display_name": block.blocked.display_name, "since": block.created_at.isoformat()}
            for block in Block.objects.filter(blocker=user).select_related("blocked")
        ],
        **personal_data.export_all(user),
    }


@transaction.atomic
def delete_account(*, user: User, password: str, remove_posts: bool) -> None:
    """Erase the person at once. Their posts stay as "a former member", or are removed."""
    if not user.is_authenticated or not user.check_password(password):
        raise ValidationError("That is not your current password.")
    user = User.objects.select_for_update().get(pk=user.pk)
    personal_data.erase_all(user, remove_posts=remove_posts)
    user.delete()
