"""Sections of the club home page contributed by higher layers (readings, discussions).

The clubs app knows nothing of readings or discussions, so they call down: each registers
a panel in its AppConfig.ready(). A panel is `panel(request, access) -> (template, context)`
or None when it has nothing to show; it must run a constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    name: str
    order: int
    render: Callable


_PANELS: dict[str, HomePanel] = {}


def register(name: str, order: int, render: Callable) -> None:
    _PANELS[name] = HomePanel(name=name, order=order, render=render)


def panels() -> list[HomePanel]:
    return sorted(_PANELS.values(), key=lambda panel: panel.order)


def render_panels(request, access) -> list[dict]:
    """[{name, template, context}] for the club home template to include in order."""
    rendered = []
    for panel in panels():
        result = panel.render(request, access)
        if result is not None:
            template, context = result
            rendered.append({"name": panel.name, "template": template, "context": context})
    return rendered
