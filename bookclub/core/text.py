"""The one rule for which characters plain text may hold, on the way in and on the way out.

Control characters (C0 but tab and newline, DEL, C1), lone surrogates and the
noncharacters U+FFFE/U+FFFF mean nothing on a page, yet XML (Atom) refuses them, ICS forbids
them and email headers break on line breaks. Forms strip them from what people type; feeds
and emails strip them again from text stored before, or by another path.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string

_LINE_END = re.compile(r"\r\n?")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# On one line, tab, line breaks and the other whitespace controls become a space.
_LINE_WHITESPACE = re.compile(r"[\t\n\x0b\x0c\x1c-\x1f\x85]+")


def plain_text(value: str, *, multiline: bool = True) -> str:
    """`value` without control characters; tab and newline stay only when `multiline`."""
    value = _LINE_END.sub("\n", value)
    if not multiline:
        value = _LINE_WHITESPACE.sub(" ", value)
    return _UNSAFE.sub("", value)


def render_plain_text(template_name: str, context: dict) -> str:
    """A plain-text template (an email body) rendered with stored text that may hold any
    character: the result holds none of the unsafe ones."""
    return plain_text(render_to_string(template_name, context))
