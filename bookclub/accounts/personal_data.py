"""What each app knows about a person, for export and for account deletion.

Accounts is the lowest layer and cannot import the apps above it, so they call down: each
registers its part in AppConfig.ready() with `register(name, order, export=..., erase=...)`.
`export(user) -> JSON-serialisable` must name other people by display name only, never by
email. `erase(user, *, remove_posts)` runs inside the deletion transaction, before the user
row is deleted (lowest `order` first); rows that merely cascade need no eraser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Part:
    name: str
    order: int
    export: Callable[[Any], Any] | None
    erase: Callable[..., None] | None


_PARTS: dict[str, Part] = {}


def register(
    name: str,
    order: int,
    *,
    export: Callable[[Any], Any] | None = None,
    erase: Callable[..., None] | None = None,
) -> None:
    _PARTS[name] = Part(name, order, export, erase)


def parts() -> list[Part]:
    return sorted(_PARTS.values(), key=lambda part: part.order)


def export_all(user) -> dict[str, Any]:
    return {part.name: part.export(user) for part in parts() if part.export is not None}


def erase_all(user, *, remove_posts: bool) -> None:
    for part in parts():
        if part.erase is not None:
            part.erase(user, remove_posts=remove_posts)


# Links shown on the privacy settings page by higher layers: `links(user) -> [(label, url)]`.
_PRIVACY_LINKS: dict[str, Callable[[Any], list[tuple[str, str]]]] = {}


def register_privacy_links(name: str, links: Callable[[Any], list[tuple[str, str]]]) -> None:
    _PRIVACY_LINKS[name] = links


def privacy_links(user) -> list[tuple[str, str]]:
    return [link for name in sorted(_PRIVACY_LINKS) for link in _PRIVACY_LINKS[name](user)]
