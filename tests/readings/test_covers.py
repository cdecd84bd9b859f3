"""Uploaded covers are shown where the book is, and served through the club that reads it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import member_of
from tests.discussions.conftest import make_reading
from tests.factories import ClubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(width: int = 60, height: int = 90) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 40, 90)).save(buffer, "PNG")
    return SimpleUploadedFile("cover.png", buffer.getvalue(), content_type="image/png")


def with_cover(reading):
    reading.book.cover = png()
    reading.book.save()
    return reading


def cover_url(reading) -> str:
    return reverse(
        "readings:reading-cover", kwargs={"club_slug": reading.club.slug, "reading_id": reading.pk}
    )


def img_tag(reading) -> str:
    return (
        f'<img class="cover cover-small" src="{cover_url(reading)}" width="60" height="90" '
        f'alt="Cover of {reading.book.title}">'
    )


def test_cover_is_shown_on_club_home_schedule_and_home_page(client, club):
    reading = with_cover(make_reading(club))
    client.force_login(member_of(club))
    assert img_tag(reading) in client.get(club.get_absolute_url()).text
    assert img_tag(reading) in client.get("/").text
    schedule = client.get(reading.get_absolute_url()).text
    assert f'src="{cover_url(reading)}" width="60" height="90" alt="Cover of' in schedule


def test_cover_is_served_from_storage(client, club):
    reading = with_cover(make_reading(club))
    response = client.get(cover_url(reading))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (60, 90)


def test_private_clubs_cover_is_only_for_members(client, user):
    club = ClubFactory(visibility="private", join_policy="invite")
    reading = with_cover(make_reading(club))
    client.force_login(user)
    assert client.get(cover_url(reading)).status_code == 404
    client.force_login(member_of(club))
    response = client.get(cover_url(reading))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=3600"


def test_no_cover_is_404_and_pages_show_no_image(client, club):
    reading = make_reading(club)
    assert client.get(cover_url(reading)).status_code == 404
    assert "<img" not in client.get(reading.get_absolute_url()).text


def test_cover_of_a_reading_in_another_club_is_404(client, club):
    reading = with_cover(make_reading(club))
    other = ClubFactory()
    url = reverse(
        "readings:reading-cover", kwargs={"club_slug": other.slug, "reading_id": reading.pk}
    )
    assert client.get(url).status_code == 404


def test_demo_reading_gets_a_cover_the_project_draws(client):
    from django.core.management import call_command

    from readings.models import Reading

    call_command("seed_demo", stdout=io.StringIO())
    reading = Reading.objects.select_related("book", "club").get(book__title__startswith="Not")
    assert (reading.book.cover_width, reading.book.cover_height) == (600, 900)
    call_command("seed_demo", stdout=io.StringIO())
    reading.book.refresh_from_db()
    assert reading.book.cover.name.startswith("covers/")  # the same file, not a second one
    assert img_tag(reading).replace(' width="60" height="90"', ' width="600" height="900"') in (
        client.get(reading.club.get_absolute_url()).text
    )


def test_demo_cover_draws_without_any_system_font(monkeypatch):
    from PIL import ImageFont

    from bookclub.demo.cover import HEIGHT, WIDTH, draw_cover

    truetype = ImageFont.truetype

    def no_font_files(font, *args, **kwargs):
        if isinstance(font, str):  # a font looked up by name on the machine
            raise OSError("cannot open resource")
        return truetype(font, *args, **kwargs)  # the font inside Pillow

    monkeypatch.setattr(ImageFont, "truetype", no_font_files)
    image = Image.open(io.BytesIO(draw_cover("A Title", "A subtitle", "An Author")))
    assert image.size == (WIDTH, HEIGHT)
