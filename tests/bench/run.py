"""`make bench`: serve a large club with gunicorn (production settings) and measure it with wrk.

Rows: one page requested over and over (as before), then realistic traffic: random thread
pages anonymous (cold, then with every page cached), as 50 signed-in readers, and with 5 %
replies; random lists, the club home and search, signed in. Each row prints requests/s,
p50/p99 latency, SQL queries per request, app and database CPU ms per request and its ratio
to the "floor" (a prebuilt response of the thread page's size through the same middleware,
measured first and last), beside the issue's targets. Then each worker's memory.
Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (16), CACHE_URL (the production
default: the database cache), DATABASE_URL (else the embedded server, database
bookclub_bench).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.wrk import Row, measure

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = 4
SQL_SAMPLE = 20  # requests per row whose queries are counted in-process
P99_OVER_P50 = 3
RSS_TARGET_MIB = 150

os.environ.update(
    DJANGO_SETTINGS_MODULE="tests.bench.settings",
    DEBUG="0",
    HTTPS="0",
    DATABASE_POOL="0",  # sync workers: one persistent connection each
    DATABASE_CONN_MAX_AGE="600",
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-secret-key-" + "x" * 40),
    ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
)
# Every request comes from 127.0.0.1: keep counting posts (its cost is real) but let the
# replies of 50 readers through one address.
os.environ.setdefault("RATE_LIMIT_POST", "1000000/60")
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


def _rows() -> list[Row]:
    from django.urls import reverse

    from bookclub.accounts.models import User
    from discussions.models import Thread
    from tests.bench import traffic
    from tests.bench.seed import CLUB_SLUG, WORDS

    rng = random.Random(11)
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
    reader = [traffic.signed_in(User.objects.get(email="bench5@bench.bookclub.test"))]
    members = traffic.members()
    thread_pages = traffic.thread_pages(rng)
    return [
        Row("floor", ["/bench-floor/"]),
        Row("thread, first page", [thread_url]),
        Row("thread, last page", [last]),
        Row("thread, first page (signed in)", [thread_url], reader),
        Row("thread, last page (signed in)", [last], reader),
        Row("theme list", [theme_url]),
        Row("search", [search_url + f"?q={rare.strip('.')}+reading"]),
        Row(f"random thread pages ({len(thread_pages)})", thread_pages, target=0.15),
        Row("  the same, every page cached", thread_pages, target=0.15, warm_all=True),
        Row(f"  signed in ({len(members)} readers)", thread_pages, members, target=0.10),
        Row(
            "  signed in, 5 % replies",
            thread_pages,
            members,
            traffic.reply_targets(rng),
            reply_share=0.05,
            target=0.08,
        ),
        Row("random theme/chapter lists (s.i.)", traffic.list_pages(), members, target=0.10),
        Row("club home (signed in)", traffic.club_home(), members, target=0.10),
        Row("search, 60 words (signed in)", traffic.searches(rng), members),
        Row("floor, again", ["/bench-floor/"]),
    ]


def _client(cookies: dict[str, str] | None):
    from django.test import Client

    client = Client()
    for name, value in (cookies or {}).items():
        client.cookies[name] = value
    return client


def _queries_and_size(row: Row, rng: random.Random) -> tuple[float, int]:
    """Mean SQL statements and bytes per request, over a sample of the row's requests made
    in this process once the first of its pages has warmed what a running server would."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _client(row.members[0] if row.members else None).get(row.paths[0])
    sample = rng.sample(row.paths, min(SQL_SAMPLE, len(row.paths)))
    if row.warm_all:  # counted as served once the row's pages are cached
        for path in sample:
            _client(None).get(path)
    queries = sizes = 0
    for path in sample:
        client = _client(rng.choice(row.members) if row.members else None)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries += len(captured)
        sizes += len(response.content)
    mean = queries / len(sample)
    if row.reply_share:
        post_queries = 0
        for reply_path, _thread_path in row.replies[:3]:
            client = _client(rng.choice(row.members))
            with CaptureQueriesContext(connection) as captured:
                response = client.post(reply_path, _reply_form())
            assert response.status_code == 302, (reply_path, response.status_code)
            post_queries += len(captured)
        mean += row.reply_share * (post_queries / 3 - mean)
    return mean, sizes // len(sample)


