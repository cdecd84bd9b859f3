"""Links in the club header contributed by higher layers (readings, discussions).

Like home_panels: clubs cannot name readings' URLs, so readings registers its own link in
AppConfig.ready(). `visible(access)` decides who sees it; the URL takes the club slug only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ClubSection:
    name: str
    label: str
    url_name: str
    order: int
    visible: Callable


_SECTIONS: dict[str, ClubSection] = {}


def register(
    name: str, label: str, url_name: str, order: int, visible: Callable = lambda access: True
) -> None:
    _SECTIONS[name] = ClubSection(name, label, url_name, order, visible)


def sections() -> list[ClubSection]:
    return sorted(_SECTIONS.values(), key=lambda section: section.order)
