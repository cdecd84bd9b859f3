"""`make bench`: serve a large club with gunicorn (production settings) and measure it with wrk.

Prints requests/s, p50/p99 latency, SQL queries per page and each page's ratio to the
"floor" (a prebuilt response of the thread page's size through the same middleware).
Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (16), DATABASE_URL (else the
embedded server, database bookclub_bench).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = 2

os.environ.update(
    DJANGO_SETTINGS_MODULE="tests.bench.settings",
    DEBUG="0",
    HTTPS="0",
    DATABASE_POOL="0",  # sync workers: one persistent connection each
    DATABASE_CONN_MAX_AGE="600",
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret-key-" + "x" * 40),
    ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
)
os.environ.setdefault("EMBEDDED_DATABASE_NAME", "bookclub_bench")
STATIC_ROOT = tempfile.mkdtemp(prefix="bench-static-")
os.environ["STATIC_ROOT"] = STATIC_ROOT


def _setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _pages(cookies: dict[str, str]) -> list[tuple[str, str, dict[str, str] | None]]:
    from django.urls import reverse

    from discussions.models import Thread
    from tests.bench.seed import CLUB_SLUG, WORDS

    big = Thread.objects.filter(club__slug=CLUB_SLUG).order_by("-post_count").first()
    thread_url = reverse(
        "discussions:thread-detail",
        kwargs={"club_slug": CLUB_SLUG, "thread_id": big.pk, "slug": big.slug},
    )
    theme_url = reverse(
        "discussions:thread-list-theme",
        kwargs={"club_slug": CLUB_SLUG, "reading_id": big.reading_id, "theme_slug": "labour"},
    )
    search_url = reverse("discussions:thread-search", kwargs={"club_slug": CLUB_SLUG})
    # A word from the long tail (in about 1% of posts) plus a common one.
    first_post = big.posts.order_by("number").first()
    rare = next(w for w in first_post.body_text.lower().split() if w.strip(".") not in WORDS)
    last = f"{thread_url}?page={big.page_count}"
    return [
        ("floor", "/bench-floor/", None),
        ("thread, first page", thread_url, None),
        ("thread, last page", last, None),
        ("thread, first page (signed in)", thread_url, cookies),
        ("thread, last page (signed in)", last, cookies),
        ("theme list", theme_url, None),
        ("search", search_url + f"?q={rare.strip('.')}+reading", None),
    ]


def _signed_in_cookies() -> dict[str, str]:
    """The cookies a signed-in reader's browser sends: the session's and the CSRF token's
    (set by the first page with a form)."""
    from django.test import Client
    from django.urls import reverse

    from bookclub.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="bench5@bench.bookclub.test"))
    client.get(reverse("accounts:settings"))
    return {name: client.cookies[name].value for name in ("sessionid", "csrftoken")}


def _queries_and_size(path: str, cookies: dict[str, str] | None) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for name, value in (cookies or {}).items():
        client.cookies[name] = value
    client.get(path)  # warm caches the way a running server would have them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), len(response.content)


def _database_url() -> str:
    from tests.servers import test_database_url

    return os.environ.get("DATABASE_URL") or test_database_url()


def _start_gunicorn() -> tuple[subprocess.Popen, str]:
    from tests.servers import free_port, wait_until_up

    env = {**os.environ, "DATABASE_URL": _database_url()}
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bookclub.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/healthz")
    return server, base


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(url: str, cookies: dict[str, str] | None) -> dict[str, float]:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        "--timeout",
        "10s",
        f"-d{SECONDS}s",
        "--latency",
        url,
    ]
    if cookies:
        header = "; ".join(f"{name}={value}" for name, value in cookies.items())
        command[1:1] = ["-H", f"Cookie: {header}"]
    subprocess.run([*command[:-2], "-d2s", url], capture_output=True, check=True)  # warm-up
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Latency Distribution" not in output or "99%" not in output:
        raise RuntimeError(f"wrk measured nothing at {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {
        pct: float(value) * _UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: .*", output)
    return {
        "rps": rps,
        "p50": latency["50"],
        "p99": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    _setup_django()
    from tests.bench import seed

    if not seed.already_seeded():
        print("Seeding the benchmark club (200,000+ posts; done once)…", flush=True)
        started = time.monotonic()
        seed.seed()
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)

    pages = _pages(_signed_in_cookies())
    measured = {name: _queries_and_size(path, c) for name, path, c in pages if name != "floor"}
    os.environ["BENCH_FLOOR_BYTES"] = str(measured["thread, first page"][1])

    server, base = _start_gunicorn()
    try:
        results = {name: _wrk(base + path, c) for name, path, c in pages}
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)

    floor = results["floor"]["rps"]
    print(
        f"\n{WORKERS} gunicorn sync workers, wrk {CONNECTIONS} connections, {SECONDS} s per page,"
        f" {os.environ.get('DISCUSSIONS_PAGE_SIZE', '20')} posts per page\n"
    )
    columns = ("req/s", "p50 ms", "p99 ms", "SQL", "bytes", "x floor")
    header = f"{'page':<34}" + "".join(f"{column:>9}" for column in columns)
    print(header)
    print("-" * len(header))
    for name, _path, _cookies in pages:
        result = results[name]
        queries, size = measured.get(name, (0, int(os.environ["BENCH_FLOOR_BYTES"])))
        print(
            f"{name:<34}{result['rps']:>9.1f}{result['p50']:>9.1f}{result['p99']:>9.1f}"
            f"{queries:>9}{size:>9}{result['rps'] / floor:>9.2f}"
            + (f"  ({result['non_2xx']} non-2xx)" if result["non_2xx"] else "")
            + (f"  ({result['socket_errors']})" if result["socket_errors"] else "")
        )


if __name__ == "__main__":
    main()
