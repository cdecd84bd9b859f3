from __future__ import annotations

import logging

import psycopg
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer with a calm 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError | psycopg.OperationalError):
            logger.warning("database unavailable: %s", exception)
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "10"
            return response
        return None
