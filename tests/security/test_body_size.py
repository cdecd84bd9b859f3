"""Bodies have a size limit: one declared larger than REQUEST_MAX_BODY_SIZE is a 413 page on
any URL, before a byte is read or parsed to disk; a chunked one (no declared size) is refused
too. A cover over its own limit is a message on the form, and nothing is written anywhere."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from readings.models import Book
from tests.conftest import member_of

pytestmark = pytest.mark.django_db

TOO_LARGE = "That was more than we accept at once"
ANY_URLS = ["/", "/accounts/login/", "/c/no-such-club/join/", "/healthz"]


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ANY_URLS)
def test_a_body_declared_over_the_limit_is_413_before_it_is_read(url, settings):
    declared = 200 * 1024 * 1024
    assert declared > settings.REQUEST_MAX_BODY_SIZE
    response = _client().post(url, {"junk": "x"}, CONTENT_LENGTH=str(declared))
    assert response.status_code == 413
    page = response.content.decode()
    assert TOO_LARGE in page and "at most 10 MB" in page


def test_a_multipart_body_over_the_limit_is_413(settings):
    settings.REQUEST_MAX_BODY_SIZE = 1024
    upload = SimpleUploadedFile("big.bin", b"\0" * 4096)
    response = _client().post("/accounts/login/", {"file": upload})
    assert response.status_code == 413


def test_a_chunked_body_is_refused():
    response = _client().post("/accounts/login/", {"login": "a"}, HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411


def test_a_body_within_the_limit_is_served():
    assert _client().post("/accounts/login/", {"login": "someone"}).status_code == 200


def _png_of(size: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 60), "white").save(buffer, format="PNG")
    return buffer.getvalue() + b"\0" * (size - buffer.tell())


@pytest.mark.parametrize("megabytes", [3, 6])
def test_a_cover_over_its_limit_is_a_message_and_is_never_written(
    club, settings, tmp_path, megabytes
):
    # Nowhere to write a temporary file or a stored one: an upload written there would fail.
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "no-temporary-files")
    settings.MEDIA_ROOT = tmp_path / "media"
    client = _client()
    client.force_login(member_of(club, "admin"))
    response = client.post(
        reverse("readings:reading-create", kwargs={"club_slug": club.slug}),
        {
            "starts_on": "2026-01-05",
            "ends_on": "2026-03-16",
            "title": "Heavy",
            "authors": "A. Writer",
            "chapter_count": "3",
            "cover": SimpleUploadedFile(
                "cover.png", _png_of(megabytes * 1024 * 1024), content_type="image/png"
            ),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"The cover is {megabytes}.0 MB; the limit is 2 MB" in page
    assert 'value="Heavy"' in page  # what they typed is kept
    assert not Book.objects.filter(title="Heavy").exists()
    assert not (tmp_path / "media").exists()
