"""Checks on catalogue and schedule input, with messages a club admin can act on."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from PIL import Image, UnidentifiedImageError

COVER_MAX_BYTES = 2 * 1024 * 1024
COVER_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def normalize_isbn(value: str) -> str:
    """Digits only: people paste ISBNs with hyphens and spaces."""
    return "".join(ch for ch in (value or "") if not ch.isspace() and ch != "-")


def validate_isbn13(value: str) -> None:
    digits = normalize_isbn(value)
    if not digits:
        return
    if len(digits) != 13 or not digits.isdigit():
        raise ValidationError(
            "An ISBN-13 has exactly 13 digits (hyphens and spaces are fine); this one has %(n)s.",
            code="isbn_length",
            params={"n": sum(ch.isdigit() for ch in digits)},
        )
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    check = (10 - total % 10) % 10
    if check != int(digits[12]):
        raise ValidationError(
            "This ISBN-13 does not add up: its last digit should be %(check)s. "
            "Please check it against the book's copyright page.",
            code="isbn_checksum",
            params={"check": check},
        )


def validate_cover(file) -> None:
    """At most 2 MB, and really a JPEG, PNG or WebP picture (checked by Pillow, not by name)."""
    if not file:
        return
    if file.size > COVER_MAX_BYTES:
        raise ValidationError(
            "The cover is %(size).1f MB; the limit is 2 MB. Please pick a smaller picture.",
            code="cover_too_large",
            params={"size": file.size / (1024 * 1024)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "The cover must be a JPEG, PNG or WebP picture; this file is not one.",
            code="cover_unreadable",
        ) from error
    finally:
        file.seek(0)
    if image_format not in COVER_FORMATS:
        raise ValidationError(
            "The cover must be a JPEG, PNG or WebP picture, not %(format)s.",
            code="cover_format",
            params={"format": image_format or "this format"},
        )


# Meeting links: members click them from the schedule, their calendar and emails, so a link
# must lead where it reads. Only https:// (http:// once the admin confirms), no login in the
# address, and no host that mixes alphabets to pass for another.

MEETING_LINK_MAX_LENGTH = 200
# Alphabets that a single host label may mix (Unicode TS 39, "highly restrictive").
MIXABLE_SCRIPTS = (
    {"LATIN", "CJK", "HIRAGANA", "KATAKANA"},
    {"LATIN", "CJK", "BOPOMOFO"},
    {"LATIN", "CJK", "HANGUL"},
)
_url_check = URLValidator(schemes=["http", "https"])


def _scripts(label: str) -> set[str]:
    """The alphabets of a label's letters, by the first word of their Unicode names."""
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in label if ch.isalpha()}


def _mixes_scripts(label: str) -> bool:
    scripts = _scripts(label)
    return len(scripts) > 1 and not any(scripts <= allowed for allowed in MIXABLE_SCRIPTS)


def ascii_host(host: str) -> str:
    """The host as DNS and browsers' address bars spell it (punycode, "xn--…")."""
    return host.encode("idna").decode("ascii")


def link_host_if_not_ascii(url: str) -> str:
    """The link's host in punycode when it is written in other letters than plain ASCII
    (a look-alike can only hide there); "" otherwise, or when the host is unreadable."""
    try:
        host = urlsplit(url).hostname or ""
        spelled = ascii_host(host)
    except (ValueError, UnicodeError):
        return ""
    if host.isascii() and "xn--" not in host:
        return ""
    return spelled


def clean_meeting_link(text: str, *, allow_http: bool) -> str:
    """The link to keep, from what the admin typed ("" for none); raises ValidationError
    with a message they can act on."""
    text = text.strip()
    if not text:
        return ""
    if text.startswith(("//", "\\\\")):
        raise ValidationError(
            "Write the whole address, starting with https://.", code="meeting_link_relative"
        )
    if "://" not in text and ":" not in text.split("/", 1)[0]:
        text = f"https://{text}"  # "meet.example.org/room" is meant as a web address
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http"):
        raise ValidationError(
            "A meeting link must start with https:// (this one starts with %(scheme)s).",
            code="meeting_link_scheme",
            params={"scheme": text.partition(":")[0] + ("://" if "://" in text else ":")},
        )
    if "@" in parts.netloc:
        raise ValidationError(
            "Take out the part before “@” (%(userinfo)s@): a name or password in a link can "
            "hide where it really leads, and every member would see it.",
            code="meeting_link_userinfo",
            params={"userinfo": parts.netloc.rpartition("@")[0]},
        )
    if parts.scheme == "http" and not allow_http:
        raise ValidationError(
            "This link starts with http://, so anyone on the network can read or change what "
            "it sends. Use the meeting's https:// address, or tick “Allow an http:// link”.",
            code="meeting_link_http",
        )
    host = parts.hostname or ""
    try:
        spelled = ascii_host(host)
        labels = [ascii_label.encode("ascii").decode("idna") for ascii_label in spelled.split(".")]
    except (ValueError, UnicodeError):
        raise ValidationError(
            "“%(host)s” is not a valid host name. Check the address.",
            code="meeting_link_host",
            params={"host": host},
        ) from None
    if any(_mixes_scripts(label) for label in labels):
        raise ValidationError(
            "“%(host)s” mixes letters of different alphabets (%(scripts)s), as look-alike "
            "addresses do; it really is %(ascii)s. Type the address again by hand.",
            code="meeting_link_lookalike",
            params={
                "host": ".".join(labels),
                "scripts": " and ".join(sorted(s.title() for s in _scripts("".join(labels)))),
                "ascii": spelled,
            },
        )
    try:
        _url_check(text)
    except ValidationError:
        raise ValidationError(
            "This is not a web address. Copy the link from the meeting invitation.",
            code="meeting_link_invalid",
        ) from None
    if len(text) > MEETING_LINK_MAX_LENGTH:
        raise ValidationError(
            "This link is %(length)s characters long; the limit is %(limit)s.",
            code="meeting_link_length",
            params={"length": len(text), "limit": MEETING_LINK_MAX_LENGTH},
        )
    return text
