"""The composer: nothing the writer typed is cut or changed without a word on the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from discussions import services
from tests.conftest import acting
from tests.discussions.conftest import mark_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(reading, member):
    return services.create_thread(
        actor=acting(member, reading.club), reading=reading, title="Borders", body="Opening"
    )


def body_textareas(html: str) -> list[str]:
    return re.findall(r'<textarea name="body"[^>]*>', html)


# Bug 7: the body is never cut by the browser; a counter shows the limit instead


def test_composer_body_has_no_maxlength_that_would_cut_a_paste(client, thread, member):
    client.force_login(member)
    create = reverse("discussions:thread-create", args=[thread.club.slug, thread.reading_id])
    edit = reverse("discussions:post-edit", args=[thread.club.slug, thread.posts.get().pk])
    for page_url in (thread.get_absolute_url(), create, edit):
        html = client.get(page_url).content.decode()
        [textarea] = body_textareas(html)
        assert "maxlength" not in textarea, page_url
        assert 'data-max-length="20000"' in textarea, page_url
        assert "js/app.js" in html


# Bug 14: a reply is anchored no further than its author has read, and the form says where


@pytest.fixture
def theme_thread(reading, member):
    theme = reading.book.themes.first()
    return services.create_thread(
        actor=acting(member, reading.club),
        reading=reading,
        title="Work",
        body="Opening",
        theme=theme,
    )


def selected_anchor(html: str) -> str:
    select = re.search(r'<select name="anchor_chapter".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="[^"]*" selected>([^<]*)</option>', select)
    return found.group(1) if found else ""


def test_reply_anchor_defaults_to_the_authors_progress_when_behind(client, theme_thread, member):
    mark_read(theme_thread.reading, member, up_to=1)
    client.force_login(member)

    html = client.get(theme_thread.get_absolute_url()).content.decode()

    assert selected_anchor(html) == "Chapter 1"
    assert "Hidden from members who have not read Chapter 1 yet" in html


def test_reply_anchor_defaults_to_this_weeks_reading_when_ahead(client, theme_thread, member):
    mark_read(theme_thread.reading, member, up_to=6)
    client.force_login(member)

    html = client.get(theme_thread.get_absolute_url()).content.decode()

    assert selected_anchor(html) == "Chapter 4"
    assert "Hidden from members who have not read Chapter 4 yet" in html


def test_reply_anchor_of_an_author_who_marked_nothing_hides_from_nobody(
    client, theme_thread, member
):
    client.force_login(member)

    html = client.get(theme_thread.get_absolute_url()).content.decode()

    assert selected_anchor(html) == "No particular chapter"
    assert "Every member sees your post" in html


def test_new_thread_anchor_defaults_to_the_authors_progress(client, reading, member):
    mark_read(reading, member, up_to=2)
    client.force_login(member)
    url = reverse("discussions:thread-create", args=[reading.club.slug, reading.pk])

    html = client.get(url).content.decode()

    assert selected_anchor(html) == "Chapter 2"
    assert "Hidden from members who have not read Chapter 2 yet" in html
