from __future__ import annotations

from django.shortcuts import render

from bookclub.ratelimit import RateLimited


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
