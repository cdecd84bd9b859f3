"""Production serving as documented: gunicorn, hashed static files by WhiteNoise, the pool."""

from __future__ import annotations

import re
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
