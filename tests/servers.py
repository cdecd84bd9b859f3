"""Start real app servers (gunicorn, production settings) against the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """A DATABASE_URL for the database this test run uses (the test database, not the dev one)."""
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    auth = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{quote(host, safe='')}:{db['PORT'] or 5432}/{db['NAME']}"


def without_test_only_variables(environ) -> dict[str, str]:
    """The environment minus what only the browser tests need (it would fail check --deploy)."""
    return {key: value for key, value in environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(static_root: Path, **extra: str) -> dict[str, str]:
    env = {
        **without_test_only_variables(os.environ),
        "DATABASE_URL": test_database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "production-like-secret-key-for-tests-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "0",
        "STATIC_ROOT": str(static_root),
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    env.update(extra)
    return env


def collectstatic(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1):
    """Yield the base URL of a gunicorn serving bookclub.wsgi; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bookclub.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
