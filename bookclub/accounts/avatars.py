"""Avatars drawn from a display name on the page itself: initials on a colour taken from the
person's id. No picture is fetched from anywhere, and nothing is derived from the email."""

from __future__ import annotations

from dataclasses import dataclass

# Knuth's multiplicative hash spreads consecutive ids over the colour wheel.
_SPREAD = 2_654_435_761


@dataclass(frozen=True)
class Avatar:
    initials: str
    hue: int


def avatar_for(user_id: int | None, display_name: str) -> Avatar:
    words = [word for word in display_name.split() if word[:1].isalnum()]
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    hue = (user_id or 0) * _SPREAD % 2**32 % 360
    return Avatar(initials=initials, hue=hue)
