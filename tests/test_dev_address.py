"""In development, links in emails lead to the address `make run` serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def site_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=clean | {"DJANGO_SETTINGS_MODULE": "bookclub.settings"} | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "1", "PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"DEBUG": "1", "HOST": "192.168.1.20", "PORT": "9000"}, "http://192.168.1.20:9000"),
        ({"DEBUG": "1", "HOST": "0.0.0.0"}, "http://127.0.0.1:8000"),
        (
            {"DEBUG": "1", "PORT": "8123", "SITE_URL": "https://books.example.org/"},
            "https://books.example.org",
        ),
        ({"DEBUG": "0", "PORT": "8123"}, "http://127.0.0.1:8000"),
    ],
)
def test_site_url_follows_the_served_address_in_development(env, expected):
    assert site_url(**env) == expected


def test_dev_server_serves_on_host_and_port_from_the_environment(monkeypatch):
    from bookclub.demo.management.commands.dev_server import Command

    monkeypatch.setenv("HOST", "127.0.0.1")
    monkeypatch.setenv("PORT", "8123")
    parser = Command().create_parser("manage.py", "dev_server")
    assert parser.parse_args([]).addrport == "127.0.0.1:8123"


def test_dev_server_says_where_emails_go_with_the_development_mailer(settings):
    from bookclub.demo.management.commands.dev_server import emails_go_to_terminal

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    assert emails_go_to_terminal()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    assert not emails_go_to_terminal()
