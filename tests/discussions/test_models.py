from __future__ import annotations

from django.contrib.postgres.search import SearchQuery

from discussions.models import Post, Thread
from tests.factories import ThreadFactory


def test_thread_search_vector_follows_its_title(reading):
    ThreadFactory(reading=reading, title="Borders and policing")
    ThreadFactory(reading=reading, title="Something else")

    found = Thread.objects.filter(search_vector=SearchQuery("border", config="english"))

    assert [t.title for t in found] == ["Borders and policing"]


def test_post_search_vector_follows_its_text(reading, member):
    thread = ThreadFactory(reading=reading)
    Post.objects.create(
        thread=thread, number=1, author=member, body="x", body_text="Organizers met"
    )

    assert Post.objects.filter(search_vector=SearchQuery("organizer", config="english")).exists()


def test_thread_page_count_rounds_up(reading, settings):
    settings.DISCUSSIONS_PAGE_SIZE = 20
    thread = ThreadFactory(reading=reading, last_post_number=41)

    assert thread.page_count == 3
    assert thread.page_of(40) == 2
    assert thread.page_of(41) == 3
