"""Display names: what members see of each other, so look-alikes must not collide."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

# Letters from other scripts that render like Latin ones, and digits that pass for letters.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
        "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "0": "o", "1": "l",
        "|": "l", "$": "s", "5": "s", "ı": "i",
    }
)  # fmt: skip
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_NOT_ALNUM = re.compile(r"[\W_]+")
ALLOWED = re.compile(r"^[\w .'\-]+$")


def clean_display_name(name: str) -> str:
    """The name as it will be shown: NFC, invisible characters removed, spaces collapsed."""
    name = _INVISIBLE.sub("", unicodedata.normalize("NFC", name))
    return " ".join(name.split())


def display_name_key(name: str) -> str:
    """A skeleton that two names share when they look the same ("Ann", "ANN", "Аnn", "A n n")."""
    folded = unicodedata.normalize("NFKD", clean_display_name(name).casefold())
    without_marks = "".join(ch for ch in folded if not unicodedata.combining(ch))
    skeleton = _NOT_ALNUM.sub("", without_marks.translate(_CONFUSABLES))
    return skeleton.replace("rn", "m").replace("vv", "w")


def _without_marks(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def passes_for_latin(slug: str) -> bool:
    """Whether a word of `slug` is written in other letters than a–z that look like them
    ("bооk" with Cyrillic о): in an address bar it would pass for another club's."""
    return any(not word.isascii() and display_name_key(word).isascii() for word in slug.split("-"))


def readable_slug(name: str) -> str:
    """An address from a name: ASCII for Latin letters ("Café Lecture" → "cafe-lecture"), the
    name's own letters for other alphabets ("读书会"), never look-alikes of a–z; "" if the
    name has no letters or digits."""
    ascii_slug = slugify(name)
    unicode_slug = slugify(name, allow_unicode=True)
    if _without_marks(unicode_slug) == ascii_slug or passes_for_latin(unicode_slug):
        return ascii_slug
    return unicode_slug
