"""Helpers for reading what a request asks for."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """The POSTed `next` when it is a path on this site, else `default`.

    Only a path is taken ("/c/…"), never a bare word: `redirect("true")` would look it up
    as a view name. Hand the result to HttpResponseRedirect, not to redirect().
    """
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
