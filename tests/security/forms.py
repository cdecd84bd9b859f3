"""Fill a page's real form the way a browser would: every field keeps the value the page
gave it, except the ones a test overrides (shared by the XSS and bad-input proofs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIPPED_TYPES = {"submit", "button", "reset", "file", "image"}


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action") or self.page_url, a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None or "name" not in a:
            if tag == "option" and self._select and self._form is not None:
                self._option(a)
            return
        name = a["name"]
        self._form.names.add(name)
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in _SKIPPED_TYPES or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self._form.fields[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""
        elif tag == "select":
            self._select = name

    def _option(self, a):
        if self._select not in self._form.fields or "selected" in a:
            self._form.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea] += data.removeprefix("\n")


def find_form(html: str, page_url: str, field_name: str, action: str | None = None) -> Form:
    """The POST form holding `field_name` (and posting to `action`, when given)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    for form in parser.forms:
        if form.method == "post" and field_name in form.names and action in (None, form.action):
            return form
    raise AssertionError(f"no POST form with {field_name!r} on {page_url}")


def submit(client, page_url: str, field_name: str, overrides: dict, action: str | None = None):
    """GET the page, fill its form with `overrides`, POST it and follow the redirect."""
    page = client.get(page_url)
    assert page.status_code == 200, f"{page_url} gave {page.status_code}"
    form = find_form(page.content.decode(), page_url, field_name, action)
    return client.post(form.action, {**form.fields, **overrides}, follow=True)
