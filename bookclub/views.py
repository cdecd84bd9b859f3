from __future__ import annotations

import logging
import sys

import psycopg
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError)


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure to reach the database means unhealthy
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception):
    """The 400 page, rendered from nothing the request holds.

    Django's own handler checks the CSRF token, which reads request.POST: when the body was
    what could not be parsed, that raised again and the 400 became a 500.
    """
    return HttpResponseBadRequest(render_to_string("400.html"))


def server_error(request):
    """The 500 page, or a calm 503 while the database is unreachable.

    Django calls this for an error raised anywhere in the request (a middleware reading the
    user, a view, a template), still inside its `except`, so the cause can be looked at here.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return defaults.server_error(request)
    logger.warning("database unavailable: %s", error)
    # No request context: its processors would read the session and user from the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "10"
    return response
