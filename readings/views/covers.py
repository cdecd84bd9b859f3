"""Book covers, streamed from the storage API to whoever may see the club.

Uploads are never published under a public /media/ path: a catalogue book's cover and the
cover of a private club's own book alike reach a reader only through a club they can see
(club_view answers 404 to anyone else). The same view serves local disk in development and
S3-compatible storage (django-storages) in production, because it only calls the storage API.
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotAllowed

from bookclub.clubs.access import club_view
from readings.views.common import reading_in_club

COVER_TYPES = {"image/jpeg", "image/png", "image/webp"}
COVER_MAX_AGE = 3600


@club_view()
def reading_cover(request, access, reading_id: int):
    reading = reading_in_club(access, reading_id)
    # After the lookup, so that another club's reading is a 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    name = reading.book.cover.name
    content_type, _ = mimetypes.guess_type(name)
    if not name or content_type not in COVER_TYPES:
        raise Http404("No cover")
    try:
        file = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("No cover") from None
    response = FileResponse(file, content_type=content_type)
    # A private club's cover stays out of shared caches, like the rest of its pages.
    scope = "public" if access.club.is_public else "private"
    response["Cache-Control"] = f"{scope}, max-age={COVER_MAX_AGE}"
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
