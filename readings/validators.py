"""Checks on catalogue input, with messages a club admin can act on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
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
