"""Refuse malformed requests before anything reads them.

Both run first in MIDDLEWARE, so a view, the session, the rate limits and the database only
ever see bodies of a known size and text that PostgreSQL can store. The answer does not
depend on what the URL names: a private club and a missing one get the same bytes.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpResponse
from django.template.loader import render_to_string

# What a GET form may carry in a value: a pasted tab or line break is text, not an attack.
QUERY_WHITESPACE = frozenset("\t\n\r")


def has_control_character(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """True when `text` holds a control character (NUL, C0, DEL, C1) other than `allowed`."""
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def _header_is_malformed(value: str) -> bool:
    # WSGI headers are bytes seen as Latin-1: only C0 controls and DEL are never legitimate
    # (the bytes 0x80-0x9f are also parts of UTF-8 text).
    return any((ord(ch) < 0x20 and ch != "\t") or ch == "\x7f" for ch in value)


class RequestBodyLimitMiddleware:
    """413 for a body declared larger than REQUEST_MAX_BODY_SIZE, before a byte of it is read.

    Django reads at most CONTENT_LENGTH bytes, so that is the size to check. A chunked body
    has none: Django would read it as empty and act on a blank form, so it is refused too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META:
            return _error_page("400.html", status=411)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _error_page("400.html", status=400)
        if length > settings.REQUEST_MAX_BODY_SIZE:
            return _error_page(
                "413.html",
                status=413,
                context={"limit_mb": settings.REQUEST_MAX_BODY_SIZE / (1024 * 1024)},
            )
        return self.get_response(request)


class RequestInputMiddleware:
    """400 for a path, query string, header or form field name that is not clean text.

    Clean text is valid UTF-8 without control characters (a query value may hold a tab or a
    line break). Form values are left to the forms, which say what is wrong on the page. A
    cookie that is not clean text is dropped, so a stale or forged one cannot lock anyone out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _check_path(request.path_info)
        _check_query(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""))
        _check_headers(request.META)
        request.COOKIES = {
            name: value for name, value in request.COOKIES.items() if _is_clean(name + value)
        }
        if request.method == "POST":
            # Parsing here rather than in CSRF's check changes nothing: it reads every POST.
            names = [*request.POST, *request.FILES]
            if any(has_control_character(name) for name in names):
                raise BadRequest("A form field name holds a control character.")
        return self.get_response(request)


def _is_clean(cookie: str) -> bool:
    # Django reads cookies as UTF-8, writing U+FFFD for what is not.
    return "\ufffd" not in cookie and not has_control_character(cookie)


def _check_path(path: str) -> None:
    # Django writes "%XX" for each byte of the path that is not UTF-8; no route takes a "%".
    if "%" in path or has_control_character(path):
        raise BadRequest("The path is not clean text.")


def _check_query(raw: bytes) -> None:
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest("The query string is not UTF-8.") from error
    if has_control_character(text, allowed=QUERY_WHITESPACE):
        raise BadRequest("The query string holds a control character.")


def _check_headers(meta: dict) -> None:
    for key, value in meta.items():
        is_header = key.startswith("HTTP_") or key == "CONTENT_TYPE"
        if is_header and key != "HTTP_COOKIE" and _header_is_malformed(str(value)):
            raise BadRequest(f"The {key} header holds a control character.")


def _error_page(template: str, *, status: int, context: dict | None = None) -> HttpResponse:
    # No request context: nothing about the request is read to refuse it.
    return HttpResponse(render_to_string(template, context), status=status)
