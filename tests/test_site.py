"""Site-wide behaviour: health check, error pages, production settings, email privacy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from bookclub import urls as site_urls
from tests import servers

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_healthz_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_503_when_database_does_not_answer(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_unknown_url_gives_styled_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "We could not find that page" in page
    assert "css/app.css" in page


def test_server_error_gives_styled_500(settings):
    from django.urls import path

    def explode(request):
        raise RuntimeError("boom")

    class Urls:
        urlpatterns = [path("explode/", explode), *site_urls.urlpatterns]
        handler500 = site_urls.handler500

    settings.ROOT_URLCONF = Urls
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_database_outage_during_request_gives_503_page(settings):
    from django.urls import path

    def needs_database(request):
        raise OperationalError("server closed the connection unexpectedly")

    class Urls:
        urlpatterns = [path("db/", needs_database), *site_urls.urlpatterns]
        handler500 = site_urls.handler500

    settings.ROOT_URLCONF = Urls
    response = Client(raise_request_exception=False).get("/db/")
    assert response.status_code == 503
    assert "briefly unavailable" in response.content.decode()


def test_pages_send_security_headers(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_home_page_makes_no_third_party_request(client):
    page = client.get(reverse("home")).content.decode()
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page
    assert "<script" not in page or 'src="/static/' in page


def test_deploy_check_is_clean_in_production_settings():
    env = {
        **servers.without_test_only_variables(os.environ),
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "a-real-secret-for-the-deploy-check-1234567890",
        "ALLOWED_HOSTS": "books.example.org",
        "SITE_URL": "https://books.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
