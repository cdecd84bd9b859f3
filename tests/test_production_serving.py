"""Production serving as documented: gunicorn, hashed static files by WhiteNoise, the pool."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from tests import servers

pytestmark = pytest.mark.django_db(transaction=True)


def test_gunicorn_serves_pages_and_hashed_compressed_static_files(tmp_path):
    env = servers.production_env(tmp_path / "static", DATABASE_POOL="1")
    servers.collectstatic(env)
    with servers.gunicorn(env, workers=2) as base:
        with urllib.request.urlopen(base + "/healthz") as response:
            assert response.status == 200
        with urllib.request.urlopen(base + "/accounts/login/") as response:
            page = response.read().decode()
            assert "Content-Security-Policy" in response.headers
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, "the page links the hashed stylesheet from the manifest"
        request = urllib.request.Request(
            base + stylesheet.group(1), headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "max-age=315360000" in response.headers["Cache-Control"]


def test_gunicorn_serves_covers_through_the_club_and_nothing_under_media(tmp_path):
    from readings.models import Book, Reading
    from tests.discussions.conftest import make_reading
    from tests.factories import ClubFactory

    media = tmp_path / "media"
    (media / "covers").mkdir(parents=True)
    (media / "covers" / "prod.png").write_bytes(_png())
    private = make_reading(ClubFactory(visibility="private", join_policy="invite"))
    public = make_reading(ClubFactory(visibility="public"))
    Book.objects.filter(pk__in=[private.book_id, public.book_id]).update(cover="covers/prod.png")
    # Loaded afresh (a row loads without opening its cover, which is not in this MEDIA_ROOT).
    private, public = (
        Reading.objects.select_related("book", "club").get(pk=r.pk) for r in (private, public)
    )
    env = servers.production_env(tmp_path / "static", MEDIA_ROOT=str(media))
    servers.collectstatic(env)
    with servers.gunicorn(env) as base:
        with urllib.request.urlopen(base + public.cover_url) as response:
            assert response.headers["Content-Type"] == "image/png"
            assert response.read() == _png()
        # Outsiders: the private club's cover is as absent as a file under /media/.
        for path in (private.cover_url, "/media/covers/prod.png"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + path)
            assert refused.value.code == 404


def _png() -> bytes:
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (3, 5), (10, 20, 30)).save(picture, "PNG")
    return picture.getvalue()
