"""Every scheduled entry's prompts open a thread in one click from the discussions index."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions.models import Thread
from readings.models import Book, Chapter, Reading, ScheduleEntry
from tests.conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading_with_prompts(club):
    book = Book.objects.create(title="A book", authors="A. Writer")
    chapters = [Chapter.objects.create(book=book, position=n, label=f"Chapter {n}") for n in (1, 2)]
    today = timezone.localdate()
    reading = Reading.objects.create(
        club=club,
        book=book,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=20),
        schedule_published=True,
    )
    ScheduleEntry.objects.create(
        reading=reading,
        first_chapter=chapters[0],
        last_chapter=chapters[1],
        due_on=today + dt.timedelta(days=4),
        prompts="Who is the book written for?\nWhat surprised you?",
    )
    return reading


def _index(club, reading):
    return reverse(
        "discussions:thread-index", kwargs={"club_slug": club.slug, "reading_id": reading.pk}
    )


def test_index_lists_this_weeks_prompts_with_one_click_buttons(client, club, reading_with_prompts):
    client.force_login(member_of(club))
    page = client.get(_index(club, reading_with_prompts)).content.decode()
    assert "Who is the book written for?" in page
    assert page.count("Discuss this prompt") == 2


def test_prompt_button_opens_the_thread_once(client, club, reading_with_prompts):
    client.force_login(member_of(club))
    entry = reading_with_prompts.entries.get()
    url = reverse(
        "discussions:thread-from-prompt",
        kwargs={
            "club_slug": club.slug,
            "reading_id": reading_with_prompts.pk,
            "entry_id": entry.pk,
            "index": 1,
        },
    )
    first = client.post(url)
    second = client.post(url)
    thread = Thread.objects.get()
    assert thread.title == "What surprised you?"
    assert first["Location"] == second["Location"] == thread.get_absolute_url()


def test_visitors_see_prompts_without_buttons(client, club, reading_with_prompts):
    page = client.get(_index(club, reading_with_prompts)).content.decode()
    assert "What surprised you?" in page
    assert "Discuss this prompt" not in page
