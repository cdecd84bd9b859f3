from __future__ import annotations

from django import template

from bookclub.accounts.avatars import avatar_for

register = template.Library()


@register.inclusion_tag("_avatar.html")
def avatar(person, size: int = 32) -> dict:
    """An inline SVG of `person`'s initials (decorative: their name is always beside it)."""
    if person is None:
        return {"avatar": avatar_for(None, ""), "size": size}
    return {"avatar": avatar_for(person.pk, person.display_name), "size": size}
