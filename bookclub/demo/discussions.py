"""The demo club's conversations: threads under every theme and the first chapters.

Posts are anchored to chapters so spoiler gating shows: Sol (read to the Introduction) sees
later posts collapsed, Mei (read to Chapter 4) sees them open. Every sentence is written
for the demo; nothing is quoted from the book. Deterministic idempotency keys make a second
run find what the first one made.
"""

from __future__ import annotations

import uuid

from bookclub.accounts.models import User
from bookclub.clubs.models import Membership
from discussions import services
from discussions.models import Thread
from readings.models import Reading

_NAMESPACE = uuid.UUID("6f1d3c52-7a0e-4d1b-9a43-2b6f0e8c9d11")

# (key, place, title, [(author key, anchor chapter position or None, body, content warning)])
# place: "theme:<position>" (1..6), "chapter:<position>" or "general".
CONVERSATIONS = [
    (
        "welcome",
        "general",
        "Welcome, and how we talk here",
        [
            (
                "admin",
                None,
                "Hello everyone! Mark chapters as you read them: anything written "
                "about later chapters stays folded away until you choose to open it.",
                "",
            ),
            (
                "member2",
                None,
                "Thanks @Rowan. I'm starting slowly, so I'm glad the folding exists.",
                "",
            ),
            (
                "moderator",
                None,
                "Tip: wrap a detail in double bars, like ||this||, to hide just that phrase.",
                "",
            ),
        ],
    ),
    (
        "labor",
        "theme:1",
        "What changes when we call it work?",
        [
            (
                "admin",
                1,
                "The Introduction made me notice how rarely labor rights come up in "
                "news stories about this subject. What did you notice?",
                "",
            ),
            (
                "member",
                4,
                "By Chapter 3 the workplace-safety framing felt central to me: "
                "rights you can claim only if your work is recognised.",
                "",
            ),
            (
                "member2",
                1,
                "I hadn't thought of it as a workplace question before. Reading on.",
                "",
            ),
        ],
    ),
    (
        "migration",
        "theme:2",
        "Status, borders and who gets protected",
        [
            (
                "moderator",
                2,
                "Chapter 1 links immigration status to how safe someone can be "
                "at work. That connection is new to me.",
                "",
            ),
            (
                "member",
                5,
                "Chapter 4 takes that further, and it changed how I read the earlier "
                "parts. I'll keep details folded.",
                "",
            ),
        ],
    ),
    (
        "myths",
        "theme:3",
        "Stories we were told about trafficking",
        [
            (
                "member",
                3,
                "Which images come to mind when you hear the word? Mine came from "
                "films, and the book asks where they came from.",
                "",
            ),
            (
                "admin",
                2,
                "Mine too. I'd like us to be careful with those images when we "
                "talk, since some members know this world first-hand.",
                "",
            ),
        ],
    ),
    (
        "abolition",
        "theme:4",
        "Can policing make anyone safer here?",
        [
            (
                "admin",
                4,
                "A hard question for our meeting. Let's hear from people who have "
                "dealt with police, if they want to share.",
                "",
            ),
            (
                "member",
                5,
                "I changed my mind somewhere in Chapter 4; the ending of that "
                "chapter is ||where the argument finally clicked for me||.",
                "",
            ),
        ],
    ),
    (
        "surveillance",
        "theme:5",
        "Raids and everyday surveillance",
        [
            (
                "moderator",
                2,
                "Some accounts of raids in these pages are hard to read. I've "
                "put a warning on my notes.",
                "",
            ),
            (
                "moderator",
                2,
                "What stays with me is how ordinary paperwork becomes a way to watch people.",
                "descriptions of police raids",
            ),
        ],
    ),
    (
        "resistance",
        "theme:6",
        "Organizing led by workers",
        [
            (
                "member",
                3,
                "Support networks run by the people affected keep coming up. Has "
                "anyone been part of something like that?",
                "",
            ),
            ("member2", 1, "Not yet, but I'd like to know what allies can actually do.", ""),
        ],
    ),
    (
        "intro",
        "chapter:1",
        "Introduction: first impressions",
        [
            (
                "member2",
                1,
                "The Introduction sets out what the book is for. It was clearer than I expected.",
                "",
            ),
            ("moderator", 1, "Agreed. I liked that it says who it is written for.", ""),
        ],
    ),
    (
        "chapter-1",
        "chapter:2",
        "Chapter 1",
        [
            (
                "moderator",
                2,
                "The first-person accounts carry this chapter. Which one stayed with you?",
                "",
            ),
            (
                "member",
                2,
                "The one about finding help through other workers rather than through officials.",
                "",
            ),
        ],
    ),
    (
        "chapter-2",
        "chapter:3",
        "Chapter 2",
        [
            (
                "member",
                3,
                "This chapter reframes a lot of the history. I'll wait for more of "
                "you before saying much.",
                "",
            ),
        ],
    ),
]


def _key(*parts: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, ":".join(parts))


def seed_discussions(people: dict[str, User], reading: Reading) -> list[Thread]:
    chapters = {c.position: c for c in reading.book.chapters.all()}
    themes = {t.position: t for t in reading.book.themes.filter(reading__isnull=True)}
    memberships = Membership.objects.filter(club=reading.club, user__in=people.values())
    actors = {m.user_id: m for m in memberships.select_related("club", "user")}
    threads = []
    for key, place, title, posts in CONVERSATIONS:
        kind, _, where = place.partition(":")
        (author, anchor, body, warning), *replies = posts
        thread = services.create_thread(
            actor=actors[people[author].pk],
            reading=reading,
            title=title,
            body=body,
            theme=themes.get(int(where)) if kind == "theme" else None,
            chapter=chapters.get(int(where)) if kind == "chapter" else None,
            anchor_chapter=chapters.get(anchor),
            content_warning=warning,
            idempotency_key=_key(key, "0"),
        )
        for index, (author, anchor, body, warning) in enumerate(replies, start=1):
            services.create_post(
                actor=actors[people[author].pk],
                thread=thread,
                body=body,
                anchor_chapter=chapters.get(anchor),
                content_warning=warning,
                idempotency_key=_key(key, str(index)),
            )
        threads.append(thread)
    return threads
