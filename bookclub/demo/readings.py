"""The demo club's reading: the book, its themes, a weekly schedule around today, progress.

Running it again changes nothing: rows are found by natural keys and left as they are, so
the schedule keeps the dates of the first run.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from bookclub.accounts.models import User
from bookclub.clubs.models import Club, Membership
from bookclub.demo.clubs import DEMO_CLUB_SLUG
from bookclub.demo.cover import draw_cover
from readings import services
from readings.models import Book, Chapter, ProgressPrivacy, Reading, Rsvp, Theme
from readings.models import ScheduleEntry as Entry
from readings.zones import club_zone

TITLE = "Not Your Rescue Project"
CHAPTERS = ["Introduction", *(f"Chapter {n}" for n in range(1, 9)), "Conclusion"]
THEMES = [
    ("Sex Work as Labor", "Work, wages, safety at work and who gets to call it work."),
    ("Criminalization of Migration", "Borders, status and what the law does to people who move."),
    (
        "Anti-Trafficking Myths",
        "Which stories about trafficking get told, by whom, and to what end.",
    ),
    (
        "Carceral Feminism vs. Abolition",
        "Whether police and prisons can bring safety, and what else could.",
    ),
    ("State Violence and Surveillance", "Raids, checks, data and the everyday reach of the state."),
    ("Worker-Led Resistance", "Organizing led by the people most affected, and how allies fit in."),
]
# (first, last) chapter positions, prompts, meeting: (days after the due date, hour) or None.
SCHEDULE = [
    (
        1,
        2,
        "Before you began, what did you picture when you heard the word “trafficking”?\n"
        "Which idea in these pages would you most want to talk through with someone?",
        None,
    ),
    (
        3,
        4,
        "Whose voices does the book put first, and how does that change how you read it?\n"
        "Where did your own assumptions get in the way?",
        (0, 19),
    ),
    (5, 5, "What does “rescue” cost the people it claims to help?", None),
    (
        6,
        7,
        "Which laws or policies came up here that you had never questioned before?\n"
        "What would safety look like if it were not handed out by the police?",
        None,
    ),
    (8, 8, "Pick one practice of mutual aid in these pages: what would it take locally?", None),
    (
        9,
        10,
        "What is one practical step you will take after this book?\n"
        "What would you ask the authors if they joined us?",
        (1, 18),
    ),
]
MEETING_PLACES = [
    "Back room of the co-op café (step-free entrance)",
    "Online; the link goes to members the day before",
]


def seed_readings(people: dict[str, User]) -> Reading:
    # Normally made by the clubs demo just before; a bare club keeps this runnable alone.
    club, _ = Club.objects.get_or_create(
        slug=DEMO_CLUB_SLUG,
        defaults={"name": "Demo reading circle", "code_of_conduct": "Be kind."},
    )
    book = _book()
    today = timezone.localdate(timezone=club_zone(club))
    # Started ten days ago: Introduction–Chapter 1 are past due, Chapters 2–3 are this week.
    starts_on = today - dt.timedelta(days=10)
    reading, created = Reading.objects.get_or_create(
        club=club,
        book=book,
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + dt.timedelta(days=7 * len(SCHEDULE)),
            "schedule_published": True,
        },
    )
    if created:
        _schedule(reading, club)
    _progress(reading, club, people)
    return reading


def _book() -> Book:
    book, _ = Book.objects.get_or_create(
        title=TITLE,
        authors="Chanelle Gallant and Elene Lam",
        defaults={
            "subtitle": "Migrant Sex Workers Fighting for Justice",
            "publisher": "Haymarket Books",
            "published_on": dt.date(2024, 11, 12),
            "description": (
                "An abolitionist primer on migration, sex work and policing, written by two "
                "long-time organizers, arguing that the response to trafficking must be led "
                "by migrants in the sex trade."
            ),
        },
    )
    if not book.cover:
        cover = draw_cover(book.title, book.subtitle, book.authors)
        name = "not-your-rescue-project.png"
        book.cover.save(name, ContentFile(cover, name=name), save=True)  # named: sizes recorded
    for position, label in enumerate(CHAPTERS, start=1):
        Chapter.objects.get_or_create(book=book, position=position, defaults={"label": label})
    for position, (name, description) in enumerate(THEMES, start=1):
        slug = name.lower().replace(".", "").replace(" ", "-")
        Theme.objects.get_or_create(
            book=book,
            reading=None,
            slug=slug,
            defaults={"name": name, "description": description, "position": position},
        )
    return book


def _schedule(reading: Reading, club: Club) -> None:
    chapters = {c.position: c for c in reading.book.chapters.all()}
    meetings = iter(MEETING_PLACES)
    for week, (first, last, prompts, meeting) in enumerate(SCHEDULE, start=1):
        due_on = reading.starts_on + dt.timedelta(days=7 * week)
        meeting_at = None
        if meeting is not None:
            days_after, hour = meeting
            meeting_at = dt.datetime.combine(
                due_on + dt.timedelta(days=days_after), dt.time(hour), tzinfo=club_zone(club)
            )
        Entry.objects.create(
            reading=reading,
            first_chapter=chapters[first],
            last_chapter=chapters[last],
            due_on=due_on,
            prompts=prompts,
            meeting_at=meeting_at,
            meeting_place=next(meetings) if meeting_at else "",
        )


def _progress(reading: Reading, club: Club, people: dict[str, User]) -> None:
    # Mei reads ahead, Rowan and Kit keep pace, Sol is behind; Kit keeps progress private.
    read_up_to = {"member": 5, "admin": 4, "moderator": 2, "member2": 1}
    for key, position in read_up_to.items():
        membership = Membership.objects.filter(club=club, user=people.get(key)).first()
        if membership is not None:
            services.mark_chapters_read(actor=membership, reading=reading, last=position)
    moderator = Membership.objects.filter(club=club, user=people.get("moderator")).first()
    if moderator is not None:
        ProgressPrivacy.objects.get_or_create(membership=moderator, defaults={"hidden": True})
    first_meeting = reading.entries.filter(meeting_at__isnull=False).order_by("due_on").first()
    if first_meeting is not None:
        for key, answer in (("member", Rsvp.Answer.GOING), ("moderator", Rsvp.Answer.MAYBE)):
            if people.get(key) is not None:
                Rsvp.objects.get_or_create(
                    entry=first_meeting, user=people[key], defaults={"answer": answer}
                )
