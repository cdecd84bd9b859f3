"""`<uslug:…>` in URL patterns: a slug in any alphabet ("读书会", "نادي-الكتاب", "lyon-readers").

Django's `<slug:…>` takes ASCII only, and names in other alphabets would all become "club".
"""

from __future__ import annotations

from django.urls import register_converter


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
