"""What every email the project sends goes through: its subject, and sending it.

A subject is built from stored text (thread titles, club names, display names) that may hold
anything; Django refuses a header with a line break, so one stray character used to stop every
email of a thread. `email_subject` turns any text into a valid one-line subject.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 150
# Format characters that words need (Persian, Indic scripts, emoji sequences).
_KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def _subject_character(character: str) -> str:
    if character.isspace():
        return " "
    category = unicodedata.category(character)
    if category[0] == "C" and character not in _KEPT_FORMAT_CHARACTERS:
        return " "  # controls, bidi overrides, surrogates, private use, unassigned
    return character


def email_subject(text: str) -> str:
    """`text` as one line of at most SUBJECT_MAX_LENGTH characters: line breaks, tabs and
    control characters become spaces, runs of spaces one, and a long text is cut with "…"."""
    subject = " ".join("".join(map(_subject_character, text)).split())
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return subject


def send_or_log(build: Callable[[], EmailMessage], *, about: str) -> bool:
    """Build and send one email; False if that failed, logged as an error with the reason.

    `about` names the email for whoever reads the log (ids, never an address). The caller
    decides what happens next (the notification tasks hand the item to the next digest).
    """
    try:
        build().send()
    except Exception as error:
        logger.error("Email about %s was not sent: %s", about, error, exc_info=True)
        return False
    return True
