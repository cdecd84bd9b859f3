"""Changes made in the layers below that alter what a thread's posts show: each retires the
cached post lists of the threads concerned (Thread.content_version)."""

from __future__ import annotations

from discussions.models import Thread

# User fields a post shows (its byline); a save naming only others (a login) changes nothing.
_SHOWN_USER_FIELDS = {"display_name"}


def author_saved(sender, instance, update_fields=None, created=False, **kwargs) -> None:
    if created or (update_fields is not None and not _SHOWN_USER_FIELDS & set(update_fields)):
        return
    Thread.objects.filter(posts__author=instance).bump_content_version()


def membership_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """A role badge shows on each post while its author is an active member."""
    if update_fields is not None and "role" not in update_fields:
        return
    Thread.objects.filter(
        club_id=instance.club_id, posts__author_id=instance.user_id
    ).bump_content_version()


def chapters_renamed(sender, book, **kwargs) -> None:
    """Posts show the chapter they discuss up to by its label."""
    Thread.objects.filter(reading__book=book).bump_content_version()
