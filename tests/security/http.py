"""A tiny cookie-keeping HTTP client for tests against real app servers (urllib only)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@dataclass
class Reply:
    status: int
    headers: dict
    text: str


@dataclass
class Browser:
    """Keeps cookies by name, whatever server (host:port) it talks to: a shared session."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, url: str, data: dict | None = None, timeout: float = 15) -> Reply:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = _opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            text = response.read().decode("utf-8", "replace")
            return Reply(response.status, dict(response.headers), text)

    def get(self, url: str, **kwargs) -> Reply:
        return self.request(url, **kwargs)

    def post_form(self, page_url: str, action_url: str, data: dict) -> Reply:
        """GET the page holding the form (for its CSRF token), then POST the form."""
        page = self.get(page_url)
        token = _CSRF_INPUT.search(page.text)
        assert token, f"no CSRF token on {page_url} ({page.status})"
        return self.request(action_url, {**data, "csrfmiddlewaretoken": token.group(1)})

    def login(self, base: str, email: str, password: str) -> Reply:
        url = base + "/accounts/login/"
        return self.post_form(url, url, {"login": email, "password": password})
