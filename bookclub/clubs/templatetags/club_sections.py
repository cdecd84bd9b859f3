from __future__ import annotations

from django import template
from django.urls import reverse

from bookclub.clubs.sections import sections

register = template.Library()


@register.simple_tag
def club_sections(access, club) -> list[dict]:
    """[{name, label, url}] of the registered header links this viewer may see."""
    if access is None:
        return []
    return [
        {
            "name": section.name,
            "label": section.label,
            "url": reverse(section.url_name, kwargs={"club_slug": club.slug}),
        }
        for section in sections()
        if section.visible(access)
    ]
