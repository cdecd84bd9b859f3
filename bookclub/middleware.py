from __future__ import annotations

import logging

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from bookclub.ratelimit import RateLimited

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
            # No request context: its processors read the session and user from the database.
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "10"
            return response
        return None


class RateLimitMiddleware:
    """Turn a RateLimited refusal into a 429 page that says when to try again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(
            request,
            "429.html",
            {"retry_after": exception.retry_after, "retry_minutes": minutes},
            status=429,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