def _reply_form() -> dict[str, str]:
    import uuid

    return {
        "body": "A reply from the benchmark.",
        "idempotency_key": str(uuid.uuid4()),
        "reply_to": "",
        "anchor_chapter": "",
        "content_warning": "",
    }


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
    try:
        wait_until_up(base + "/healthz", timeout=180)  # four workers boot slowly on a busy machine
    except BaseException:
        _stop(server)
        raise
    return server, base


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def _print_table(rows: list[Row], results: dict, measured: dict) -> None:
    floor = (results["floor"]["rps"] + results["floor, again"]["rps"]) / 2
    from django.conf import settings

    print(
        f"\n{WORKERS} gunicorn sync workers, wrk {CONNECTIONS} connections, {SECONDS} s per row,"
        f" {os.environ.get('DISCUSSIONS_PAGE_SIZE', '20')} posts per page,"
        f" cache {settings.CACHES['default']['BACKEND'].rpartition('.')[2]};"
        f" x floor against the mean of both floor rows ({floor:.1f} req/s)\n"
    )
    columns = ("req/s", "p50 ms", "p99 ms", "SQL", "app ms", "db ms", "bytes", "x floor")
    header = (
        f"{'row':<36}"
        + "".join(f"{column:>8}" for column in columns)
        + f"  {'target':<14}p99 <= {P99_OVER_P50} x p50"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        result = results[row.name]
        queries, size = measured[row.name]
        ratio = result["rps"] / floor
        target = (
            f">= {row.target:.2f} {_verdict(ratio >= row.target)}" if row.target is not None else ""
        )
        app, database = (
            "n/a" if result[key] is None else f"{result[key]:.1f}" for key in ("app_ms", "db_ms")
        )
        print(
            f"{row.name:<36}{result['rps']:>8.1f}{result['p50']:>8.1f}{result['p99']:>8.1f}"
            f"{queries:>8.1f}{app:>8}{database:>8}{size:>8}{ratio:>8.2f}"
            f"  {target:<14}{_verdict(result['p99'] <= P99_OVER_P50 * result['p50'])}"
            + (f"  ({result['non_2xx']} non-2xx)" if result["non_2xx"] else "")
            + (f"  ({result['socket_errors']})" if result["socket_errors"] else "")
        )


def _print_memory(workers: list[int]) -> None:
    from tests.bench import meters

    sizes = [meters.rss_mib(pid) for pid in workers]
    shown = ", ".join("gone" if mib is None else f"{mib:.0f}" for mib in sizes)
    largest = max((mib for mib in sizes if mib is not None), default=0)
    print(
        f"\ngunicorn worker RSS after the run: {shown} MiB"
        f"  (target < {RSS_TARGET_MIB} MiB: {_verdict(largest < RSS_TARGET_MIB)})"
    )


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    _setup_django()
    from tests.bench import meters, seed

    if not seed.already_seeded():
        print("Seeding the benchmark club (200,000+ posts; done once)…", flush=True)
        started = time.monotonic()
        seed.seed()
        print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)

    rows = _rows()
    rng = random.Random(5)
    measured = {
        row.name: _queries_and_size(row, rng) for row in rows if row.paths[0] != "/bench-floor/"
    }
    floor_bytes = measured["thread, first page"][1]
    measured["floor"] = measured["floor, again"] = (0, floor_bytes)
    os.environ["BENCH_FLOOR_BYTES"] = str(floor_bytes)

    server, base = _start_gunicorn()
    try:
        results = {}
        for row in rows:
            print(f"  {row.name}…", flush=True)
            results[row.name] = measure(
                server.pid, base, row, seconds=SECONDS, connections=CONNECTIONS
            )
        workers = meters.children(server.pid)
        _print_table(rows, results, measured)
        _print_memory(workers)
    finally:
        _stop(server)
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
