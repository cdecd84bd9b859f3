"""What higher layers add to the home page's cards of the viewer's clubs (the current book,
what is due next). Like home_panels, readings registers in its AppConfig.ready().

A card filler is `fill(request, clubs) -> {club_id: (template, context)}` and must run a
constant number of queries for all the clubs together.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

_FILLERS: dict[str, tuple[int, Callable]] = {}


def register(name: str, order: int, fill: Callable) -> None:
    _FILLERS[name] = (order, fill)


def fill_cards(request, clubs: list) -> None:
    """Set `club.card_parts` (rendered HTML, in order) on each club."""
    for club in clubs:
        club.card_parts = []
    if not clubs:
        return
    by_id = {club.pk: club for club in clubs}
    for _order, fill in sorted(_FILLERS.values(), key=lambda item: item[0]):
        for club_id, (template, context) in fill(request, clubs).items():
            html = render_to_string(template, context, request=request)
            by_id[club_id].card_parts.append(mark_safe(html))  # noqa: S308
