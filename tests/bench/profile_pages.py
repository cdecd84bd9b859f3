"""App CPU per cold thread page, in one process, without a server.

`python -m tests.bench.profile_pages [pages]` seeds a small club once (database
bookclub_profile: 100 threads of 100 posts by 50 authors), then requests random thread
pages through Django's test client, each URL once (so nothing is served warm), anonymous
and signed in, and prints the process CPU ms per page. PROFILE=1 adds a cProfile listing.
The database's own CPU is not counted: PostgreSQL runs in its own process.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import sys
import tempfile
import time

os.environ.update(
    DJANGO_SETTINGS_MODULE="tests.bench.settings",
    DEBUG="0",
    HTTPS="0",
    DATABASE_POOL="0",
    SECRET_KEY=os.environ.get("SECRET_KEY", "profile-secret-key-" + "x" * 40),
    ALLOWED_HOSTS="testserver",
    STATIC_ROOT=tempfile.mkdtemp(prefix="profile-static-"),
)
os.environ.setdefault("EMBEDDED_DATABASE_NAME", "bookclub_profile")

THREADS, POSTS, AUTHORS = 100, 100, 50


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from tests.bench import seed

    if not seed.already_seeded(posts=THREADS * POSTS):
        seed.seed(authors=AUTHORS, sizes=[POSTS] * THREADS)


def _urls(rng: random.Random, count: int) -> list[str]:
    from discussions.models import Thread
    from tests.bench.seed import CLUB_SLUG

    pages = [
        (thread, page)
        for thread in Thread.objects.filter(club__slug=CLUB_SLUG).select_related("club")
        for page in range(1, thread.page_count + 1)
    ]
    chosen = rng.sample(pages, min(count, len(pages)))
    return [f"{thread.get_absolute_url()}?page={page}" for thread, page in chosen]


def _measure(client, urls: list[str], profile: cProfile.Profile | None) -> float:
    started = time.process_time()
    for url in urls:
        if profile:
            profile.enable()
        response = client.get(url)
        if profile:
            profile.disable()
        assert response.status_code == 200, (url, response.status_code)
    return (time.process_time() - started) * 1000 / len(urls)


def main() -> None:
    _setup()
    from django.test import Client

    from bookclub.accounts.models import User

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rng = random.Random(11)
    urls = _urls(rng, 2 * count + 10)
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(User.objects.get(email="bench5@bench.bookclub.test"))
    for client in (anonymous, signed_in):  # imports, templates, connections
        for url in urls[:5]:
            client.get(url)
    profile = cProfile.Profile() if os.environ.get("PROFILE") else None
    results = {
        "anonymous": _measure(anonymous, urls[10 : 10 + count], profile),
        "signed in": _measure(signed_in, urls[10 + count :], profile),
    }
    for name, ms in results.items():
        print(f"{name:<10} {ms:6.1f} ms app CPU per cold thread page ({count} pages)")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
