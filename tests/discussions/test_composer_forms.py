"""The composer: nothing the writer typed is cut or changed without a word on the page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from discussions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(reading, member):
    return services.create_thread(reading=reading, author=member, title="Borders", body="Opening")


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
