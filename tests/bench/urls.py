"""The project's URLs plus /bench-floor/: a prebuilt response through the same middleware."""

import os

from django.http import HttpResponse
from django.urls import path

from bookclub.urls import urlpatterns as site_urlpatterns

FLOOR_BODY = b"<!DOCTYPE html><title>floor</title>" + b"x" * int(
    os.environ.get("BENCH_FLOOR_BYTES", "20000")
)


def floor(request):
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path("bench-floor/", floor), *site_urlpatterns]
